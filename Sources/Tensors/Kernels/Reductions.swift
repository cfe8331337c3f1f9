// Reductions over float32 buffers. Whole-buffer reductions accumulate in Double so that the
// result does not depend on summation order to float32 precision.

/// Σ xᵢ.
public func sum(_ x: UnsafeBufferPointer<Float>) -> Float {
  var s = 0.0
  for v in x { s += Double(v) }
  return Float(s)
}

/// Σ xᵢ / count (0 for an empty buffer).
public func mean(_ x: UnsafeBufferPointer<Float>) -> Float {
  x.isEmpty ? 0 : Float(Double(sum(x)) / Double(x.count))
}

/// Σ xᵢ², as used by L2 regularisation and gradient-norm clipping.
public func sumOfSquares(_ x: UnsafeBufferPointer<Float>) -> Float {
  var s = 0.0
  for v in x { s += Double(v) * Double(v) }
  return Float(s)
}

/// Column sums of `x` seen as `[rows, columns]` (rows = all leading axes): the bias gradient
/// `Σ_rows dY`, or a sum over the batch axis. Written to `output` (`columns` elements), or added to
/// it when `accumulate` is true.
public func sumRows(
  _ x: UnsafeMutableBufferPointer<Float>, columns: Int, into output: UnsafeMutableBufferPointer<Float>,
  accumulate: Bool = false
) {
  precondition(columns > 0 && x.count % columns == 0, "sumRows: \(x.count) elements, \(columns) columns")
  precondition(output.count == columns, "sumRows: output has \(output.count) elements, want \(columns)")
  let rows = x.count / columns
  let out = output.baseAddress!
  if !accumulate { out.update(repeating: 0, count: columns) }
  guard rows > 0 else { return }
  let src = x.baseAddress!
  // Row by row: contiguous and vectorisable; float32 accumulation, as TensorFlow's bias gradient.
  for r in 0..<rows {
    let row = src + r * columns
    for j in 0..<columns { out[j] += row[j] }
  }
}

/// Tensor form of `sum`.
public func sum(_ x: Tensor) -> Float { sum(UnsafeBufferPointer(x.buffer)) }
/// Tensor form of `mean`.
public func mean(_ x: Tensor) -> Float { mean(UnsafeBufferPointer(x.buffer)) }
/// Tensor form of `sumOfSquares`.
public func sumOfSquares(_ x: Tensor) -> Float { sumOfSquares(UnsafeBufferPointer(x.buffer)) }
