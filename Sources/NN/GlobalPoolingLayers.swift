import Tensors

/// Mean or maximum over every axis but the last: (steps, c) or (h, w, c) → (c,) (Keras
/// `GlobalAveragePooling1D`, `GlobalMaxPooling1D`, `GlobalMaxPooling2D`, `keepdims=False`).
///
/// The maximum's gradient is split evenly between tied maxima, as the gradient of
/// `tf.reduce_max` (and `jax.numpy.max`) that Keras's `ops.max` calls; ties are rare in practice.
public final class GlobalPoolingLayer: Layer {
  /// Which reduction the layer applies.
  public enum Kind: Sendable { case average, max }

  /// The layer's unique name in the graph.
  public let name: String
  /// Mean or maximum.
  public let kind: Kind
  /// 1 (steps, features) or 2 (height, width, channels).
  public let spatialRank: Int
  /// The spec's type name.
  public var typeName: String { "global_\(kind == .max ? "max" : "average")_pooling\(spatialRank)d" }
  /// Keras's class name, for summaries.
  public var className: String { "Global\(kind == .max ? "Max" : "Average")Pooling\(spatialRank)D" }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  private var lastInput: Tensor?

  /// Creates the layer; `spatialRank` is 1 or 2.
  public init(name: String, kind: Kind, spatialRank: Int) {
    precondition(spatialRank == 1 || spatialRank == 2, "global pooling: spatial rank 1 or 2")
    self.name = name
    self.kind = kind
    self.spatialRank = spatialRank
  }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    let s = inputShapes[0]
    try expectRank(s, spatialRank + 1, spatialRank == 1 ? "steps, features" : "height, width, channels")
    if s.count == 0 { throw shapeError("input \(s) has no elements to pool") }
    return [s[spatialRank]]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    output = BatchBuffer(try outputShape(for: inputShapes), maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(backwardOnly: inputShapes[0], maxBatchSize: maxBatchSize, context: context)
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastInput = x
    let batch = x.shape[0]
    let y = output.view(batch)
    let c = y.count / batch
    let rows = x.count / (batch * c)
    let xb = UnsafePointer(x.buffer.baseAddress!), yb = y.buffer.baseAddress!
    let isMax = kind == .max
    parallelFor(batch, workPerItem: rows * c) { range in
      for n in range {
        let base = n * rows * c
        for j in 0..<c { yb[n * c + j] = xb[base + j] }
        for r in 1..<max(rows, 1) {
          let o = base + r * c
          for j in 0..<c {
            if isMax { yb[n * c + j] = max(yb[n * c + j], xb[o + j]) } else { yb[n * c + j] += xb[o + j] }
          }
        }
        if !isMax { for j in 0..<c { yb[n * c + j] /= Float(rows) } }
      }
    }
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    let batch = outputGradient.shape[0]
    let dx = inputGradient.view(batch)
    let c = outputGradient.count / batch
    let rows = dx.count / (batch * c)
    let dy = UnsafePointer(outputGradient.buffer.baseAddress!), d = dx.buffer.baseAddress!
    guard kind == .max else {
      let scale = 1 / Float(rows)
      parallelFor(batch, workPerItem: rows * c) { range in
        for n in range {
          for r in 0..<rows { for j in 0..<c { d[(n * rows + r) * c + j] = dy[n * c + j] * scale } }
        }
      }
      return [dx]
    }
    guard let x = lastInput else { preconditionFailure("\(typeName) '\(name)': backward before forward") }
    let xb = UnsafePointer(x.buffer.baseAddress!)
    let y = UnsafePointer(output.view(batch).buffer.baseAddress!)
    parallelFor(batch, workPerItem: 2 * rows * c) { range in
      for n in range {
        let base = n * rows * c
        for j in 0..<c {
          var ties: Float = 0
          for r in 0..<rows where xb[base + r * c + j] == y[n * c + j] { ties += 1 }
          let share = dy[n * c + j] / max(ties, 1)
          for r in 0..<rows {
            d[base + r * c + j] = xb[base + r * c + j] == y[n * c + j] ? share : 0
          }
        }
      }
    }
    return [dx]
  }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int { inputShapes.first?.count ?? 0 }
}
