import Tensors

/// Elementwise sum of inputs of one shape (Keras `Add`).
public final class AddLayer: Layer {
  public let name: String
  public var typeName: String { "add" }
  public var className: String { "Add" }
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputCount = 0

  /// Creates the layer.
  public init(name: String) { self.name = name }

  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    guard inputShapes.count >= 2 else {
      throw shapeError("expected at least 2 inputs, got \(inputShapes.count)")
    }
    for s in inputShapes.dropFirst() where s != inputShapes[0] {
      throw shapeError("inputs have shapes \(inputShapes[0]) and \(s); all must match")
    }
    return inputShapes[0]
  }

  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    output = BatchBuffer(try outputShape(for: inputShapes), maxBatchSize: maxBatchSize)
    inputCount = inputShapes.count
  }

  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let y = output.view(inputs[0].shape[0])
    y.copy(from: inputs[0])
    let yb = y.buffer
    for x in inputs.dropFirst() {
      let xb = x.buffer
      for i in 0..<yb.count { yb[i] += xb[i] }
    }
    return y
  }

  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    Array(repeating: outputGradient, count: inputCount)
  }

  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    (inputShapes.first?.count ?? 0) * max(inputShapes.count - 1, 0)
  }
}
