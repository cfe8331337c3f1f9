/// The shapes of a 2-D transposed convolution (Keras `Conv2DTranspose`): NHWC input
/// `[N, H, W, C_in]`, kernel `[kh, kw, filters, C_in]`, NHWC output `[N, H_out, W_out, filters]`.
///
/// A transposed convolution is the input-gradient pass of an ordinary convolution whose *input*
/// is the transposed convolution's output image and whose *output* is its input image, with the
/// same kernel. `height` and `width` describe that convolution: `input` is the output length
/// `H_out`, `output` is the input length `H`, and the pads are TensorFlow's `conv2d_transpose`
/// pads (`pad_total = max((H - 1)·s + k - H_out, 0)`, `pad_before = pad_total / 2`); `padAfter` is
/// negative where `output_padding` adds rows that no window reaches.
public struct Conv2DTransposeGeometry: Sendable, Hashable {
  /// The height axis of the equivalent convolution (`input` = output height, `output` = input height).
  public let height: AxisGeometry
  /// The width axis of the equivalent convolution.
  public let width: AxisGeometry
  /// Input channels of the transposed convolution.
  public let inputChannels: Int
  /// Output channels (Keras's `filters`).
  public let filters: Int
  /// The equivalent convolution (input: this layer's output image, output: its input image), whose
  /// im2col and col2im the transposed convolution runs.
  public let convolution: Conv2DGeometry

  /// Resolves the geometry for an `inputHeight × inputWidth × inputChannels` image; `outputPadding`
  /// nil is Keras's `output_padding=None`. Output lengths are Keras's `deconv_output_length`.
  public init(
    inputHeight: Int, inputWidth: Int, inputChannels: Int, filters: Int,
    kernelHeight: Int, kernelWidth: Int, strideHeight: Int = 1, strideWidth: Int = 1,
    padding: Padding = .valid, outputPadding: (height: Int, width: Int)? = nil
  ) throws(GeometryError) {
    guard inputChannels > 0 else { throw .nonPositive(what: "input channels", value: inputChannels) }
    guard filters > 0 else { throw .nonPositive(what: "filters", value: filters) }
    height = try Self.axis(
      input: inputHeight, window: kernelHeight, stride: strideHeight, padding: padding,
      outputPadding: outputPadding?.height, name: "height")
    width = try Self.axis(
      input: inputWidth, window: kernelWidth, stride: strideWidth, padding: padding,
      outputPadding: outputPadding?.width, name: "width")
    self.inputChannels = inputChannels
    self.filters = filters
    let limit = Shape.maxElements
    guard let kernel = Shape([kernelHeight, kernelWidth, filters, inputChannels]).checkedCount,
      kernel <= limit
    else {
      throw .tooLarge(
        what: "the kernel (\(kernelHeight)×\(kernelWidth)×\(filters)×\(inputChannels))", limit: limit)
    }
    guard let output = Shape([height.input, width.input, filters]).checkedCount, output <= limit else {
      throw .tooLarge(what: "the output (\(height.input)×\(width.input)×\(filters))", limit: limit)
    }
    convolution = try Conv2DGeometry(
      height: height, width: width, inputChannels: filters, outputChannels: inputChannels)
  }

  /// Keras's output length (`deconv_output_length`) and TensorFlow's pads for one axis.
  private static func axis(
    input: Int, window k: Int, stride s: Int, padding: Padding, outputPadding p: Int?, name: String
  ) throws(GeometryError) -> AxisGeometry {
    guard input > 0 else { throw .nonPositive(what: "input \(name)", value: input) }
    guard k > 0 else { throw .nonPositive(what: "window \(name)", value: k) }
    guard s > 0 else { throw .nonPositive(what: "stride along \(name)", value: s) }
    precondition(p == nil || (p! >= 0 && p! < s), "output_padding \(p!) must be in 0 ..< stride \(s)")
    // Sizes are bounded by Shape.maxElements checks before any product could overflow.
    guard input <= Shape.maxElements / s, k <= Shape.maxElements else {
      throw .tooLarge(what: "the output \(name)", limit: Shape.maxElements)
    }
    let out: Int
    switch (padding, p) {
    case (.valid, nil): out = input * s + max(k - s, 0)
    case (.same, nil): out = input * s
    case (.valid, let p?): out = (input - 1) * s + k + p
    case (.same, let p?): out = (input - 1) * s + k - 2 * (k / 2) + p
    }
    guard out > 0 else { throw .nonPositive(what: "output \(name)", value: out) }
    let covered = (input - 1) * s + k  // one past the last output row a window reaches, unpadded
    let before = max(covered - out, 0) / 2
    return try AxisGeometry(
      input: out, window: k, stride: s, padBefore: before, padAfter: covered - out - before, axis: name)
  }

  /// Output height `H_out`.
  public var outputHeight: Int { height.input }
  /// Output width `W_out`.
  public var outputWidth: Int { width.input }
  /// Kernel height.
  public var kernelHeight: Int { height.window }
  /// Kernel width.
  public var kernelWidth: Int { width.window }
  /// Length of one column row (a window of the output image): `kh * kw * filters`.
  public var patchSize: Int { height.window * width.window * filters }

  /// `[batch, H, W, C_in]`.
  public func inputShape(batch: Int) -> Shape { [batch, height.output, width.output, inputChannels] }
  /// `[batch, H_out, W_out, filters]`.
  public func outputShape(batch: Int) -> Shape { [batch, height.input, width.input, filters] }
  /// `[kh, kw, filters, C_in]` (Keras's transposed-convolution layout).
  public var kernelShape: Shape { [height.window, width.window, filters, inputChannels] }
  /// `[filters]`.
  public var biasShape: Shape { [filters] }
}
