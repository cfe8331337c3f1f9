import Tensors

/// What a layer needs to know besides its inputs: the experiment seed and the training step.
///
/// Randomness is derived from the seed and a fixed name, so it is reproducible and independent
/// between layers: initializers use `init/<parameter name>`, dropout `dropout/<layer>/step-<n>`.
public struct LayerContext: Sendable {
  /// The experiment seed.
  public var seed: UInt64
  /// The graph's training-step counter (advanced once per training forward pass).
  public var step: Int
  /// Convolution scratch memory shared by the layers of a graph (a layer makes its own if nil).
  public var workspace: Conv2DWorkspace?
  /// Build for the forward pass only (`predict`, `evaluate`): no gradient buffers; `backward` must
  /// not be called.
  public var forInference: Bool
  /// Shared input-gradient memory, lent by the graph that builds the layer (see `GradientBufferPool`).
  var gradientPool: GradientBufferPool?
  /// The node index of the layer being built, for `gradientPool`.
  var layerIndex = 0

  /// Creates a context.
  public init(seed: UInt64, step: Int = 0, workspace: Conv2DWorkspace? = nil, forInference: Bool = false) {
    self.seed = seed
    self.step = step
    self.workspace = workspace
    self.forInference = forInference
  }
}

/// A layer: configuration, shape inference, parameters and an exact forward/backward pass.
///
/// Shapes in `outputShape(for:)` and `build` exclude the batch dimension. `build` allocates the
/// parameters and every buffer once for `maxBatchSize`; `forward` accepts any batch up to it and
/// returns a view of the layer's own output buffer, valid until the next `forward`. `backward`
/// must follow the matching `forward`; it returns input gradients (views of the layer's buffers)
/// and **accumulates** parameter gradients into `Parameter.gradient`.
public protocol Layer: AnyObject {
  /// The unique name within the graph (`conv2d_1`).
  var name: String { get }
  /// The spec's type name (`conv2d`).
  var typeName: String { get }
  /// Keras's class name for summaries (`Conv2D`).
  var className: String { get }
  /// The output shape for these input shapes (batch excluded); pure, allocates nothing.
  func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape
  /// Creates parameters (initialised from `context.seed`) and buffers for `maxBatchSize`.
  func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError)
  /// Parameters in Keras order (kernel, bias; gamma, beta, moving_mean, moving_variance). Empty before build.
  var parameters: [Parameter] { get }
  /// Parameters with a regularizer, for the loss penalty and its gradient.
  var regularizedParameters: [(Parameter, Regularizer)] { get }
  /// Forward pass for a batch of at most `maxBatchSize` examples.
  func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor
  /// Backward pass for the last forward: input gradients, parameter gradients accumulated.
  func backward(_ outputGradient: Tensor) -> [Tensor]
  /// Forward floating-point operations per example (a multiply-add counts 2).
  func flopsPerExample(inputShapes: [Shape]) -> Int
  /// Parameter element counts for these input shapes, without building (for summaries).
  func parameterCount(inputShapes: [Shape]) -> (trainable: Int, nonTrainable: Int)
}

extension Layer {
  /// No regularized parameters by default.
  public var regularizedParameters: [(Parameter, Regularizer)] { [] }
  /// No arithmetic by default (reshaping layers).
  public func flopsPerExample(inputShapes: [Shape]) -> Int { 0 }
  /// No parameters by default.
  public func parameterCount(inputShapes: [Shape]) -> (trainable: Int, nonTrainable: Int) { (0, 0) }
}

/// Preallocated batch-major buffers of one shape, seen at the current batch size.
struct BatchBuffer {
  let full: Tensor

  init(_ exampleShape: Shape, maxBatchSize: Int) {
    full = Tensor(zeros: exampleShape.batched(maxBatchSize))
  }

  /// A buffer only the backward pass (or training) uses: empty in a graph built for inference.
  init(backwardOnly exampleShape: Shape, maxBatchSize: Int, context: LayerContext) {
    full = Tensor(zeros: context.forInference ? [0] : exampleShape.batched(maxBatchSize))
  }

  /// The buffer a layer's backward writes the gradient of its input `slot` into: empty in a graph
  /// built for inference, lent by the graph's `GradientBufferPool` where it has one (the layer
  /// must then be `WritesOwnInputGradients`), else its own.
  init(inputGradient exampleShape: Shape, slot: Int, maxBatchSize: Int, context: LayerContext) {
    if !context.forInference, let pool = context.gradientPool,
      let lent = pool.buffer(layer: context.layerIndex, slot: slot, shape: exampleShape.batched(maxBatchSize))
    {
      self.init(lent: lent)
    } else {
      self.init(backwardOnly: exampleShape, maxBatchSize: maxBatchSize, context: context)
    }
  }

  private init(lent: Tensor) { full = lent }

  /// The first `batch` rows (the whole buffer when `batch` is the maximum).
  func view(_ batch: Int) -> Tensor {
    batch == full.shape[0] ? full : full.batchView(start: 0, length: batch)
  }
}

/// A layer that ends in an activation and can expose the values before it (the logits).
///
/// The graph uses this as Keras's TensorFlow backend does: when the model ends in softmax (or
/// sigmoid) and the loss is a crossentropy from probabilities, the loss is computed from the
/// logits instead (`keras/src/backend/tensorflow/nn.py`, `_get_logits`), which is exact where
/// clipping would cut the gradient.
public protocol ActivatedLayer: Layer {
  /// The activation at the end of the layer.
  var outputActivation: Activation { get }
  /// Whether the pre-activation is kept apart from the output; set before `build`.
  var keepsPreactivation: Bool { get set }
  /// The last forward's pre-activation (requires `keepsPreactivation`).
  var preactivation: Tensor { get }
  /// Backward from d loss / d pre-activation, skipping the activation.
  func backward(preactivationGradient: Tensor) -> [Tensor]
}

extension LayerContext {
  /// A weight `name` of `shape`, filled by `initializer` from the stream `init/<name>` (with a
  /// gradient buffer unless the graph is built for inference).
  public func makeParameter(_ name: String, shape: Shape, initializer: Initializer) -> Parameter {
    let p = Parameter(name: name, value: Tensor(zeros: shape), withGradient: !forInference)
    initializer.fill(p.value, seed: seed, parameterName: name)
    return p
  }
}

/// A layer that can leave out its input gradient when no layer before it needs one (the graph
/// turns it off in `build`; `backward` then returns zeros for the input).
public protocol InputGradientOptional: Layer {
  /// Whether backward computes the input gradient.
  var computesInputGradient: Bool { get set }
}
