/// The shapes of 2-D pooling over NHWC tensors: window, strides, padding and output size.
///
/// Keras's pooling layers default `strides` to `pool_size`; that default belongs to the layer,
/// here strides are explicit.
public struct Pool2DGeometry: Sendable, Hashable {
  /// The height axis (input, pool size, stride, output, padding).
  public let height: AxisGeometry
  /// The width axis.
  public let width: AxisGeometry
  /// Channels (pooling keeps them).
  public let channels: Int
  /// The padding mode the axes were resolved with.
  public let padding: Padding

  /// Resolves the geometry of pooling an `inputHeight × inputWidth × channels` image.
  public init(
    inputHeight: Int, inputWidth: Int, channels: Int, poolHeight: Int, poolWidth: Int,
    strideHeight: Int, strideWidth: Int, padding: Padding = .valid
  ) throws(GeometryError) {
    guard channels > 0 else { throw .nonPositive(what: "channels", value: channels) }
    height = try AxisGeometry(
      input: inputHeight, window: poolHeight, stride: strideHeight, padding: padding, axis: "height")
    width = try AxisGeometry(
      input: inputWidth, window: poolWidth, stride: strideWidth, padding: padding, axis: "width")
    self.channels = channels
    self.padding = padding
  }

  /// Output height.
  public var outputHeight: Int { height.output }
  /// Output width.
  public var outputWidth: Int { width.output }

  /// `[batch, H, W, C]`.
  public func inputShape(batch: Int) -> Shape { [batch, height.input, width.input, channels] }
  /// `[batch, H_out, W_out, C]`.
  public func outputShape(batch: Int) -> Shape { [batch, height.output, width.output, channels] }
}
