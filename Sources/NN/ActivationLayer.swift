import Tensors

/// An activation as a layer (Keras `Activation`), e.g. `{type: activation, activation: relu}`;
/// also Keras's `Softmax` layer (`{type: softmax}`, the last axis), which is this layer with
/// softmax under its own names.
public final class ActivationLayer: ActivatedLayer {
  /// The layer's unique name in the graph.
  public let name: String
  /// The function applied.
  public let activation: Activation
  /// The spec's type name (`activation`, `softmax`).
  public let typeName: String
  /// Keras's class name, for summaries (`Activation`, `Softmax`).
  public let className: String
  /// The axis of softmax and log_softmax as Keras counts it (batch = 0, negative from the end);
  /// only the last axis is supported.
  public let axis: Int
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  private var lastInput: Tensor?
  /// Always true: the input is the pre-activation.
  public var keepsPreactivation: Bool {
    get { true }
    set {}
  }
  /// The activation at the end of the layer.
  public var outputActivation: Activation { activation }
  /// The last forward's values before the activation.
  public var preactivation: Tensor { lastInput! }

  /// Creates the layer.
  public init(name: String, activation: Activation) {
    self.name = name
    self.activation = activation
    typeName = "activation"
    className = "Activation"
    axis = -1
  }

  /// Keras's `Softmax(axis)` layer.
  public init(softmaxNamed name: String, axis: Int = -1) {
    self.name = name
    activation = .softmax
    typeName = "softmax"
    className = "Softmax"
    self.axis = axis
  }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    let rank = inputShapes[0].rank
    if (activation == .softmax || activation == .logSoftmax) && rank == 0 {
      throw shapeError("\(activation.rawValue) needs at least one axis, got \(inputShapes[0])")
    }
    // Keras counts the batch axis: the last axis of a rank-r example is r (or -1).
    if axis != -1 && axis != rank {
      throw shapeError(
        "only the last axis (-1 or \(rank) for input \(inputShapes[0])) is supported, got axis \(axis)")
    }
    return inputShapes[0]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let shape = try outputShape(for: inputShapes)
    output = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(backwardOnly: shape, maxBatchSize: maxBatchSize, context: context)
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastInput = x
    let y = output.view(x.shape[0])
    activation.forward(x, into: y)
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    guard let x = lastInput else { preconditionFailure("activation '\(name)': backward before forward") }
    let batch = x.shape[0]
    let dx = inputGradient.view(batch)
    activation.backward(outputGradient: outputGradient, input: x, output: output.view(batch), into: dx)
    return [dx]
  }

  /// Backward from d loss / d pre-activation, skipping the activation.
  public func backward(preactivationGradient: Tensor) -> [Tensor] { [preactivationGradient] }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    (inputShapes.first?.count ?? 0) * activation.flopsPerElement
  }
}
