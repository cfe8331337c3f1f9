/// log softmax over the last axis: `y = x − m − log Σ e^{x − m}` with m the row maximum, so no
/// `exp` overflows and no probability underflows to a `log 0`.
public func logSoftmaxForward(input: Tensor, output: Tensor) {
  precondition(
    input.shape == output.shape && input.shape.rank >= 1, "log_softmax: \(input.shape) → \(output.shape)")
  let c = input.shape.dims.last!
  if c == 0 { return }
  let x = UnsafePointer(input.buffer.baseAddress!), y = output.buffer.baseAddress!
  parallelFor(input.count / c, workPerItem: c * 16) { rows in
    for r in rows {
      let xr = x + r * c, yr = y + r * c
      var m = xr[0]
      for k in 1..<c where xr[k] > m { m = xr[k] }
      var s: Float = 0
      for k in 0..<c { s += expf32(xr[k] - m) }
      let shift = m + logf32(s)
      for k in 0..<c { yr[k] = xr[k] - shift }
    }
  }
}

/// Backward of log softmax from its output `y`: `dx = dy − softmax(x) · Σ_k dy_k` per row, with
/// softmax(x) = e^y. `inputGradient` may be `outputGradient`.
public func logSoftmaxBackward(output: Tensor, outputGradient: Tensor, inputGradient: Tensor) {
  precondition(
    output.shape == outputGradient.shape && output.shape == inputGradient.shape && output.shape.rank >= 1,
    "log_softmax backward: \(output.shape), \(outputGradient.shape), \(inputGradient.shape)")
  let c = output.shape.dims.last!
  if c == 0 { return }
  let y = UnsafePointer(output.buffer.baseAddress!), dy = UnsafePointer(outputGradient.buffer.baseAddress!)
  let dx = inputGradient.buffer.baseAddress!
  parallelFor(output.count / c, workPerItem: c * 16) { rows in
    for r in rows {
      let o = r * c
      var sum: Float = 0
      for k in 0..<c { sum += dy[o + k] }
      for k in 0..<c { dx[o + k] = dy[o + k] - expf32(y[o + k]) * sum }
    }
  }
}
