import Tensors

/// Configuration of an `embedding` layer, with Keras 3's defaults.
public struct EmbeddingConfig: Sendable, Equatable {
  /// Size of the vocabulary: token ids are in [0, input_dim).
  public var inputDim: Int
  /// Size of each token's vector.
  public var outputDim: Int
  /// Initializer of the table; nil is Keras's default `uniform`, U(−0.05, 0.05).
  public var initializer: Initializer?
  /// Penalty on the table added to the loss.
  public var regularizer: Regularizer?

  /// Creates a configuration; both sizes must be positive.
  public init(inputDim: Int, outputDim: Int, initializer: Initializer? = nil, regularizer: Regularizer? = nil)
  {
    precondition(inputDim > 0 && outputDim > 0, "embedding: input_dim and output_dim must be positive")
    self.inputDim = inputDim
    self.outputDim = outputDim
    self.initializer = initializer
    self.regularizer = regularizer
  }
}

/// A layer whose forward pass can find its input invalid (a token id out of range): it then writes
/// a harmless output and reports the problem here, and the graph surfaces it (`Graph.inputProblem`)
/// so that training, evaluation and prediction stop with an error, as Keras raises one.
public protocol InputValidatingLayer: Layer {
  /// What was wrong with the last forward's input, or nil.
  var inputProblem: String? { get }
}

/// Token vectors looked up in a learned table (Keras `Embedding`): input ids of any shape (stored as
/// floats, truncated toward zero as Keras's cast to int), output that shape + (output_dim,).
///
/// The ids are not differentiable: the input gradient is zero. The table's gradient adds each
/// output row's gradient into the row of its id.
public final class EmbeddingLayer: InputValidatingLayer {
  /// The layer's unique name in the graph.
  public let name: String
  /// The layer's configuration.
  public let config: EmbeddingConfig
  /// The spec's type name.
  public var typeName: String { "embedding" }
  /// Keras's class name, for summaries.
  public var className: String { "Embedding" }
  /// Parameters in Keras order (embeddings); empty before `build`.
  public private(set) var parameters: [Parameter] = []
  /// The table with its regularizer, if any.
  public var regularizedParameters: [(Parameter, Regularizer)] {
    guard let r = config.regularizer, let p = parameters.first else { return [] }
    return [(p, r)]
  }
  /// What was wrong with the last forward's ids (the first id out of range), or nil.
  public private(set) var inputProblem: String?
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  /// The ids of the last forward (−1 for an invalid one, whose row is zero).
  private var ids: UnsafeMutableBufferPointer<Int32> = .init(start: nil, count: 0)

  /// Creates an unbuilt layer.
  public init(name: String, config: EmbeddingConfig) {
    self.name = name
    self.config = config
  }

  deinit { ids.deallocate() }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    let s = inputShapes[0]
    if s.rank == 0 { throw shapeError("expected token ids of rank 1 or more (sequence_length), got \(s)") }
    return Shape(s.dims + [config.outputDim])
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let shape = try outputShape(for: inputShapes)
    // Keras's default `uniform` is U(-0.05, 0.05).
    let table = context.makeParameter(
      "\(name)/embeddings", shape: [config.inputDim, config.outputDim],
      initializer: config.initializer ?? .randomUniform(minval: -0.05, maxval: 0.05))
    parameters = [table]
    output = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(backwardOnly: inputShapes[0], maxBatchSize: maxBatchSize, context: context)
    ids.deallocate()
    ids = .allocate(capacity: maxBatchSize * inputShapes[0].count)
  }

  /// Forward pass; returns a view of this layer's output buffer. An id outside [0, input_dim) gives
  /// a zero row and sets `inputProblem`.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    let y = output.view(x.shape[0])
    let d = config.outputDim, vocabulary = config.inputDim
    let xb = x.buffer, yb = y.buffer.baseAddress!
    let table = UnsafePointer(parameters[0].value.buffer.baseAddress!)
    inputProblem = nil
    let perExample = x.count / max(x.shape[0], 1)
    for i in 0..<x.count {
      let v = xb[i]
      // Keras casts the ids to int (truncation toward zero); the range check follows.
      if v.isFinite, v > -1, v < Float(vocabulary) {
        let id = Int(v)
        ids[i] = Int32(id)
        (yb + i * d).update(from: table + id * d, count: d)
      } else {
        ids[i] = -1
        (yb + i * d).update(repeating: 0, count: d)
        if inputProblem == nil {
          let shown =
            v.isFinite && v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(describing: v)
          inputProblem =
            "embedding '\(name)': token id \(shown) (example \(i / perExample), position \(i % perExample)) "
            + "is outside [0, \(vocabulary)); input_dim must exceed every id"
        }
      }
    }
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    let batch = outputGradient.shape[0]
    let d = config.outputDim
    let rows = outputGradient.count / d
    let dy = UnsafePointer(outputGradient.buffer.baseAddress!)
    let g = parameters[0].gradient.buffer.baseAddress!
    // Serial: rows of repeated ids add into the same table row.
    for r in 0..<rows {
      let id = Int(ids[r])
      guard id >= 0 else { continue }
      let dst = g + id * d, src = dy + r * d
      for j in 0..<d { dst[j] += src[j] }
    }
    let dx = inputGradient.view(batch)
    dx.zero()
    return [dx]
  }

  /// Parameter element counts for these input shapes, without building.
  public func parameterCount(inputShapes: [Shape]) -> (trainable: Int, nonTrainable: Int) {
    (config.inputDim * config.outputDim, 0)
  }
}
