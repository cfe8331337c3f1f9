// Bias addition over the last (channel) axis, separate or fused with an activation.

/// `x[r, j] += bias[j]` for `x` seen as `[rows, bias.count]`.
public func addBias(_ x: UnsafeMutableBufferPointer<Float>, bias: UnsafeMutableBufferPointer<Float>) {
  let c = bias.count
  precondition(c > 0 && x.count % c == 0, "addBias: \(x.count) elements, \(c) channels")
  let p = x.baseAddress!, b = bias.baseAddress!
  for r in 0..<(x.count / c) {
    let row = p + r * c
    for j in 0..<c { row[j] += b[j] }
  }
}

/// Tensor form of `addBias`: `x += bias` broadcast over the last axis.
public func addBias(_ x: Tensor, bias: Tensor) { addBias(x.buffer, bias: bias.buffer) }

/// `output = activation(input + bias)` (bias over the last axis), in one pass.
///
/// `preactivation` receives `input + bias` when given (what the backward pass of activations that
/// need their input reads); it may be `input` itself. `output` may alias `input`.
public func addBiasActivationForward(
  _ activation: ActivationFunction, input: UnsafeMutableBufferPointer<Float>,
  bias: UnsafeMutableBufferPointer<Float>, preactivation: UnsafeMutableBufferPointer<Float>?,
  output: UnsafeMutableBufferPointer<Float>
) {
  let c = bias.count
  precondition(c > 0 && input.count % c == 0, "addBiasActivation: \(input.count) elements, \(c) channels")
  precondition(output.count == input.count && (preactivation?.count ?? input.count) == input.count)
  let x = input.baseAddress!, b = bias.baseAddress!, y = output.baseAddress!
  let z = preactivation?.baseAddress
  let rows = input.count / c
  parallelFor(rows, workPerItem: c * 4) { range in
    for r in range {
      let o = r * c
      if let z {
        for j in 0..<c { z[o + j] = x[o + j] + b[j] }
        activation.apply(UnsafePointer(z + o), y + o, count: c)
      } else {
        for j in 0..<c { y[o + j] = x[o + j] + b[j] }
        activation.apply(UnsafePointer(y + o), y + o, count: c)
      }
    }
  }
}

/// Fills each row of `y` (`rows × columns`) with `values` (`columns` elements).
@usableFromInline
func fillRows(
  _ y: UnsafeMutablePointer<Float>, rows: Int, with values: UnsafeMutablePointer<Float>, columns: Int
) {
  for r in 0..<rows { (y + r * columns).update(from: values, count: columns) }
}
