import Tensors

/// Element-wise merges of inputs of one shape (Keras `Multiply`, `Subtract`, `Average`, `Maximum`,
/// `Minimum`); `subtract` takes exactly two inputs, the others two or more.
///
/// `maximum` and `minimum` reduce left to right as Keras's pairwise `ops.maximum`; a tie sends the
/// gradient to the first of the tied inputs, as TensorFlow's `Maximum` gradient (`x >= y` → x).
public final class ElementwiseMergeLayer: Layer {
  /// The operation.
  public enum Operation: String, Sendable, CaseIterable {
    case multiply, subtract, average, maximum, minimum
  }

  /// The layer's unique name in the graph.
  public let name: String
  /// The operation.
  public let operation: Operation
  /// The spec's type name.
  public var typeName: String { operation.rawValue }
  /// Keras's class name, for summaries.
  public var className: String { operation.rawValue.prefix(1).uppercased() + operation.rawValue.dropFirst() }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradients: [BatchBuffer] = []
  /// For maximum and minimum: the index of the input chosen for each element (as a Float).
  private var chosen: BatchBuffer?
  private var lastInputs: [Tensor] = []

  /// Creates the layer.
  public init(name: String, operation: Operation) {
    self.name = name
    self.operation = operation
  }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    if operation == .subtract {
      guard inputShapes.count == 2 else { throw shapeError("expected exactly 2 inputs, got \(inputShapes.count)") }
    } else if inputShapes.count < 2 {
      throw shapeError("expected at least 2 inputs, got \(inputShapes.count)")
    }
    for s in inputShapes.dropFirst() where s != inputShapes[0] {
      throw shapeError("inputs have shapes \(inputShapes[0]) and \(s); all must match")
    }
    return inputShapes[0]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let shape = try outputShape(for: inputShapes)
    output = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    inputGradients = inputShapes.map { BatchBuffer(backwardOnly: $0, maxBatchSize: maxBatchSize, context: context) }
    if operation == .maximum || operation == .minimum {
      chosen = BatchBuffer(backwardOnly: shape, maxBatchSize: maxBatchSize, context: context)
    }
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let batch = inputs[0].shape[0]
    let y = output.view(batch)
    lastInputs = inputs
    let yb = y.buffer.baseAddress!
    let n = y.count
    let xs = inputs.map { UnsafePointer($0.buffer.baseAddress!) }
    let choice = chosen.flatMap { $0.full.count > 0 ? $0.view(batch).buffer.baseAddress : nil }
    let op = operation
    parallelFor(n, workPerItem: inputs.count) { range in
      for i in range {
        var v = xs[0][i]
        var k = 0
        for (j, x) in xs.enumerated().dropFirst() {
          switch op {
          case .multiply: v *= x[i]
          case .subtract: v -= x[i]
          case .average: v += x[i]
          case .maximum: if x[i] > v { v = x[i]; k = j }
          case .minimum: if x[i] < v { v = x[i]; k = j }
          }
        }
        if op == .average { v /= Float(xs.count) }
        yb[i] = v
        choice?[i] = Float(k)
      }
    }
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    let batch = outputGradient.shape[0]
    let dxs = inputGradients.map { $0.view(batch) }
    let dy = UnsafePointer(outputGradient.buffer.baseAddress!)
    let ds = dxs.map { $0.buffer.baseAddress! }
    let xs = lastInputs.map { UnsafePointer($0.buffer.baseAddress!) }
    let choice = chosen.map { UnsafePointer($0.view(batch).buffer.baseAddress!) }
    let n = outputGradient.count
    let op = operation
    let count = ds.count
    parallelFor(n, workPerItem: count * count) { range in
      for i in range {
        for k in 0..<count {
          switch op {
          case .multiply:
            // The product of the others, without dividing (inputs may be zero).
            var p = dy[i]
            for (j, x) in xs.enumerated() where j != k { p *= x[i] }
            ds[k][i] = p
          case .subtract: ds[k][i] = k == 0 ? dy[i] : -dy[i]
          case .average: ds[k][i] = dy[i] / Float(count)
          case .maximum, .minimum: ds[k][i] = Int(choice![i]) == k ? dy[i] : 0
          }
        }
      }
    }
    return dxs
  }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    (inputShapes.first?.count ?? 0) * max(inputShapes.count - 1, 0)
  }
}
