import Tensors

/// Inverted dropout (Keras `Dropout`): in training, each element is kept with probability
/// 1 − rate and scaled by 1 / (1 − rate); at inference it is the identity.
///
/// The mask is drawn from the stream `dropout/<layer name>/step-<n>` (n = the graph's training
/// step), so a run is reproducible and independent of other layers.
public final class DropoutLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// Fraction of the inputs to drop, in [0, 1).
  public let rate: Float
  /// The spec's type name.
  public var typeName: String { "dropout" }
  /// Keras's class name, for summaries.
  public var className: String { "Dropout" }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var mask: BatchBuffer!
  private var inputGradient: BatchBuffer!
  private var lastWasTraining = false

  /// Creates the layer; `rate` must be in [0, 1).
  public init(name: String, rate: Float) {
    precondition(rate >= 0 && rate < 1, "dropout: rate must be in [0, 1), got \(rate)")
    self.name = name
    self.rate = rate
  }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    return inputShapes[0]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let shape = try outputShape(for: inputShapes)
    output = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    mask = BatchBuffer(backwardOnly: shape, maxBatchSize: maxBatchSize, context: context)
    inputGradient = BatchBuffer(backwardOnly: shape, maxBatchSize: maxBatchSize, context: context)
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastWasTraining = training && rate > 0
    guard lastWasTraining else { return x }
    let batch = x.shape[0]
    let y = output.view(batch)
    let m = mask.view(batch).buffer
    var stream = RandomStream(seed: context.seed, name: "dropout/\(name)/step-\(context.step)")
    let scale = 1 / (1 - rate)
    let xb = x.buffer
    let yb = y.buffer
    for i in 0..<x.count {
      let keep: Float = stream.nextUniform() >= rate ? scale : 0
      m[i] = keep
      yb[i] = xb[i] * keep
    }
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    guard lastWasTraining else { return [outputGradient] }
    let batch = outputGradient.shape[0]
    let dx = inputGradient.view(batch)
    let m = mask.view(batch).buffer
    let dy = outputGradient.buffer
    let d = dx.buffer
    for i in 0..<d.count { d[i] = dy[i] * m[i] }
    return [dx]
  }
}
