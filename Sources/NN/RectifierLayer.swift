import Tensors

/// Keras's `ReLU` and `LeakyReLU` layers: an elementwise rectifier with its own arguments.
///
/// - `ReLU(max_value=None, negative_slope=0, threshold=0)`: f(x) = min(x, max_value) for
///   x > threshold, negative_slope·(x − threshold) otherwise.
/// - `LeakyReLU(negative_slope=0.3)` (the layer's default; the `leaky_relu` activation's is 0.2):
///   x for x > 0, negative_slope·x otherwise.
public final class RectifierLayer: Layer, WritesOwnInputGradients {
  /// The layer's unique name in the graph.
  public let name: String
  /// The elementwise function: `.relu`, `.leakyRelu` or `.rectifier`.
  public let function: ActivationFunction
  /// The spec's type name (`relu`, `leaky_relu`).
  public let typeName: String
  /// Keras's class name (`ReLU`, `LeakyReLU`).
  public let className: String
  /// No parameters.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  private var lastInput: Tensor?

  /// Keras's `ReLU`; `maxValue` nil is no cap. Arguments are validated by the spec (all ≥ 0).
  public init(reluNamed name: String, maxValue: Float? = nil, negativeSlope: Float = 0, threshold: Float = 0)
  {
    precondition(
      negativeSlope >= 0 && threshold >= 0 && (maxValue ?? 0) >= 0,
      "relu '\(name)': max_value, negative_slope and threshold must be >= 0")
    self.name = name
    typeName = "relu"
    className = "ReLU"
    if maxValue == nil && threshold == 0 {
      function = negativeSlope == 0 ? .relu : .leakyRelu(alpha: negativeSlope)
    } else {
      function = .rectifier(
        negativeSlope: negativeSlope, maxValue: maxValue ?? .infinity, threshold: threshold)
    }
  }

  /// Keras's `LeakyReLU(negative_slope)`.
  public init(leakyReluNamed name: String, negativeSlope: Float = 0.3) {
    self.name = name
    typeName = "leaky_relu"
    className = "LeakyReLU"
    function = .leakyRelu(alpha: negativeSlope)
  }

  /// The input shape, unchanged.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    return inputShapes[0]
  }

  /// Creates the output and gradient buffers.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let shape = try outputShape(for: inputShapes)
    output = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(inputGradient: inputShapes[0], slot: 0, maxBatchSize: maxBatchSize, context: context)
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastInput = x
    let y = output.view(x.shape[0])
    activationForward(function, input: x, output: y)
    return y
  }

  /// Input gradients for the last forward.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    guard let x = lastInput else { preconditionFailure("\(typeName) '\(name)': backward before forward") }
    let batch = x.shape[0]
    let dx = inputGradient.view(batch)
    activationBackward(
      function, input: x, output: output.view(batch), outputGradient: outputGradient, inputGradient: dx)
    return [dx]
  }

  /// One comparison and at most one multiply per element.
  public func flopsPerExample(inputShapes: [Shape]) -> Int { inputShapes.first?.count ?? 0 }
}
