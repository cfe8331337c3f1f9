/// Max pooling without arg-max indices, for graphs built for inference (`predict`, `evaluate`):
/// the same maxima as `maxPool2dForward` (same comparisons in the same order, so bitwise equal),
/// without the index stores and the index arithmetic that only backward needs.
public func maxPool2dForward(input: Tensor, output: Tensor, geometry g: Pool2DGeometry) {
  let n = checkPoolShapes(input, output, g)
  let h = g.height, w = g.width, c = g.channels
  let x = UnsafePointer(input.buffer.baseAddress!), y = output.buffer.baseAddress!
  parallelFor(n * h.output, workPerItem: w.output * h.window * w.window * c) { rows in
    for row in rows {
      let s = row / h.output, oh = row % h.output
      let xs = x + s * h.input * w.input * c
      let start = oh * h.stride - h.padBefore
      let h0 = max(start, 0), h1 = min(start + h.window, h.input)
      for ow in 0..<w.output {
        let wStart = ow * w.stride - w.padBefore
        let w0 = max(wStart, 0), w1 = min(wStart + w.window, w.input)
        let yo = y + (row * w.output + ow) * c
        let first = xs + (h0 * w.input + w0) * c
        if h1 - h0 == 2 && w1 - w0 == 2 {
          max2x2(first, rowStride: w.input * c, channels: c, into: yo)
          continue
        }
        var k = 0
        // 16 channels at a time; the window's first element starts the maximum, as in the indexed
        // kernel, and a later element replaces it only when strictly larger.
        while k + 16 <= c {
          var best = load16(first, k)
          for ih in h0..<h1 {
            for iw in w0..<w1 where ih != h0 || iw != w0 {
              let v = load16(xs, (ih * w.input + iw) * c + k)
              best.replace(with: v, where: v .> best)
            }
          }
          store16(best, yo, k)
          k += 16
        }
        while k < c {
          var best = first[k]
          for ih in h0..<h1 {
            for iw in w0..<w1 where ih != h0 || iw != w0 {
              let v = xs[(ih * w.input + iw) * c + k]
              if v > best { best = v }
            }
          }
          yo[k] = best
          k += 1
        }
      }
    }
  }
}

/// One full 2×2 window (the common `pool_size: 2`): the four positions in row-major order, as the
/// general loop visits them, without its loop bookkeeping (which cost more than the loads).
@inline(__always)
private func max2x2(_ p: UnsafePointer<Float>, rowStride: Int, channels c: Int, into y: UnsafeMutablePointer<Float>) {
  let p1 = p + c, p2 = p + rowStride, p3 = p2 + c
  var k = 0
  while k + 16 <= c {
    var best = load16(p, k)
    let v1 = load16(p1, k)
    best.replace(with: v1, where: v1 .> best)
    let v2 = load16(p2, k)
    best.replace(with: v2, where: v2 .> best)
    let v3 = load16(p3, k)
    best.replace(with: v3, where: v3 .> best)
    store16(best, y, k)
    k += 16
  }
  while k < c {
    var best = p[k]
    if p1[k] > best { best = p1[k] }
    if p2[k] > best { best = p2[k] }
    if p3[k] > best { best = p3[k] }
    y[k] = best
    k += 1
  }
}
