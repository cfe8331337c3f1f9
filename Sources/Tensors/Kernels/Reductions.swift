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
  let src = UnsafePointer(x.baseAddress!)
  // Float32 accumulation row after row, as TensorFlow's bias gradient. Each column's sum runs
  // down the rows in order, so keeping up to 64 columns in four 16-lane registers over all rows
  // (instead of reloading `out` for every row, which may alias `x` as far as the compiler knows)
  // adds the same numbers in the same order.
  var j = 0
  while j + 16 <= columns {
    let width = min((columns - j) / 16, 4)
    var a0 = load16(out, j)
    var a1 = width > 1 ? load16(out, j + 16) : .zero
    var a2 = width > 2 ? load16(out, j + 32) : .zero
    var a3 = width > 3 ? load16(out, j + 48) : .zero
    var row = src + j
    for _ in 0..<rows {
      a0 += load16(row, 0)
      if width > 1 { a1 += load16(row, 16) }
      if width > 2 { a2 += load16(row, 32) }
      if width > 3 { a3 += load16(row, 48) }
      row += columns
    }
    store16(a0, out, j)
    if width > 1 { store16(a1, out, j + 16) }
    if width > 2 { store16(a2, out, j + 32) }
    if width > 3 { store16(a3, out, j + 48) }
    j += 16 * width
  }
  if j < columns {
    for r in 0..<rows {
      let row = src + r * columns
      for c in j..<columns { out[c] += row[c] }
    }
  }
}

/// Tensor form of `sum`.
public func sum(_ x: Tensor) -> Float { sum(UnsafeBufferPointer(x.buffer)) }
/// Tensor form of `mean`.
public func mean(_ x: Tensor) -> Float { mean(UnsafeBufferPointer(x.buffer)) }
/// Tensor form of `sumOfSquares`.
public func sumOfSquares(_ x: Tensor) -> Float { sumOfSquares(UnsafeBufferPointer(x.buffer)) }
