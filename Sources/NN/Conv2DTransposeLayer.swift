import Tensors

/// Configuration of a `conv2d_transpose` layer, with Keras 3's defaults.
public struct Conv2DTransposeConfig: Sendable, Equatable {
  /// Output channels (`filters`, > 0).
  public var filters: Int
  /// `kernel_size` as (height, width).
  public var kernelSize: (height: Int, width: Int)
  /// `strides` (default 1): the up-sampling factor.
  public var strides: (height: Int, width: Int)
  /// `valid` (default) or `same`; pads are TensorFlow's `conv2d_transpose` pads.
  public var padding: Padding
  /// `output_padding`: nil (Keras's None) or rows and columns added at the end, each below its stride.
  public var outputPadding: (height: Int, width: Int)?
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

  /// Creates a configuration; sizes must be positive and `outputPadding` below `strides` (as Keras requires).
  public init(
    filters: Int, kernelSize: (height: Int, width: Int), strides: (height: Int, width: Int) = (1, 1),
    padding: Padding = .valid, outputPadding: (height: Int, width: Int)? = nil,
    activation: Activation = .linear, useBias: Bool = true,
    kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
    kernelRegularizer: Regularizer? = nil
  ) {
    precondition(filters > 0, "conv2d_transpose: filters must be positive, got \(filters)")
    precondition(
      kernelSize.height > 0 && kernelSize.width > 0, "conv2d_transpose: kernel_size must be positive")
    precondition(strides.height > 0 && strides.width > 0, "conv2d_transpose: strides must be positive")
    if let p = outputPadding {
      precondition(
        p.height >= 0 && p.height < strides.height && p.width >= 0 && p.width < strides.width,
        "conv2d_transpose: output_padding \(p) must be non-negative and below strides \(strides)")
    }
    self.filters = filters
    self.kernelSize = kernelSize
    self.strides = strides
    self.padding = padding
    self.outputPadding = outputPadding
    self.activation = activation
    self.useBias = useBias
    self.kernelInitializer = kernelInitializer
    self.biasInitializer = biasInitializer
    self.kernelRegularizer = kernelRegularizer
  }

  /// Equal when every argument is equal.
  public static func == (a: Conv2DTransposeConfig, b: Conv2DTransposeConfig) -> Bool {
    a.filters == b.filters && a.kernelSize == b.kernelSize && a.strides == b.strides
      && a.padding == b.padding && a.outputPadding?.height == b.outputPadding?.height
      && a.outputPadding?.width == b.outputPadding?.width && a.activation == b.activation
      && a.useBias == b.useBias && a.kernelInitializer == b.kernelInitializer
      && a.biasInitializer == b.biasInitializer && a.kernelRegularizer == b.kernelRegularizer
  }
}

/// 2-D transposed convolution over NHWC images (Keras `Conv2DTranspose`), kernel
/// `(kh, kw, filters, in)`, on the GEMM + col2im kernels of `conv2dTransposeForward`.
public final class Conv2DTransposeLayer: ActivatedLayer, InputGradientOptional, WritesOwnInputGradients {
  /// The layer's unique name in the graph.
  public let name: String
  /// The layer's configuration.
  public let config: Conv2DTransposeConfig
  /// The spec's type name.
  public var typeName: String { "conv2d_transpose" }
  /// Keras's class name, for summaries.
  public var className: String { "Conv2DTranspose" }
  /// Parameters in Keras order; empty before `build`.
  public private(set) var parameters: [Parameter] = []
  /// Whether backward computes the input gradient (off for a layer fed by the model input).
  public var computesInputGradient = true
  private var weights: KernelWeights?
  private var kernel: Parameter { weights!.kernel }
  private var bias: Parameter? { weights?.bias }
  private var geometry: Conv2DTransposeGeometry!
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
  public init(name: String, config: Conv2DTransposeConfig) {
    self.name = name
    self.config = config
  }

  /// The geometry for these input shapes; throws a `ShapeError` naming the layer and the input.
  public func resolveGeometry(_ inputShapes: [Shape]) throws(ShapeError) -> Conv2DTransposeGeometry {
    try expectInputCount(inputShapes, 1)
    let s = inputShapes[0]
    try expectRank(s, 3, "height, width, channels")
    do {
      return try Conv2DTransposeGeometry(
        inputHeight: s[0], inputWidth: s[1], inputChannels: s[2], filters: config.filters,
        kernelHeight: config.kernelSize.height, kernelWidth: config.kernelSize.width,
        strideHeight: config.strides.height, strideWidth: config.strides.width, padding: config.padding,
        outputPadding: config.outputPadding)
    } catch {
      throw shapeError("input \(s): \(error)")
    }
  }

  /// The output shape for these input shapes (batch excluded).
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
    conv2dTransposeForward(
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
    guard let x = lastInput else {
      preconditionFailure("conv2d_transpose '\(name)': backward before forward")
    }
    let dx = inputGradient.view(x.shape[0])
    conv2dTransposeBackward(
      input: x, kernel: kernel.value, outputGradient: dz,
      inputGradient: computesInputGradient ? dx : nil, kernelGradient: kernel.gradient,
      biasGradient: bias?.gradient, geometry: geometry, workspace: workspace)
    if !computesInputGradient { dx.zero() }
    return [dx]
  }

  /// Parameter element counts as Keras's: `kh·kw·filters·in + filters`.
  public func parameterCount(inputShapes: [Shape]) -> (trainable: Int, nonTrainable: Int) {
    guard let g = try? resolveGeometry(inputShapes) else { return (0, 0) }
    return (g.patchSize * g.inputChannels + (config.useBias ? g.filters : 0), 0)
  }

  /// Forward FLOPs per example (a multiply-add counts 2): every input pixel scatters a
  /// `kh·kw·filters` window, plus bias and activation per output element.
  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    guard let g = try? resolveGeometry(inputShapes) else { return 0 }
    let macs = saturatingProduct(g.height.output, g.width.output, 2, g.patchSize, g.inputChannels)
    let perOutput = (config.useBias ? 1 : 0) + config.activation.flopsPerElement
    let rest = saturatingProduct(g.outputHeight, g.outputWidth, g.filters, perOutput)
    return saturatingSum(macs, rest)
  }
}
