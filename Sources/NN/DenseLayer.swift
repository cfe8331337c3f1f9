import Tensors

/// Configuration of a `dense` layer, with Keras 3's defaults.
public struct DenseConfig: Sendable, Equatable {
  /// Output features (`units`, > 0).
  public var units: Int
  /// Applied to the output; `linear` (Keras's `None`) by default.
  public var activation: Activation
  /// Whether to add a bias (`use_bias`, default true).
  public var useBias: Bool
  /// `kernel_initializer` (default `glorot_uniform`).
  public var kernelInitializer: Initializer
  /// `bias_initializer` (default `zeros`).
  public var biasInitializer: Initializer
  /// `kernel_regularizer` (default none).
  public var kernelRegularizer: Regularizer?

  /// Creates a configuration; `units` must be positive.
  public init(
    units: Int, activation: Activation = .linear, useBias: Bool = true,
    kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
    kernelRegularizer: Regularizer? = nil
  ) {
    precondition(units > 0, "dense: units must be positive, got \(units)")
    self.units = units
    self.activation = activation
    self.useBias = useBias
    self.kernelInitializer = kernelInitializer
    self.biasInitializer = biasInitializer
    self.kernelRegularizer = kernelRegularizer
  }
}

/// A fully connected layer: `y = activation(x · kernel + bias)`, kernel (in, units), on `sgemm`.
public final class DenseLayer: ActivatedLayer, WritesOwnInputGradients {
  /// The layer's unique name in the graph.
  public let name: String
  /// The layer's configuration.
  public let config: DenseConfig
  /// The spec's type name.
  public var typeName: String { "dense" }
  /// Keras's class name, for summaries.
  public var className: String { "Dense" }
  /// Parameters in Keras order; empty before `build`.
  public private(set) var parameters: [Parameter] = []
  private var weights: KernelWeights?
  private var kernel: Parameter { weights!.kernel }
  private var bias: Parameter? { weights?.bias }
  private var act: FusedActivation!
  private var inputGradient: BatchBuffer!
  private var lastInput: Tensor?
  /// Whether the pre-activation is kept apart from the output; set before `build`.
  public var keepsPreactivation = false
  /// The activation at the end of the layer.
  public var outputActivation: Activation { config.activation }
  /// The last forward's values before the activation.
  public var preactivation: Tensor { act.preactivation(lastInput?.shape[0] ?? 0) }

  /// Creates an unbuilt layer.
  public init(name: String, config: DenseConfig) {
    self.name = name
    self.config = config
  }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    try expectRank(
      inputShapes[0], 1, "features", hint: inputShapes[0].rank > 1 ? "; add a flatten layer" : "")
    return [config.units]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let out = try outputShape(for: inputShapes)
    let features = inputShapes[0][0]
    let w = KernelWeights(
      layer: name, kernelShape: [features, config.units], kernelInitializer: config.kernelInitializer,
      regularizer: config.kernelRegularizer,
      biasShape: config.useBias ? [config.units] : nil, biasInitializer: config.biasInitializer,
      context: context)
    weights = w
    parameters = w.parameters
    act = FusedActivation(
      config.activation, shape: out, maxBatchSize: maxBatchSize, keepPreactivation: keepsPreactivation)
    inputGradient = BatchBuffer(inputGradient: inputShapes[0], slot: 0, maxBatchSize: maxBatchSize, context: context)
  }

  /// The kernel with its regularizer, if one is configured.
  public var regularizedParameters: [(Parameter, Regularizer)] { weights?.regularized ?? [] }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    let batch = x.shape[0]
    let inFeatures = kernel.shape[0]
    let units = config.units
    precondition(x.count == batch * inFeatures, "dense '\(name)': input \(x.shape)")
    lastInput = x
    let z = act.preactivation(batch)
    sgemm(
      m: batch, n: units, k: inFeatures, a: x.buffer.baseAddress!, lda: inFeatures,
      b: kernel.value.buffer.baseAddress!, ldb: units, c: z.buffer.baseAddress!, ldc: units)
    if let bias {
      let zb = z.buffer
      let bb = bias.value.buffer
      for r in 0..<batch {
        let o = r * units
        for j in 0..<units { zb[o + j] += bb[j] }
      }
    }
    return act.forward(batch)
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    backward(preactivationGradient: act.backward(outputGradient))
  }

  /// Backward from d loss / d pre-activation, skipping the activation.
  public func backward(preactivationGradient dz: Tensor) -> [Tensor] {
    guard let x = lastInput else { preconditionFailure("dense '\(name)': backward before forward") }
    let batch = x.shape[0]
    let inFeatures = kernel.shape[0]
    let units = config.units
    sgemm(
      transposeA: true, m: inFeatures, n: units, k: batch, a: x.buffer.baseAddress!, lda: inFeatures,
      b: dz.buffer.baseAddress!, ldb: units, beta: 1, c: kernel.gradient.buffer.baseAddress!, ldc: units)
    if let bias {
      let g = bias.gradient.buffer
      let d = dz.buffer
      for r in 0..<batch {
        let o = r * units
        for j in 0..<units { g[j] += d[o + j] }
      }
    }
    let dx = inputGradient.view(batch)
    sgemm(
      transposeB: true, m: batch, n: inFeatures, k: units, a: dz.buffer.baseAddress!, lda: units,
      b: kernel.value.buffer.baseAddress!, ldb: units, c: dx.buffer.baseAddress!, ldc: inFeatures)
    return [dx]
  }

  /// Parameter element counts for these input shapes, without building.
  public func parameterCount(inputShapes: [Shape]) -> (trainable: Int, nonTrainable: Int) {
    let inFeatures = inputShapes.first?.count ?? 0
    // Saturates rather than traps, so the graph's size check can report an absurd layer.
    return (saturatingProduct(inFeatures + (config.useBias ? 1 : 0), config.units), 0)
  }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    let inFeatures = inputShapes.first?.count ?? 0
    return 2 * inFeatures * config.units + (config.useBias ? config.units : 0)
      + config.units * config.activation.flopsPerElement
  }
}
