import Tensors

/// Padding of a `conv1d` layer: Keras's `valid`, `same` or `causal` (all padding on the left, so
/// output step t depends on inputs up to t only).
public enum Conv1DPadding: String, Sendable, CaseIterable {
  case valid, same, causal
}

/// Configuration of a `conv1d` layer, with Keras 3's defaults.
public struct Conv1DConfig: Sendable, Equatable {
  /// Output channels (`filters`, > 0).
  public var filters: Int
  /// `kernel_size`.
  public var kernelSize: Int
  /// `strides` (default 1).
  public var strides: Int
  /// `valid` (default), `same` or `causal`.
  public var padding: Conv1DPadding
  /// `dilation_rate` (default 1).
  public var dilationRate: Int
  /// `groups` (default 1).
  public var groups: Int
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

  /// Creates a configuration; sizes must be positive.
  public init(
    filters: Int, kernelSize: Int, strides: Int = 1, padding: Conv1DPadding = .valid, dilationRate: Int = 1,
    groups: Int = 1, activation: Activation = .linear, useBias: Bool = true,
    kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
    kernelRegularizer: Regularizer? = nil
  ) {
    precondition(
      filters > 0 && kernelSize > 0 && strides > 0 && dilationRate > 0 && groups > 0,
      "conv1d: sizes must be positive")
    self.filters = filters
    self.kernelSize = kernelSize
    self.strides = strides
    self.padding = padding
    self.dilationRate = dilationRate
    self.groups = groups
    self.activation = activation
    self.useBias = useBias
    self.kernelInitializer = kernelInitializer
    self.biasInitializer = biasInitializer
    self.kernelRegularizer = kernelRegularizer
  }
}

/// 1-D convolution over `(steps, channels)` with a kernel `(k, in / groups, filters)` (Keras
/// `Conv1D`), run by the 2-D kernels as an image of height 1: `(steps, C)` is the memory of
/// `(1, steps, C)` and the kernel that of `(1, k, in / groups, filters)`, so only views change.
public final class Conv1DLayer: ActivatedLayer, InputGradientOptional {
  /// The layer's unique name in the graph.
  public let name: String
  /// The layer's configuration.
  public let config: Conv1DConfig
  /// The spec's type name.
  public var typeName: String { "conv1d" }
  /// Keras's class name, for summaries.
  public var className: String { "Conv1D" }
  /// Parameters in Keras order; empty before `build`.
  public private(set) var parameters: [Parameter] = []
  /// Whether backward computes the input gradient (the graph turns it off for a first layer).
  public var computesInputGradient = true
  private var weights: KernelWeights?
  private var kernel: Parameter { weights!.kernel }
  private var kernel4: Tensor!
  private var kernelGradient4: Tensor?
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
  public init(name: String, config: Conv1DConfig) {
    self.name = name
    self.config = config
  }

  /// The height-1 2-D geometry for these input shapes (also used by the ONNX export).
  public func resolveGeometry(_ inputShapes: [Shape]) throws(ShapeError) -> Conv2DGeometry {
    try expectInputCount(inputShapes, 1)
    let s = inputShapes[0]
    try expectRank(s, 2, "steps, channels")
    let c = config
    do {
      let height = try AxisGeometry(input: 1, window: 1, stride: 1, padding: .valid, axis: "height")
      let width =
        c.padding == .causal
        ? try AxisGeometry.causal(
          input: s[0], window: c.kernelSize, stride: c.strides, dilation: c.dilationRate, axis: "steps")
        : try AxisGeometry(
          input: s[0], window: c.kernelSize, stride: c.strides, dilation: c.dilationRate,
          padding: c.padding == .same ? .same : .valid, axis: "steps")
      guard s[1] > 0 else { throw GeometryError.nonPositive(what: "input channels", value: s[1]) }
      return try Conv2DGeometry(
        height: height, width: width, inputChannels: s[1], outputChannels: c.filters, groups: c.groups)
    } catch {
      throw shapeError("input \(s): \(error)")
    }
  }

  /// The output shape `(steps_out, filters)`.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    let g = try resolveGeometry(inputShapes)
    return [g.outputWidth, g.outputChannels]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let g = try resolveGeometry(inputShapes)
    geometry = g
    let shape: Shape = [g.kernelWidth, g.groupInputChannels, g.outputChannels]
    let w = KernelWeights(
      layer: name, kernelShape: shape, kernelInitializer: config.kernelInitializer,
      regularizer: config.kernelRegularizer,
      biasShape: config.useBias ? g.biasShape : nil, biasInitializer: config.biasInitializer, context: context
    )
    weights = w
    parameters = w.parameters
    kernel4 = w.kernel.value.reshaped(g.kernelShape)
    kernelGradient4 = context.forInference ? nil : w.kernel.gradient.reshaped(g.kernelShape)
    workspace = context.workspace ?? Conv2DWorkspace()
    workspace.reserve(g, batch: maxBatchSize)
    act = FusedActivation(
      config.activation, shape: [g.outputWidth, g.outputChannels], maxBatchSize: maxBatchSize,
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
    conv2dForward(
      input: x.reshaped(geometry.inputShape(batch: batch)), kernel: kernel4, bias: bias?.value,
      output: act.preactivation(batch).reshaped(geometry.outputShape(batch: batch)), geometry: geometry,
      workspace: workspace)
    return act.forward(batch)
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    backward(preactivationGradient: act.backward(outputGradient))
  }

  /// Backward from d loss / d pre-activation, skipping the activation.
  public func backward(preactivationGradient dz: Tensor) -> [Tensor] {
    guard let x = lastInput else { preconditionFailure("conv1d '\(name)': backward before forward") }
    let batch = x.shape[0]
    let dx = inputGradient.view(batch)
    conv2dBackward(
      input: x.reshaped(geometry.inputShape(batch: batch)), kernel: kernel4,
      outputGradient: dz.reshaped(geometry.outputShape(batch: batch)),
      inputGradient: computesInputGradient ? dx.reshaped(geometry.inputShape(batch: batch)) : nil,
      kernelGradient: kernelGradient4, biasGradient: bias?.gradient, geometry: geometry, workspace: workspace)
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
    return saturatingProduct(
      g.outputWidth * g.outputChannels,
      2 * g.patchSize + (config.useBias ? 1 : 0) + config.activation.flopsPerElement)
  }
}
