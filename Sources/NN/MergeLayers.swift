import Tensors

/// Elementwise sum of inputs of one shape (Keras `Add`).
public final class AddLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// The spec's type name.
  public var typeName: String { "add" }
  /// Keras's class name, for summaries.
  public var className: String { "Add" }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputCount = 0

  /// Creates the layer.
  public init(name: String) { self.name = name }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    guard inputShapes.count >= 2 else {
      throw shapeError("expected at least 2 inputs, got \(inputShapes.count)")
    }
    for s in inputShapes.dropFirst() where s != inputShapes[0] {
      throw shapeError("inputs have shapes \(inputShapes[0]) and \(s); all must match")
    }
    return inputShapes[0]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    output = BatchBuffer(try outputShape(for: inputShapes), maxBatchSize: maxBatchSize)
    inputCount = inputShapes.count
  }

  /// Forward pass; returns a view of this layer's output buffer.
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

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    Array(repeating: outputGradient, count: inputCount)
  }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    (inputShapes.first?.count ?? 0) * max(inputShapes.count - 1, 0)
  }
}

/// Concatenation along the channel (last) axis (Keras `Concatenate`, axis −1).
public final class ConcatenateLayer: Layer, WritesOwnInputGradients {
  /// The layer's unique name in the graph.
  public let name: String
  /// The spec's type name.
  public var typeName: String { "concatenate" }
  /// Keras's class name, for summaries.
  public var className: String { "Concatenate" }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradients: [BatchBuffer] = []

  /// Creates the layer.
  public init(name: String) { self.name = name }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    guard inputShapes.count >= 2 else {
      throw shapeError("expected at least 2 inputs, got \(inputShapes.count)")
    }
    let first = inputShapes[0]
    guard first.rank >= 1 else { throw shapeError("inputs need a channel axis, got \(first)") }
    var channels = 0
    for s in inputShapes {
      guard s.rank == first.rank else {
        throw shapeError("inputs have shapes \(first) and \(s) of different ranks")
      }
      for axis in 0..<(s.rank - 1) where s[axis] != first[axis] {
        let what = s.rank == 3 ? ["heights", "widths"][axis] : "sizes \(axis + 1)"
        throw shapeError(
          "inputs have \(what) \(first[axis]) and \(s[axis]) (shapes \(first) and \(s)); all but the channel axis must match"
        )
      }
      channels += s[s.rank - 1]
    }
    var out = first
    out[first.rank - 1] = channels
    return out
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    output = BatchBuffer(try outputShape(for: inputShapes), maxBatchSize: maxBatchSize)
    inputGradients = inputShapes.enumerated().map {
      BatchBuffer(inputGradient: $1, slot: $0, maxBatchSize: maxBatchSize, context: context)
    }
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let y = output.view(inputs[0].shape[0])
    concatenateLastAxisForward(inputs: inputs, output: y)
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    let batch = outputGradient.shape[0]
    let dxs = inputGradients.map { $0.view(batch) }
    concatenateLastAxisBackward(outputGradient: outputGradient, inputGradients: dxs)
    return dxs
  }
}
