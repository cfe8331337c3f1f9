import Tensors

/// Dropout of whole channels (Keras `SpatialDropout2D`, channels last): in training, each channel of
/// each example is kept with probability 1 − rate and scaled by 1 / (1 − rate); at inference it is
/// the identity. The mask comes from the stream `dropout/<layer name>/step-<n>`, as `DropoutLayer`'s.
public final class SpatialDropout2DLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// Fraction of the channels to drop, in [0, 1).
  public let rate: Float
  /// The spec's type name.
  public var typeName: String { "spatial_dropout2d" }
  /// Keras's class name, for summaries.
  public var className: String { "SpatialDropout2D" }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  /// The scale (0 or 1 / (1 − rate)) of each (example, channel) of the last training forward.
  private var mask: UnsafeMutableBufferPointer<Float> = .init(start: nil, count: 0)
  private var channels = 0
  private var lastWasTraining = false

  /// Creates the layer; `rate` must be in [0, 1).
  public init(name: String, rate: Float) {
    precondition(rate >= 0 && rate < 1, "spatial_dropout2d: rate must be in [0, 1), got \(rate)")
    self.name = name
    self.rate = rate
  }

  deinit { mask.deallocate() }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    try expectRank(inputShapes[0], 3, "height, width, channels")
    return inputShapes[0]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let shape = try outputShape(for: inputShapes)
    channels = shape[2]
    output = BatchBuffer(backwardOnly: shape, maxBatchSize: maxBatchSize, context: context)
    inputGradient = BatchBuffer(backwardOnly: shape, maxBatchSize: maxBatchSize, context: context)
    mask.deallocate()
    mask = .allocate(capacity: context.forInference ? 0 : maxBatchSize * channels)
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastWasTraining = training && rate > 0
    guard lastWasTraining else { return x }
    let batch = x.shape[0], c = channels
    var stream = RandomStream(seed: context.seed, name: "dropout/\(name)/step-\(context.step)")
    let scale = 1 / (1 - rate)
    for i in 0..<(batch * c) { mask[i] = stream.nextUniform() >= rate ? scale : 0 }
    let y = output.view(batch)
    apply(x, into: y)
    return y
  }

  /// `out = in · mask` broadcast over height and width.
  private func apply(_ x: Tensor, into y: Tensor) {
    let batch = x.shape[0], c = channels
    let pixels = x.count / (batch * c)
    let xb = UnsafePointer(x.buffer.baseAddress!), yb = y.buffer.baseAddress!
    let m = UnsafePointer(mask.baseAddress!)
    parallelFor(batch, workPerItem: pixels * c) { range in
      for n in range {
        for p in 0..<pixels {
          let o = (n * pixels + p) * c
          for j in 0..<c { yb[o + j] = xb[o + j] * m[n * c + j] }
        }
      }
    }
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    guard lastWasTraining else { return [outputGradient] }
    let dx = inputGradient.view(outputGradient.shape[0])
    apply(outputGradient, into: dx)
    return [dx]
  }
}
