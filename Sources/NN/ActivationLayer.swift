import Tensors

/// An activation as a layer (Keras `Activation`), e.g. `{type: activation, activation: relu}`.
public final class ActivationLayer: ActivatedLayer {
  public let name: String
  /// The function applied.
  public let activation: Activation
  public var typeName: String { "activation" }
  public var className: String { "Activation" }
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  private var lastInput: Tensor?
  /// Always true: the input is the pre-activation.
  public var keepsPreactivation: Bool {
    get { true }
    set {}
  }
  public var outputActivation: Activation { activation }
  public var preactivation: Tensor { lastInput! }

  /// Creates the layer.
  public init(name: String, activation: Activation) {
    self.name = name
    self.activation = activation
  }

  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    if activation == .softmax && inputShapes[0].rank == 0 {
      throw shapeError("softmax needs at least one axis, got \(inputShapes[0])")
    }
    return inputShapes[0]
  }

  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let shape = try outputShape(for: inputShapes)
    output = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(shape, maxBatchSize: maxBatchSize)
  }

  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastInput = x
    let y = output.view(x.shape[0])
    activation.forward(x, into: y)
    return y
  }

  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    guard let x = lastInput else { preconditionFailure("activation '\(name)': backward before forward") }
    let batch = x.shape[0]
    let dx = inputGradient.view(batch)
    activation.backward(outputGradient: outputGradient, input: x, output: output.view(batch), into: dx)
    return [dx]
  }

  public func backward(preactivationGradient: Tensor) -> [Tensor] { [preactivationGradient] }

  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    (inputShapes.first?.count ?? 0) * activation.flopsPerElement
  }
}
