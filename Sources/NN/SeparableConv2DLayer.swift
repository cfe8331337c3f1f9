import Tensors

/// Configuration of a `separable_conv2d` layer, with Keras 3's defaults.
public struct SeparableConv2DConfig: Sendable, Equatable {
  /// `filters`: output channels of the pointwise step.
  public var filters: Int
  /// The depthwise step (kernel size, strides, padding, multiplier, dilation; its activation,
  /// bias and regularizer are unused).
  public var depthwise: DepthwiseConv2DConfig
  /// Applied to the output; `linear` by default.
  public var activation: Activation
  /// `use_bias` (default true): one bias per filter, after the pointwise step.
  public var useBias: Bool
  /// `pointwise_initializer` (default `glorot_uniform`).
  public var pointwiseInitializer: Initializer
  /// `bias_initializer` (default `zeros`).
  public var biasInitializer: Initializer
  /// `pointwise_regularizer` (default none).
  public var pointwiseRegularizer: Regularizer?

  /// Creates a configuration; sizes must be positive.
  public init(
    filters: Int, kernelSize: (height: Int, width: Int), strides: (height: Int, width: Int) = (1, 1),
    padding: Padding = .valid, depthMultiplier: Int = 1, dilationRate: (height: Int, width: Int) = (1, 1),
    activation: Activation = .linear, useBias: Bool = true,
    depthwiseInitializer: Initializer = .glorotUniform,
    pointwiseInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
    depthwiseRegularizer: Regularizer? = nil, pointwiseRegularizer: Regularizer? = nil
  ) {
    precondition(filters > 0, "separable_conv2d: filters must be positive")
    self.filters = filters
    depthwise = DepthwiseConv2DConfig(
      kernelSize: kernelSize, strides: strides, padding: padding, depthMultiplier: depthMultiplier,
      dilationRate: dilationRate, useBias: false, depthwiseInitializer: depthwiseInitializer,
      depthwiseRegularizer: depthwiseRegularizer)
    self.activation = activation
    self.useBias = useBias
    self.pointwiseInitializer = pointwiseInitializer
    self.biasInitializer = biasInitializer
    self.pointwiseRegularizer = pointwiseRegularizer
  }
}

/// Depthwise then pointwise (1×1) convolution (Keras `SeparableConv2D`). Parameters in Keras
/// order: `depthwise_kernel (kh, kw, in, multiplier)`, `pointwise_kernel (1, 1, in·multiplier,
/// filters)`, `bias (filters)`. The pointwise step is one GEMM over all pixels of the batch.
public final class SeparableConv2DLayer: ActivatedLayer {
  /// The layer's unique name in the graph.
  public let name: String
  /// The layer's configuration.
  public let config: SeparableConv2DConfig
  /// The spec's type name.
  public var typeName: String { "separable_conv2d" }
  /// Keras's class name, for summaries.
  public var className: String { "SeparableConv2D" }
  /// Parameters in Keras order; empty before `build`.
  public private(set) var parameters: [Parameter] = []
  private var depthwiseKernel: Parameter!
  private var pointwiseKernel: Parameter!
  private var bias: Parameter?
  private var depthwiseGeometry: Conv2DGeometry!
  private var pointwiseGeometry: Conv2DGeometry!
  private var workspace: Conv2DWorkspace!
  private var middle: BatchBuffer!
  private var middleGradient: BatchBuffer!
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
  public init(name: String, config: SeparableConv2DConfig) {
    self.name = name
    self.config = config
  }

  /// The depthwise and pointwise geometries for these input shapes (also used by the ONNX export).
  public func resolveGeometries(_ inputShapes: [Shape]) throws(ShapeError) -> (
    depthwise: Conv2DGeometry, pointwise: Conv2DGeometry
  ) {
    try expectInputCount(inputShapes, 1)
    let d = try config.depthwise.geometry(inputShapes[0], layer: self)
    do {
      let p = try Conv2DGeometry(
        inputHeight: d.outputHeight, inputWidth: d.outputWidth, inputChannels: d.outputChannels,
        outputChannels: config.filters, kernelHeight: 1, kernelWidth: 1)
      return (d, p)
    } catch {
      throw shapeError("input \(inputShapes[0]): \(error)")
    }
  }

  /// The output shape for these input shapes (batch excluded).
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try resolveGeometries(inputShapes).pointwise.outputShape(batch: 1).unbatched
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let (d, p) = try resolveGeometries(inputShapes)
    depthwiseGeometry = d
    pointwiseGeometry = p
    depthwiseKernel = context.makeParameter(
      name + "/depthwise_kernel",
      shape: [d.kernelHeight, d.kernelWidth, d.inputChannels, config.depthwise.depthMultiplier],
      initializer: config.depthwise.depthwiseInitializer)
    pointwiseKernel = context.makeParameter(
      name + "/pointwise_kernel", shape: p.kernelShape, initializer: config.pointwiseInitializer)
    parameters = [depthwiseKernel, pointwiseKernel]
    if config.useBias {
      let b = context.makeParameter(name + "/bias", shape: p.biasShape, initializer: config.biasInitializer)
      bias = b
      parameters.append(b)
    }
    workspace = context.workspace ?? Conv2DWorkspace()
    let middleShape = d.outputShape(batch: 1).unbatched
    middle = BatchBuffer(middleShape, maxBatchSize: maxBatchSize)
    middleGradient = BatchBuffer(backwardOnly: middleShape, maxBatchSize: maxBatchSize, context: context)
    act = FusedActivation(
      config.activation, shape: p.outputShape(batch: 1).unbatched, maxBatchSize: maxBatchSize,
      keepPreactivation: keepsPreactivation)
    inputGradient = BatchBuffer(backwardOnly: inputShapes[0], maxBatchSize: maxBatchSize, context: context)
  }

  /// Both kernels with their regularizers, where configured.
  public var regularizedParameters: [(Parameter, Regularizer)] {
    var result: [(Parameter, Regularizer)] = []
    if let r = config.depthwise.depthwiseRegularizer, let depthwiseKernel {
      result.append((depthwiseKernel, r))
    }
    if let r = config.pointwiseRegularizer, let pointwiseKernel { result.append((pointwiseKernel, r)) }
    return result
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastInput = x
    let batch = x.shape[0]
    let m = middle.view(batch)
    depthwiseConv2dForward(
      input: x, kernel: depthwiseKernel.value, bias: nil, output: m, geometry: depthwiseGeometry)
    conv2dForward(
      input: m, kernel: pointwiseKernel.value, bias: bias?.value, output: act.preactivation(batch),
      geometry: pointwiseGeometry, workspace: workspace)
    return act.forward(batch)
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    backward(preactivationGradient: act.backward(outputGradient))
  }

  /// Backward from d loss / d pre-activation, skipping the activation.
  public func backward(preactivationGradient dz: Tensor) -> [Tensor] {
    guard let x = lastInput else {
      preconditionFailure("separable_conv2d '\(name)': backward before forward")
    }
    let batch = x.shape[0]
    let dm = middleGradient.view(batch)
    conv2dBackward(
      input: middle.view(batch), kernel: pointwiseKernel.value, outputGradient: dz, inputGradient: dm,
      kernelGradient: pointwiseKernel.gradient, biasGradient: bias?.gradient, geometry: pointwiseGeometry,
      workspace: workspace)
    let dx = inputGradient.view(batch)
    depthwiseConv2dBackward(
      input: x, kernel: depthwiseKernel.value, outputGradient: dm, inputGradient: dx,
      kernelGradient: depthwiseKernel.gradient, biasGradient: nil, geometry: depthwiseGeometry)
    return [dx]
  }

  /// Parameter element counts: `kh·kw·in·mult + in·mult·filters (+ filters)`.
  public func parameterCount(inputShapes: [Shape]) -> (trainable: Int, nonTrainable: Int) {
    guard let (d, p) = try? resolveGeometries(inputShapes) else { return (0, 0) }
    let depthwise = d.kernelHeight * d.kernelWidth * d.outputChannels
    return (depthwise + (p.inputChannels + (config.useBias ? 1 : 0)) * p.outputChannels, 0)
  }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    guard let (d, p) = try? resolveGeometries(inputShapes) else { return 0 }
    let pixels = p.outputHeight * p.outputWidth
    let depthwise = saturatingProduct(pixels, d.outputChannels, 2 * d.kernelHeight * d.kernelWidth)
    let pointwise = saturatingProduct(
      pixels, p.outputChannels,
      2 * p.inputChannels + (config.useBias ? 1 : 0) + config.activation.flopsPerElement)
    return depthwise &+ pointwise
  }
}
