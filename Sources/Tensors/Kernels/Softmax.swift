/// Softmax over the last axis, numerically stable (each row's maximum is subtracted before `exp`).
public func softmaxForward(input: Tensor, output: Tensor) {
  precondition(
    input.shape == output.shape && input.shape.rank >= 1, "softmax: \(input.shape) → \(output.shape)")
  let c = input.shape.dims.last!
  if c == 0 { return }
  let x = UnsafePointer(input.buffer.baseAddress!), y = output.buffer.baseAddress!
  parallelFor(input.count / c, workPerItem: c * 16) { rows in
    for r in rows {
      let xr = x + r * c, yr = y + r * c
      var m = xr[0]
      for k in 1..<c where xr[k] > m { m = xr[k] }
      var s: Float = 0
      for k in 0..<c {
        let e = expf32(xr[k] - m)
        yr[k] = e
        s += e
      }
      let inv = 1 / s
      for k in 0..<c { yr[k] *= inv }
    }
  }
}

/// Backward of softmax (the Jacobian-vector product) from its output `y`:
/// `dx = y ⊙ (dy − Σ_k dy_k y_k)` per row. `inputGradient` may be `outputGradient`.
public func softmaxBackward(output: Tensor, outputGradient: Tensor, inputGradient: Tensor) {
  precondition(
    output.shape == outputGradient.shape && output.shape == inputGradient.shape && output.shape.rank >= 1,
    "softmax backward: \(output.shape), \(outputGradient.shape), \(inputGradient.shape)")
  let c = output.shape.dims.last!
  if c == 0 { return }
  let y = UnsafePointer(output.buffer.baseAddress!), dy = UnsafePointer(outputGradient.buffer.baseAddress!)
  let dx = inputGradient.buffer.baseAddress!
  parallelFor(output.count / c, workPerItem: c * 4) { rows in
    for r in rows {
      let o = r * c
      var dot: Float = 0
      for k in 0..<c { dot += dy[o + k] * y[o + k] }
      for k in 0..<c { dx[o + k] = y[o + k] * (dy[o + k] - dot) }
    }
  }
}
