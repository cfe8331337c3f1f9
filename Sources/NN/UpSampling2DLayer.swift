import Tensors

/// Nearest-neighbour up-sampling by integer factors (Keras `UpSampling2D`, default size 2×2).
public final class UpSampling2DLayer: Layer, WritesOwnInputGradients {
  /// The layer's unique name in the graph.
  public let name: String
  /// `size` as (height, width) factors.
  public let size: (height: Int, width: Int)
  /// The spec's type name.
  public var typeName: String { "up_sampling2d" }
  /// Keras's class name, for summaries.
  public var className: String { "UpSampling2D" }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!

  /// Creates the layer; factors must be positive.
  public init(name: String, size: (height: Int, width: Int) = (2, 2)) {
    precondition(size.height > 0 && size.width > 0, "up_sampling2d: size must be positive")
    self.name = name
    self.size = size
  }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    let s = inputShapes[0]
    try expectRank(s, 3, "height, width, channels")
    return [s[0] * size.height, s[1] * size.width, s[2]]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    output = BatchBuffer(try outputShape(for: inputShapes), maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(inputGradient: inputShapes[0], slot: 0, maxBatchSize: maxBatchSize, context: context)
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let y = output.view(inputs[0].shape[0])
    upSampling2dForward(input: inputs[0], output: y, sizeHeight: size.height, sizeWidth: size.width)
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    let dx = inputGradient.view(outputGradient.shape[0])
    upSampling2dBackward(
      outputGradient: outputGradient, inputGradient: dx, sizeHeight: size.height, sizeWidth: size.width)
    return [dx]
  }
}
