/// The shapes of a 2-D convolution: NHWC input, HWIO kernel (`[kh, kw, in / groups, out]`), NHWC output.
///
/// With `groups` g the input channels are split into g consecutive blocks and so are the outputs;
/// output block j sees only input block j (Keras's `groups`). Dilation lives in the axes.
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
  /// The padding mode the axes were resolved with (`valid` for explicitly padded axes).
  public let padding: Padding
  /// Channel groups (1 for an ordinary convolution); divides both channel counts.
  /// A `var` with a default so that initializers that do not set it mean 1.
  public private(set) var groups = 1

  /// Resolves the geometry of a convolution of a `inputHeight × inputWidth × inputChannels` image.
  public init(
    inputHeight: Int, inputWidth: Int, inputChannels: Int, outputChannels: Int,
    kernelHeight: Int, kernelWidth: Int, strideHeight: Int = 1, strideWidth: Int = 1,
    dilationHeight: Int = 1, dilationWidth: Int = 1, groups: Int = 1, padding: Padding = .valid
  ) throws(GeometryError) {
    // Channel errors first, as before dilation and groups existed.
    guard inputChannels > 0 else { throw .nonPositive(what: "input channels", value: inputChannels) }
    guard outputChannels > 0 else { throw .nonPositive(what: "filters", value: outputChannels) }
    let height = try AxisGeometry(
      input: inputHeight, window: kernelHeight, stride: strideHeight, dilation: dilationHeight,
      padding: padding,
      axis: "height")
    let width = try AxisGeometry(
      input: inputWidth, window: kernelWidth, stride: strideWidth, dilation: dilationWidth, padding: padding,
      axis: "width")
    try self.init(
      height: height, width: width, inputChannels: inputChannels, outputChannels: outputChannels,
      groups: groups,
      padding: padding)
  }

  /// A geometry over already resolved axes (e.g. `AxisGeometry.causal` for Conv1D).
  public init(
    height: AxisGeometry, width: AxisGeometry, inputChannels: Int, outputChannels: Int, groups: Int = 1,
    padding: Padding = .valid
  ) throws(GeometryError) {
    guard inputChannels > 0 else { throw .nonPositive(what: "input channels", value: inputChannels) }
    guard outputChannels > 0 else { throw .nonPositive(what: "filters", value: outputChannels) }
    guard groups > 0 else { throw .nonPositive(what: "groups", value: groups) }
    guard inputChannels % groups == 0 && outputChannels % groups == 0 else {
      throw .notDivisibleByGroups(
        inputChannels: inputChannels, outputChannels: outputChannels, groups: groups)
    }
    self.height = height
    self.width = width
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.padding = padding
    self.groups = groups
    let limit = Shape.maxElements
    let (kh, kw, ci) = (height.window, width.window, inputChannels / groups)
    guard let kernel = Shape([kh, kw, ci, outputChannels]).checkedCount, kernel <= limit
    else { throw .tooLarge(what: "the kernel (\(kh)×\(kw)×\(ci)×\(outputChannels))", limit: limit) }
  }

  /// Output height.
  public var outputHeight: Int { height.output }
  /// Output width.
  public var outputWidth: Int { width.output }
  /// Kernel height.
  public var kernelHeight: Int { height.window }
  /// Kernel width.
  public var kernelWidth: Int { width.window }
  /// Input channels of one group.
  public var groupInputChannels: Int { inputChannels / groups }
  /// Output channels of one group.
  public var groupOutputChannels: Int { outputChannels / groups }
  /// Length of one im2col row (of one group): `kh * kw * inputChannels / groups`.
  public var patchSize: Int { height.window * width.window * groupInputChannels }
  /// True when the convolution is a plain matrix product (1×1 kernel, stride 1, no padding, one group).
  public var isPointwise: Bool {
    height.window == 1 && width.window == 1 && height.stride == 1 && width.stride == 1 && groups == 1
  }
  /// True when taps are not contiguous (a dilation above 1 on an axis with more than one tap).
  public var isDilated: Bool {
    (height.dilation > 1 && height.window > 1) || (width.dilation > 1 && width.window > 1)
  }

  /// `[batch, H, W, C_in]`.
  public func inputShape(batch: Int) -> Shape {
    [batch, height.input, width.input, inputChannels]
  }
  /// `[batch, H_out, W_out, C_out]`.
  public func outputShape(batch: Int) -> Shape {
    [batch, height.output, width.output, outputChannels]
  }
  /// `[kh, kw, C_in / groups, C_out]` (HWIO, Keras's layout).
  public var kernelShape: Shape {
    [height.window, width.window, groupInputChannels, outputChannels]
  }
  /// `[C_out]`.
  public var biasShape: Shape { [outputChannels] }
}
