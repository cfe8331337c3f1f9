import Tensors

/// Configuration of a `depthwise_conv2d` layer, with Keras 3's defaults.
public struct DepthwiseConv2DConfig: Sendable, Equatable {
  /// `kernel_size` as (height, width).
  public var kernelSize: (height: Int, width: Int)
  /// `strides` (default 1).
  public var strides: (height: Int, width: Int)
  /// `valid` (default) or `same`.
  public var padding: Padding
  /// `depth_multiplier` (default 1): output channels per input channel.
  public var depthMultiplier: Int
  /// `dilation_rate` (default 1).
  public var dilationRate: (height: Int, width: Int)
  /// Applied to the output; `linear` by default.
  public var activation: Activation
  /// `use_bias` (default true).
  public var useBias: Bool
  /// `depthwise_initializer` (default `glorot_uniform`).
  public var depthwiseInitializer: Initializer
  /// `bias_initializer` (default `zeros`).
  public var biasInitializer: Initializer
  /// `depthwise_regularizer` (default none).
  public var depthwiseRegularizer: Regularizer?

  /// Creates a configuration; sizes must be positive.
  public init(
    kernelSize: (height: Int, width: Int), strides: (height: Int, width: Int) = (1, 1),
    padding: Padding = .valid,
    depthMultiplier: Int = 1, dilationRate: (height: Int, width: Int) = (1, 1),
    activation: Activation = .linear,
    useBias: Bool = true, depthwiseInitializer: Initializer = .glorotUniform,
    biasInitializer: Initializer = .zeros,
    depthwiseRegularizer: Regularizer? = nil
  ) {
    precondition(
      kernelSize.height > 0 && kernelSize.width > 0 && strides.height > 0 && strides.width > 0
        && depthMultiplier > 0 && dilationRate.height > 0 && dilationRate.width > 0,
      "depthwise_conv2d: sizes must be positive")
    self.kernelSize = kernelSize
    self.strides = strides
    self.padding = padding
    self.depthMultiplier = depthMultiplier
    self.dilationRate = dilationRate
    self.activation = activation
    self.useBias = useBias
    self.depthwiseInitializer = depthwiseInitializer
    self.biasInitializer = biasInitializer
    self.depthwiseRegularizer = depthwiseRegularizer
  }

  /// Equal when every argument is equal.
  public static func == (a: DepthwiseConv2DConfig, b: DepthwiseConv2DConfig) -> Bool {
    a.kernelSize == b.kernelSize && a.strides == b.strides && a.padding == b.padding
      && a.depthMultiplier == b.depthMultiplier && a.dilationRate == b.dilationRate
      && a.activation == b.activation
      && a.useBias == b.useBias && a.depthwiseInitializer == b.depthwiseInitializer
      && a.biasInitializer == b.biasInitializer && a.depthwiseRegularizer == b.depthwiseRegularizer
  }

  /// The depthwise geometry (groups = input channels) of an `(H, W, C)` input; `layer` names errors.
  func geometry(_ s: Shape, layer: some Layer) throws(ShapeError) -> Conv2DGeometry {
    try layer.expectInputCount([s], 1)
    try layer.expectRank(s, 3, "height, width, channels")
    do {
      guard s[2] > 0 else { throw GeometryError.nonPositive(what: "input channels", value: s[2]) }
      return try Conv2DGeometry(
        inputHeight: s[0], inputWidth: s[1], inputChannels: s[2], outputChannels: s[2] * depthMultiplier,
        kernelHeight: kernelSize.height, kernelWidth: kernelSize.width, strideHeight: strides.height,
        strideWidth: strides.width, dilationHeight: dilationRate.height, dilationWidth: dilationRate.width,
        groups: s[2], padding: padding)
    } catch {
      throw layer.shapeError("input \(s): \(error)")
    }
  }
}

/// Depthwise 2-D convolution (Keras `DepthwiseConv2D`): each input channel c is convolved with its
/// own `depth_multiplier` filters, giving output channels `c · depth_multiplier + m`. Kernel
/// `depthwise_kernel` of shape `(kh, kw, in, depth_multiplier)`, bias `(in · depth_multiplier)`.
public final class DepthwiseConv2DLayer: ActivatedLayer, InputGradientOptional {
  /// The layer's unique name in the graph.
  public let name: String
  /// The layer's configuration.
  public let config: DepthwiseConv2DConfig
  /// The spec's type name.
  public var typeName: String { "depthwise_conv2d" }
  /// Keras's class name, for summaries.
  public var className: String { "DepthwiseConv2D" }
  /// Parameters in Keras order (kernel, bias); empty before `build`.
  public private(set) var parameters: [Parameter] = []
  /// Whether backward computes the input gradient (the graph turns it off for a first layer).
  public var computesInputGradient = true
  private var weights: KernelWeights?
  private var kernel: Parameter { weights!.kernel }
  private var bias: Parameter? { weights?.bias }
  private var geometry: Conv2DGeometry!
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
  public init(name: String, config: DepthwiseConv2DConfig) {
    self.name = name
    self.config = config
  }

  /// The resolved geometry (groups = input channels) for these input shapes.
  public func resolveGeometry(_ inputShapes: [Shape]) throws(ShapeError) -> Conv2DGeometry {
    try expectInputCount(inputShapes, 1)
    return try config.geometry(inputShapes[0], layer: self)
  }

  /// The output shape for these input shapes (batch excluded).
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try resolveGeometry(inputShapes).outputShape(batch: 1).unbatched
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let g = try resolveGeometry(inputShapes)
    geometry = g
    let shape: Shape = [g.kernelHeight, g.kernelWidth, g.inputChannels, config.depthMultiplier]
    let w = KernelWeights(
      layer: name, kernelShape: shape, kernelInitializer: config.depthwiseInitializer,
      regularizer: config.depthwiseRegularizer,
      biasShape: config.useBias ? g.biasShape : nil, biasInitializer: config.biasInitializer, context: context
    )
    weights = w
    parameters = w.parameters
    act = FusedActivation(
      config.activation, shape: g.outputShape(batch: 1).unbatched, maxBatchSize: maxBatchSize,
      keepPreactivation: keepsPreactivation)
    inputGradient = BatchBuffer(backwardOnly: inputShapes[0], maxBatchSize: maxBatchSize, context: context)
  }

  /// The kernel with its regularizer, if one is configured.
  public var regularizedParameters: [(Parameter, Regularizer)] { weights?.regularized ?? [] }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastInput = x
    let batch = x.shape[0]
    depthwiseConv2dForward(
      input: x, kernel: kernel.value, bias: bias?.value, output: act.preactivation(batch), geometry: geometry)
    return act.forward(batch)
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    backward(preactivationGradient: act.backward(outputGradient))
  }

  /// Backward from d loss / d pre-activation, skipping the activation.
  public func backward(preactivationGradient dz: Tensor) -> [Tensor] {
    guard let x = lastInput else {
      preconditionFailure("depthwise_conv2d '\(name)': backward before forward")
    }
    let dx = inputGradient.view(x.shape[0])
    depthwiseConv2dBackward(
      input: x, kernel: kernel.value, outputGradient: dz, inputGradient: computesInputGradient ? dx : nil,
      kernelGradient: kernel.gradient, biasGradient: bias?.gradient, geometry: geometry)
    if !computesInputGradient { dx.zero() }
    return [dx]
  }

  /// Parameter element counts: `kh·kw·in·multiplier (+ in·multiplier)`.
  public func parameterCount(inputShapes: [Shape]) -> (trainable: Int, nonTrainable: Int) {
    guard let g = try? resolveGeometry(inputShapes) else { return (0, 0) }
    return ((g.kernelHeight * g.kernelWidth + (config.useBias ? 1 : 0)) * g.outputChannels, 0)
  }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    guard let g = try? resolveGeometry(inputShapes) else { return 0 }
    let outputs = g.outputHeight * g.outputWidth * g.outputChannels
    return saturatingProduct(
      outputs,
      2 * g.kernelHeight * g.kernelWidth + (config.useBias ? 1 : 0) + config.activation.flopsPerElement)
  }
}
