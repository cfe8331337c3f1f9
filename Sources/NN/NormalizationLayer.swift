#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Tensors

/// Configuration of a `batch_normalization` layer, with Keras 3's defaults.
public struct BatchNormalizationConfig: Sendable, Equatable {
  /// Weight of the old value in the moving averages (default 0.99).
  public var momentum: Float
  /// Added to the variance (default 1e-3).
  public var epsilon: Float
  /// Whether to add the learned offset `beta` (default true).
  public var center: Bool
  /// Whether to multiply by the learned scale `gamma` (default true).
  public var scale: Bool

  /// Creates a configuration; `momentum` in [0, 1], `epsilon` > 0.
  public init(momentum: Float = 0.99, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true) {
    precondition(momentum >= 0 && momentum <= 1, "batch_normalization: momentum must be in [0, 1]")
    precondition(epsilon > 0, "batch_normalization: epsilon must be positive")
    self.momentum = momentum
    self.epsilon = epsilon
    self.center = center
    self.scale = scale
  }
}

/// Batch normalization over the last (channel) axis, as Keras 3's `BatchNormalization`.
///
/// Training: normalise with the batch mean and the **biased** batch variance (reduction over every
/// axis but the last), then `moving = moving · momentum + batch · (1 − momentum)` for both the mean
/// and the variance — Keras 3 feeds the same biased variance to the moving average
/// (`keras/src/layers/normalization/batch_normalization.py`, `ops.moments`). Inference: normalise
/// with the moving statistics. `y = gamma · (x − mean) / √(var + epsilon) + beta`.
public final class BatchNormalizationLayer: Layer, WritesOwnInputGradients {
  /// The layer's unique name in the graph.
  public let name: String
  /// The layer's configuration.
  public let config: BatchNormalizationConfig
  /// The spec's type name.
  public var typeName: String { "batch_normalization" }
  /// Keras's class name, for summaries.
  public var className: String { "BatchNormalization" }
  /// Parameters in Keras order; empty before `build`.
  public private(set) var parameters: [Parameter] = []
  private var gamma: Parameter?
  private var beta: Parameter?
  private var movingMean: Parameter!
  private var movingVariance: Parameter!
  private var normalized: BatchBuffer!
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  private var mean: [Float] = []
  private var inverseStd: [Float] = []
  private var sum1: [Double] = []
  private var sum2: [Double] = []
  private var lastWasTraining = false
  private var lastBatch = 0

  /// Creates an unbuilt layer.
  public init(name: String, config: BatchNormalizationConfig = BatchNormalizationConfig()) {
    self.name = name
    self.config = config
  }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    if inputShapes[0].rank == 0 || inputShapes[0].count == 0 {
      throw shapeError("expected an input with a channel axis, got \(inputShapes[0])")
    }
    return inputShapes[0]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let shape = try outputShape(for: inputShapes)
    let c = shape[shape.rank - 1]
    func make(_ suffix: String, _ initial: Float, trainable: Bool) -> Parameter {
      Parameter(
        name: "\(name)/\(suffix)", value: Tensor(repeating: initial, shape: [c]), trainable: trainable,
        withGradient: !context.forInference)
    }
    gamma = config.scale ? make("gamma", 1, trainable: true) : nil
    beta = config.center ? make("beta", 0, trainable: true) : nil
    movingMean = make("moving_mean", 0, trainable: false)
    movingVariance = make("moving_variance", 1, trainable: false)
    parameters = [gamma, beta].compactMap { $0 } + [movingMean, movingVariance]
    normalized = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    output = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(inputGradient: inputShapes[0], slot: 0, maxBatchSize: maxBatchSize, context: context)
    mean = Array(repeating: 0, count: c)
    inverseStd = Array(repeating: 0, count: c)
    sum1 = Array(repeating: 0, count: c)
    sum2 = Array(repeating: 0, count: c)
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    let batch = x.shape[0]
    let c = mean.count
    let rows = x.count / c
    lastWasTraining = training
    lastBatch = batch
    let xb = x.buffer
    if training {
      // Two passes in Double: the mean, then the biased variance about it.
      for j in 0..<c { sum1[j] = 0; sum2[j] = 0 }
      for r in 0..<rows {
        let o = r * c
        for j in 0..<c { sum1[j] += Double(xb[o + j]) }
      }
      for j in 0..<c { sum1[j] /= Double(rows) }
      for r in 0..<rows {
        let o = r * c
        for j in 0..<c {
          let d = Double(xb[o + j]) - sum1[j]
          sum2[j] += d * d
        }
      }
      let mm = movingMean.value.buffer
      let mv = movingVariance.value.buffer
      let m = config.momentum
      for j in 0..<c {
        let variance = Float(sum2[j] / Double(rows))
        mean[j] = Float(sum1[j])
        inverseStd[j] = 1 / sqrtf(variance + config.epsilon)
        mm[j] = mm[j] * m + mean[j] * (1 - m)
        mv[j] = mv[j] * m + variance * (1 - m)
      }
    } else {
      let mm = movingMean.value.buffer
      let mv = movingVariance.value.buffer
      for j in 0..<c {
        mean[j] = mm[j]
        inverseStd[j] = 1 / sqrtf(mv[j] + config.epsilon)
      }
    }
    let xhat = normalized.view(batch).buffer
    let y = output.view(batch)
    let yb = y.buffer
    let g = gamma?.value.buffer
    let b = beta?.value.buffer
    for r in 0..<rows {
      let o = r * c
      for j in 0..<c {
        let h = (xb[o + j] - mean[j]) * inverseStd[j]
        xhat[o + j] = h
        yb[o + j] = (g?[j] ?? 1) * h + (b?[j] ?? 0)
      }
    }
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    let batch = lastBatch
    precondition(outputGradient.shape[0] == batch)
    let c = mean.count
    let rows = outputGradient.count / c
    let dy = outputGradient.buffer
    let xhat = normalized.view(batch).buffer
    // sum1 = Σ dy, sum2 = Σ dy · x̂ per channel.
    for j in 0..<c { sum1[j] = 0; sum2[j] = 0 }
    for r in 0..<rows {
      let o = r * c
      for j in 0..<c {
        sum1[j] += Double(dy[o + j])
        sum2[j] += Double(dy[o + j]) * Double(xhat[o + j])
      }
    }
    if let beta { for j in 0..<c { beta.gradient.buffer[j] += Float(sum1[j]) } }
    if let gamma { for j in 0..<c { gamma.gradient.buffer[j] += Float(sum2[j]) } }
    let g = gamma?.value.buffer
    let dx = inputGradient.view(batch)
    let d = dx.buffer
    if lastWasTraining {
      let n = Float(rows)
      for r in 0..<rows {
        let o = r * c
        for j in 0..<c {
          let k = (g?[j] ?? 1) * inverseStd[j] / n
          d[o + j] = k * (n * dy[o + j] - Float(sum1[j]) - xhat[o + j] * Float(sum2[j]))
        }
      }
    } else {
      for r in 0..<rows {
        let o = r * c
        for j in 0..<c { d[o + j] = dy[o + j] * (g?[j] ?? 1) * inverseStd[j] }
      }
    }
    return [dx]
  }

  /// Parameter element counts for these input shapes, without building.
  public func parameterCount(inputShapes: [Shape]) -> (trainable: Int, nonTrainable: Int) {
    let c = inputShapes.first?.dims.last ?? 0
    return (c * ((config.scale ? 1 : 0) + (config.center ? 1 : 0)), 2 * c)
  }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int { 2 * (inputShapes.first?.count ?? 0) }
}
