#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Tensors

/// Configuration of a `layer_normalization` layer, with Keras 3's defaults (axis −1 only).
public struct LayerNormalizationConfig: Sendable, Equatable {
  /// Added to the variance (default 1e-3).
  public var epsilon: Float
  /// Whether to add the learned offset `beta` (default true).
  public var center: Bool
  /// Whether to multiply by the learned scale `gamma` (default true).
  public var scale: Bool
  /// Initializer of `beta` (default zeros).
  public var betaInitializer: Initializer
  /// Initializer of `gamma` (default ones).
  public var gammaInitializer: Initializer

  /// Creates a configuration; `epsilon` > 0.
  public init(
    epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true, betaInitializer: Initializer = .zeros,
    gammaInitializer: Initializer = .ones
  ) {
    precondition(epsilon > 0, "layer_normalization: epsilon must be positive")
    self.epsilon = epsilon
    self.center = center
    self.scale = scale
    self.betaInitializer = betaInitializer
    self.gammaInitializer = gammaInitializer
  }
}

/// Normalization of each example over its last axis (Keras 3's `LayerNormalization`, `axis=-1`):
/// `y = gamma · (x − mean) / √(var + epsilon) + beta` with the biased variance of the row; the same
/// in training and inference. `gamma` and `beta` have the size of the last axis.
public final class LayerNormalizationLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// The layer's configuration.
  public let config: LayerNormalizationConfig
  /// The spec's type name.
  public var typeName: String { "layer_normalization" }
  /// Keras's class name, for summaries.
  public var className: String { "LayerNormalization" }
  /// Parameters in Keras order (gamma, beta); empty before `build`.
  public private(set) var parameters: [Parameter] = []
  private var gamma: Parameter?
  private var beta: Parameter?
  private var normalized: BatchBuffer!
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  /// 1 / √(var + ε) per row of the last forward, for every row of the largest batch.
  private var inverseStd: UnsafeMutableBufferPointer<Float> = .init(start: nil, count: 0)
  private var features = 0

  /// Creates an unbuilt layer.
  public init(name: String, config: LayerNormalizationConfig = LayerNormalizationConfig()) {
    self.name = name
    self.config = config
  }

  deinit { inverseStd.deallocate() }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    if inputShapes[0].rank == 0 || inputShapes[0].count == 0 {
      throw shapeError("expected an input with a feature axis, got \(inputShapes[0])")
    }
    return inputShapes[0]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let shape = try outputShape(for: inputShapes)
    features = shape[shape.rank - 1]
    func make(_ suffix: String, _ initializer: Initializer) -> Parameter {
      let p = context.makeParameter("\(name)/\(suffix)", shape: [features], initializer: initializer)
      return p
    }
    gamma = config.scale ? make("gamma", config.gammaInitializer) : nil
    beta = config.center ? make("beta", config.betaInitializer) : nil
    parameters = [gamma, beta].compactMap { $0 }
    normalized = BatchBuffer(backwardOnly: shape, maxBatchSize: maxBatchSize, context: context)
    output = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(backwardOnly: shape, maxBatchSize: maxBatchSize, context: context)
    inverseStd.deallocate()
    inverseStd = .allocate(capacity: maxBatchSize * (shape.count / features))
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    let batch = x.shape[0]
    let c = features
    let rows = x.count / c
    let y = output.view(batch)
    let xb = UnsafePointer(x.buffer.baseAddress!), yb = y.buffer.baseAddress!
    // Without gradient buffers (inference) x̂ is not kept.
    let keep = normalized.full.count > 0
    let xhat = keep ? normalized.view(batch).buffer.baseAddress : nil
    let inv = inverseStd.baseAddress!
    let g = gamma.map { UnsafePointer($0.value.buffer.baseAddress!) }
    let b = beta.map { UnsafePointer($0.value.buffer.baseAddress!) }
    let epsilon = config.epsilon
    parallelFor(rows, workPerItem: 4 * c) { range in
      for r in range {
        let o = r * c
        // Two passes in Double: the mean, then the biased variance about it.
        var sum = 0.0
        for j in 0..<c { sum += Double(xb[o + j]) }
        let mean = sum / Double(c)
        var squares = 0.0
        for j in 0..<c {
          let d = Double(xb[o + j]) - mean
          squares += d * d
        }
        let s = Float(1 / (squares / Double(c) + Double(epsilon)).squareRoot())
        inv[r] = s
        let m = Float(mean)
        for j in 0..<c {
          let h = (xb[o + j] - m) * s
          xhat?[o + j] = h
          yb[o + j] = (g?[j] ?? 1) * h + (b?[j] ?? 0)
        }
      }
    }
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    let batch = outputGradient.shape[0]
    let c = features
    let rows = outputGradient.count / c
    let dy = UnsafePointer(outputGradient.buffer.baseAddress!)
    let xhat = UnsafePointer(normalized.view(batch).buffer.baseAddress!)
    if let beta {
      let d = beta.gradient.buffer
      for r in 0..<rows { for j in 0..<c { d[j] += dy[r * c + j] } }
    }
    if let gamma {
      let d = gamma.gradient.buffer
      for r in 0..<rows { for j in 0..<c { d[j] += dy[r * c + j] * xhat[r * c + j] } }
    }
    let dx = inputGradient.view(batch)
    let d = dx.buffer.baseAddress!
    let inv = UnsafePointer(inverseStd.baseAddress!)
    let g = gamma.map { UnsafePointer($0.value.buffer.baseAddress!) }
    parallelFor(rows, workPerItem: 4 * c) { range in
      for r in range {
        let o = r * c
        // With dx̂ = dy · gamma: dx = inv / n · (n dx̂ − Σ dx̂ − x̂ Σ dx̂ x̂).
        var s1 = 0.0, s2 = 0.0
        for j in 0..<c {
          let dh = Double(dy[o + j] * (g?[j] ?? 1))
          s1 += dh
          s2 += dh * Double(xhat[o + j])
        }
        let n = Float(c)
        let k = inv[r] / n
        let m1 = Float(s1), m2 = Float(s2)
        for j in 0..<c {
          d[o + j] = k * (n * dy[o + j] * (g?[j] ?? 1) - m1 - xhat[o + j] * m2)
        }
      }
    }
    return [dx]
  }

  /// Parameter element counts for these input shapes, without building.
  public func parameterCount(inputShapes: [Shape]) -> (trainable: Int, nonTrainable: Int) {
    let c = inputShapes.first?.dims.last ?? 0
    return (c * ((config.scale ? 1 : 0) + (config.center ? 1 : 0)), 0)
  }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int { 5 * (inputShapes.first?.count ?? 0) }
}
