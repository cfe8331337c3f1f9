// Max and average pooling over NHWC tensors, forward and backward, and global average pooling.
//
// Windows at the border under `same` padding contain only the valid (non-padded) elements:
// max ignores the padding and average divides by the number of valid elements, as TensorFlow.

/// Max pooling: `output[n, i, j, c]` = max of the window; records arg-max indices (ties: the first
/// in row-major window order) in `indices` for the backward pass.
public func maxPool2dForward(
  input: Tensor, output: Tensor, indices: MaxPoolIndices, geometry g: Pool2DGeometry
) {
  let n = checkPoolShapes(input, output, g)
  precondition(indices.count >= output.count, "maxPool2d: \(indices.count) indices for \(output.shape)")
  let h = g.height, w = g.width, c = g.channels
  let x = UnsafePointer(input.buffer.baseAddress!), y = output.buffer.baseAddress!
  let arg = indices.buffer.baseAddress!
  let lane16 = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
  parallelFor(n * h.output, workPerItem: w.output * h.window * w.window * c) { rows in
    for row in rows {
      let s = row / h.output, oh = row % h.output
      let xs = x + s * h.input * w.input * c
      let (h0, h1) = windowRange(oh, h)
      for ow in 0..<w.output {
        let (w0, w1) = windowRange(ow, w)
        let o = (row * w.output + ow) * c
        let yo = y + o, ao = arg + o
        let first = (h0 * w.input + w0) * c
        if h1 - h0 == 2 && w1 - w0 == 2 {
          maxArg2x2(xs, first: first, rowStride: w.input * c, channels: c, into: yo, indices: ao)
          continue
        }
        // 16 channels at a time in registers, then the remaining channels one by one.
        var k = 0
        while k + 16 <= c {
          var best = load16(xs, first + k)
          var arg = SIMD16<Int32>(repeating: Int32(first + k)) &+ lane16
          for ih in h0..<h1 {
            for iw in w0..<w1 {
              let base = (ih * w.input + iw) * c
              if base == first { continue }
              let v = load16(xs, base + k)
              let larger = v .> best
              best.replace(with: v, where: larger)
              arg.replace(with: SIMD16<Int32>(repeating: Int32(base + k)) &+ lane16, where: larger)
            }
          }
          store16(best, yo, k)
          UnsafeMutableRawPointer(ao + k).storeBytes(of: arg, as: SIMD16<Int32>.self)
          k += 16
        }
        while k < c {
          var best = xs[first + k]
          var arg = first + k
          for ih in h0..<h1 {
            for iw in w0..<w1 {
              let base = (ih * w.input + iw) * c
              if base != first && xs[base + k] > best {
                best = xs[base + k]
                arg = base + k
              }
            }
          }
          yo[k] = best
          ao[k] = Int32(arg)
          k += 1
        }
      }
    }
  }
}

/// Backward of max pooling: each output gradient goes to its arg-max; `inputGradient` is
/// overwritten (or added to when `accumulate`).
public func maxPool2dBackward(
  outputGradient: Tensor, indices: MaxPoolIndices, inputGradient: Tensor, geometry g: Pool2DGeometry,
  accumulate: Bool = false
) {
  let n = checkPoolShapes(inputGradient, outputGradient, g)
  precondition(indices.count >= outputGradient.count)
  let perIn = g.height.input * g.width.input * g.channels
  let perOut = g.outputHeight * g.outputWidth * g.channels
  let dy = UnsafePointer(outputGradient.buffer.baseAddress!), dx = inputGradient.buffer.baseAddress!
  let arg = UnsafePointer(indices.buffer.baseAddress!)
  let h = g.height
  if !accumulate && h.stride >= h.window {
    // Windows that do not overlap along the height: output row `oh` owns a band of input rows
    // (from its window's first row to the next window's), so each band is zeroed and receives
    // its gradients while in cache, and no separate pass clears the whole input gradient. The
    // additions happen in the same order as below (row-major over the outputs), onto zeros.
    let rowFloats = g.width.input * g.channels
    let perOutRow = g.outputWidth * g.channels
    func bandStart(_ oh: Int) -> Int {
      oh == 0 ? 0 : oh == h.output ? h.input : min(max(oh * h.stride - h.padBefore, 0), h.input)
    }
    parallelFor(n * h.output, workPerItem: perOutRow + h.stride * rowFloats) { bands in
      for band in bands {
        let s = band / h.output, oh = band % h.output
        let d = dx + s * perIn
        let first = bandStart(oh), end = bandStart(oh + 1)
        (d + first * rowFloats).update(repeating: 0, count: (end - first) * rowFloats)
        let a = arg + band * perOutRow, gy = dy + band * perOutRow
        for i in 0..<perOutRow { d[Int(a[i])] += gy[i] }
      }
    }
    return
  }
  if !accumulate { inputGradient.zero() }
  parallelFor(n, workPerItem: perOut) { samples in
    for s in samples {
      let d = dx + s * perIn, a = arg + s * perOut, gy = dy + s * perOut
      for i in 0..<perOut { d[Int(a[i])] += gy[i] }
    }
  }
}

/// Average pooling: mean over the valid elements of each window.
public func averagePool2dForward(input: Tensor, output: Tensor, geometry g: Pool2DGeometry) {
  let n = checkPoolShapes(input, output, g)
  let h = g.height, w = g.width, c = g.channels
  let x = UnsafePointer(input.buffer.baseAddress!), y = output.buffer.baseAddress!
  parallelFor(n * h.output, workPerItem: w.output * h.window * w.window * c) { rows in
    for row in rows {
      let s = row / h.output, oh = row % h.output
      let xs = x + s * h.input * w.input * c
      let (h0, h1) = windowRange(oh, h)
      for ow in 0..<w.output {
        let (w0, w1) = windowRange(ow, w)
        let yo = y + (row * w.output + ow) * c
        yo.update(repeating: 0, count: c)
        for ih in h0..<h1 {
          for iw in w0..<w1 {
            let xi = xs + (ih * w.input + iw) * c
            for k in 0..<c { yo[k] += xi[k] }
          }
        }
        let scale = 1 / Float((h1 - h0) * (w1 - w0))
        for k in 0..<c { yo[k] *= scale }
      }
    }
  }
}

/// Backward of average pooling: each output gradient, divided by its window's valid count, is
/// added to every valid element of the window. `inputGradient` is overwritten (or added to).
public func averagePool2dBackward(
  outputGradient: Tensor, inputGradient: Tensor, geometry g: Pool2DGeometry, accumulate: Bool = false
) {
  let n = checkPoolShapes(inputGradient, outputGradient, g)
  if !accumulate { inputGradient.zero() }
  let h = g.height, w = g.width, c = g.channels
  let dy = UnsafePointer(outputGradient.buffer.baseAddress!), dx = inputGradient.buffer.baseAddress!
  parallelFor(n, workPerItem: h.output * w.output * h.window * w.window * c) { samples in
    for s in samples {
      let ds = dx + s * h.input * w.input * c
      for oh in 0..<h.output {
        let (h0, h1) = windowRange(oh, h)
        for ow in 0..<w.output {
          let (w0, w1) = windowRange(ow, w)
          let gy = dy + ((s * h.output + oh) * w.output + ow) * c
          let scale = 1 / Float((h1 - h0) * (w1 - w0))
          for ih in h0..<h1 {
            for iw in w0..<w1 {
              let d = ds + (ih * w.input + iw) * c
              for k in 0..<c { d[k] += gy[k] * scale }
            }
          }
        }
      }
    }
  }
}

/// Global average pooling: `[N, H, W, C]` → `[N, C]`, the mean over H and W.
public func globalAveragePool2dForward(input: Tensor, output: Tensor) {
  precondition(input.shape.rank == 4, "globalAveragePool2d input \(input.shape)")
  let n = input.shape[0], hw = input.shape[1] * input.shape[2], c = input.shape[3]
  precondition(output.shape == [n, c], "globalAveragePool2d output \(output.shape) for \(input.shape)")
  let x = UnsafePointer(input.buffer.baseAddress!), y = output.buffer.baseAddress!
  let scale = 1 / Float(max(hw, 1))
  parallelFor(n, workPerItem: hw * c) { samples in
    for s in samples {
      let yo = y + s * c
      yo.update(repeating: 0, count: c)
      for p in 0..<hw {
        let xi = x + (s * hw + p) * c
        for k in 0..<c { yo[k] += xi[k] }
      }
      for k in 0..<c { yo[k] *= scale }
    }
  }
}

/// Backward of global average pooling: `dX[n, h, w, c] = dY[n, c] / (H·W)`; overwrites (or adds to)
/// `inputGradient`.
public func globalAveragePool2dBackward(
  outputGradient: Tensor, inputGradient: Tensor, accumulate: Bool = false
) {
  precondition(inputGradient.shape.rank == 4, "globalAveragePool2d dX \(inputGradient.shape)")
  let n = inputGradient.shape[0], hw = inputGradient.shape[1] * inputGradient.shape[2]
  let c = inputGradient.shape[3]
  precondition(outputGradient.shape == [n, c], "globalAveragePool2d dY \(outputGradient.shape)")
  let dy = UnsafePointer(outputGradient.buffer.baseAddress!), dx = inputGradient.buffer.baseAddress!
  let scale = 1 / Float(max(hw, 1))
  parallelFor(n, workPerItem: hw * c) { samples in
    for s in samples {
      let gy = dy + s * c
      for p in 0..<hw {
        let d = dx + (s * hw + p) * c
        if accumulate {
          for k in 0..<c { d[k] += gy[k] * scale }
        } else {
          for k in 0..<c { d[k] = gy[k] * scale }
        }
      }
    }
  }
}

/// The valid input range `[start, end)` of window `o` along `axis`.
@inline(__always)
private func windowRange(_ o: Int, _ axis: AxisGeometry) -> (Int, Int) {
  let start = o * axis.stride - axis.padBefore
  return (max(start, 0), min(start + axis.window, axis.input))
}

/// Checks input/output shapes against the geometry once; returns the batch size.
func checkPoolShapes(_ input: Tensor, _ output: Tensor, _ g: Pool2DGeometry) -> Int {
  let n = input.shape.rank == 4 ? input.shape[0] : -1
  precondition(input.shape == g.inputShape(batch: n), "pooling input \(input.shape) for \(g)")
  precondition(output.shape == g.outputShape(batch: n), "pooling output \(output.shape) for \(g)")
  return n
}

/// One full 2×2 window (`pool_size: 2`) with its arg-max: the four positions in the general loop's
/// row-major order, a later one winning only when strictly larger, without its loop bookkeeping.
@inline(__always)
private func maxArg2x2(
  _ xs: UnsafePointer<Float>, first: Int, rowStride: Int, channels c: Int, into y: UnsafeMutablePointer<Float>,
  indices a: UnsafeMutablePointer<Int32>
) {
  let lane16 = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
  let o1 = first + c, o2 = first + rowStride, o3 = o2 + c
  var k = 0
  while k + 16 <= c {
    var best = load16(xs, first + k)
    var arg = SIMD16<Int32>(repeating: Int32(first + k)) &+ lane16
    @inline(__always) func visit(_ offset: Int) {
      let v = load16(xs, offset + k)
      let larger = v .> best
      best.replace(with: v, where: larger)
      arg.replace(with: SIMD16<Int32>(repeating: Int32(offset + k)) &+ lane16, where: larger)
    }
    visit(o1)
    visit(o2)
    visit(o3)
    store16(best, y, k)
    UnsafeMutableRawPointer(a + k).storeBytes(of: arg, as: SIMD16<Int32>.self)
    k += 16
  }
  while k < c {
    var best = xs[first + k]
    var arg = first + k
    if xs[o1 + k] > best { (best, arg) = (xs[o1 + k], o1 + k) }
    if xs[o2 + k] > best { (best, arg) = (xs[o2 + k], o2 + k) }
    if xs[o3 + k] > best { (best, arg) = (xs[o3 + k], o3 + k) }
    y[k] = best
    a[k] = Int32(arg)
    k += 1
  }
}
