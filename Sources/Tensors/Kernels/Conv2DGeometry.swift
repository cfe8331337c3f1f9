/// The shapes of a 2-D convolution: NHWC input, HWIO kernel (`[kh, kw, in, out]`), NHWC output.
///
/// Built once by a layer from its configuration and input shape; construction throws a
/// `GeometryError` for impossible sizes so that user input never reaches a kernel precondition.
public struct Conv2DGeometry: Sendable, Hashable {
  /// The height axis (input, kernel, stride, output, padding).
  public let height: AxisGeometry
  /// The width axis.
  public let width: AxisGeometry
  /// Input channels.
  public let inputChannels: Int
  /// Output channels (Keras's `filters`).
  public let outputChannels: Int
  /// The padding mode the axes were resolved with.
  public let padding: Padding

  /// Resolves the geometry of a convolution of a `inputHeight × inputWidth × inputChannels` image.
  public init(
    inputHeight: Int, inputWidth: Int, inputChannels: Int, outputChannels: Int,
    kernelHeight: Int, kernelWidth: Int, strideHeight: Int = 1, strideWidth: Int = 1,
    padding: Padding = .valid
  ) throws(GeometryError) {
    guard inputChannels > 0 else { throw .nonPositive(what: "input channels", value: inputChannels) }
    guard outputChannels > 0 else { throw .nonPositive(what: "filters", value: outputChannels) }
    height = try AxisGeometry(
      input: inputHeight, window: kernelHeight, stride: strideHeight, padding: padding, axis: "height")
    width = try AxisGeometry(
      input: inputWidth, window: kernelWidth, stride: strideWidth, padding: padding, axis: "width")
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.padding = padding
    let limit = Shape.maxElements
    guard let kernel = Shape([kernelHeight, kernelWidth, inputChannels, outputChannels]).checkedCount,
      kernel <= limit
    else { throw .tooLarge(what: "the kernel (\(kernelHeight)×\(kernelWidth)×\(inputChannels)×\(outputChannels))", limit: limit) }
  }

  /// Output height.
  public var outputHeight: Int { height.output }
  /// Output width.
  public var outputWidth: Int { width.output }
  /// Kernel height.
  public var kernelHeight: Int { height.window }
  /// Kernel width.
  public var kernelWidth: Int { width.window }
  /// Length of one im2col row: `kh * kw * inputChannels`.
  public var patchSize: Int { height.window * width.window * inputChannels }
  /// True when the convolution is a plain matrix product (1×1 kernel, stride 1, no padding).
  public var isPointwise: Bool {
    height.window == 1 && width.window == 1 && height.stride == 1 && width.stride == 1
  }

  /// `[batch, H, W, C_in]`.
  public func inputShape(batch: Int) -> Shape {
    [batch, height.input, width.input, inputChannels]
  }
  /// `[batch, H_out, W_out, C_out]`.
  public func outputShape(batch: Int) -> Shape {
    [batch, height.output, width.output, outputChannels]
  }
  /// `[kh, kw, C_in, C_out]` (HWIO, Keras's layout).
  public var kernelShape: Shape {
    [height.window, width.window, inputChannels, outputChannels]
  }
  /// `[C_out]`.
  public var biasShape: Shape { [outputChannels] }
}
