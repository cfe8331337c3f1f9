import Tensors

/// Configuration of a `conv2d` layer, with Keras 3's defaults.
public struct Conv2DConfig: Sendable, Equatable {
  /// Output channels (`filters`, > 0).
  public var filters: Int
  /// `kernel_size` as (height, width); a single integer in a spec means both.
  public var kernelSize: (height: Int, width: Int)
  /// `strides` (default 1).
  public var strides: (height: Int, width: Int)
  /// `valid` (default) or `same` (TensorFlow's rule: extra padding at the bottom and right).
  public var padding: Padding
  /// Applied to the output; `linear` by default.
  public var activation: Activation
  /// `use_bias` (default true).
  public var useBias: Bool
  /// `kernel_initializer` (default `glorot_uniform`).
  public var kernelInitializer: Initializer
  /// `bias_initializer` (default `zeros`).
  public var biasInitializer: Initializer
  /// `kernel_regularizer` (default none).
  public var kernelRegularizer: Regularizer?
  /// `dilation_rate` (default 1): taps are this far apart.
  public var dilationRate: (height: Int, width: Int)
  /// `groups` (default 1): channel groups, dividing input channels and `filters`.
  public var groups: Int

  /// Creates a configuration; sizes must be positive.
  public init(
    filters: Int, kernelSize: (height: Int, width: Int), strides: (height: Int, width: Int) = (1, 1),
    padding: Padding = .valid, activation: Activation = .linear, useBias: Bool = true,
    kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
    kernelRegularizer: Regularizer? = nil, dilationRate: (height: Int, width: Int) = (1, 1), groups: Int = 1
  ) {
    precondition(filters > 0, "conv2d: filters must be positive, got \(filters)")
    precondition(kernelSize.height > 0 && kernelSize.width > 0, "conv2d: kernel_size must be positive")
    precondition(strides.height > 0 && strides.width > 0, "conv2d: strides must be positive")
    precondition(dilationRate.height > 0 && dilationRate.width > 0, "conv2d: dilation_rate must be positive")
    precondition(groups > 0, "conv2d: groups must be positive")
    self.dilationRate = dilationRate
    self.groups = groups
    self.filters = filters
    self.kernelSize = kernelSize
    self.strides = strides
    self.padding = padding
    self.activation = activation
    self.useBias = useBias
    self.kernelInitializer = kernelInitializer
    self.biasInitializer = biasInitializer
    self.kernelRegularizer = kernelRegularizer
  }

  /// Equal when every argument is equal.
  public static func == (a: Conv2DConfig, b: Conv2DConfig) -> Bool {
    a.filters == b.filters && a.kernelSize == b.kernelSize && a.strides == b.strides
      && a.padding == b.padding && a.activation == b.activation && a.useBias == b.useBias
      && a.kernelInitializer == b.kernelInitializer && a.biasInitializer == b.biasInitializer
      && a.kernelRegularizer == b.kernelRegularizer && a.dilationRate == b.dilationRate
      && a.groups == b.groups
  }
}

/// 2-D convolution over NHWC images with an HWIO kernel `(kh, kw, in / groups, filters)` (Keras
/// `Conv2D`), on the `Tensors` im2col + GEMM kernels.
public final class Conv2DLayer: ActivatedLayer, InputGradientOptional, WritesOwnInputGradients {
  /// The layer's unique name in the graph.
  public let name: String
  /// The layer's configuration.
  public let config: Conv2DConfig
  /// The spec's type name.
  public var typeName: String { "conv2d" }
  /// Keras's class name, for summaries.
  public var className: String { "Conv2D" }
  /// Parameters in Keras order; empty before `build`.
  public private(set) var parameters: [Parameter] = []
  /// Whether backward computes the input gradient (the graph turns it off for a first layer).
  public var computesInputGradient = true
  private var weights: KernelWeights?
  private var kernel: Parameter { weights!.kernel }
  private var bias: Parameter? { weights?.bias }
  private var geometry: Conv2DGeometry!
  private var workspace: Conv2DWorkspace!
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
  public init(name: String, config: Conv2DConfig) {
    self.name = name
    self.config = config
  }

  /// The resolved geometry for these input shapes (also used by the ONNX export).
  public func resolveGeometry(_ inputShapes: [Shape]) throws(ShapeError) -> Conv2DGeometry {
    try expectInputCount(inputShapes, 1)
    let s = inputShapes[0]
    try expectRank(s, 3, "height, width, channels")
    do {
      return try Conv2DGeometry(
        inputHeight: s[0], inputWidth: s[1], inputChannels: s[2], outputChannels: config.filters,
        kernelHeight: config.kernelSize.height, kernelWidth: config.kernelSize.width,
        strideHeight: config.strides.height, strideWidth: config.strides.width,
        dilationHeight: config.dilationRate.height, dilationWidth: config.dilationRate.width,
        groups: config.groups, padding: config.padding)
    } catch {
      throw shapeError("input \(s): \(error)")
    }
  }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try resolveGeometry(inputShapes).outputShape(batch: 1).unbatched
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let g = try resolveGeometry(inputShapes)
    geometry = g
    let w = KernelWeights(
      layer: name, kernelShape: g.kernelShape, kernelInitializer: config.kernelInitializer,
      regularizer: config.kernelRegularizer,
      biasShape: config.useBias ? g.biasShape : nil, biasInitializer: config.biasInitializer, context: context
    )
    weights = w
    parameters = w.parameters
    workspace = context.workspace ?? Conv2DWorkspace()
    workspace.reserve(g, batch: maxBatchSize)
    act = FusedActivation(
      config.activation, shape: g.outputShape(batch: 1).unbatched, maxBatchSize: maxBatchSize,
      keepPreactivation: keepsPreactivation)
    inputGradient = BatchBuffer(inputGradient: inputShapes[0], slot: 0, maxBatchSize: maxBatchSize, context: context)
  }

  /// The kernel with its regularizer, if one is configured.
  public var regularizedParameters: [(Parameter, Regularizer)] { weights?.regularized ?? [] }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastInput = x
    let batch = x.shape[0]
    conv2dForward(
      input: x, kernel: kernel.value, bias: bias?.value, output: act.preactivation(batch),
      geometry: geometry, workspace: workspace)
    return act.forward(batch)
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    backward(preactivationGradient: act.backward(outputGradient))
  }

  /// Backward from d loss / d pre-activation, skipping the activation.
  public func backward(preactivationGradient dz: Tensor) -> [Tensor] {
    guard let x = lastInput else { preconditionFailure("conv2d '\(name)': backward before forward") }
    let batch = x.shape[0]
    let dx = inputGradient.view(batch)
    conv2dBackward(
      input: x, kernel: kernel.value, outputGradient: dz,
      inputGradient: computesInputGradient ? dx : nil, kernelGradient: kernel.gradient,
      biasGradient: bias?.gradient, geometry: geometry, workspace: workspace)
    if !computesInputGradient { dx.zero() }
    return [dx]
  }

  /// Parameter element counts for these input shapes, without building.
  public func parameterCount(inputShapes: [Shape]) -> (trainable: Int, nonTrainable: Int) {
    guard let g = try? resolveGeometry(inputShapes) else { return (0, 0) }
    return ((g.patchSize + (config.useBias ? 1 : 0)) * g.outputChannels, 0)
  }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    guard let g = try? resolveGeometry(inputShapes) else { return 0 }
    let outputs = g.outputHeight * g.outputWidth * g.outputChannels
    return saturatingProduct(
      outputs, 2 * g.patchSize + (config.useBias ? 1 : 0) + config.activation.flopsPerElement)
  }
}
