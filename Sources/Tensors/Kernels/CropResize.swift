/// Per-output-index taps of one axis of a separable crop-and-resize: output index `o` reads
/// `(1 − weight[o]) · x[low[o]] + weight[o] · x[high[o]]` along that axis.
///
/// A plain crop has `low = high = start + o` and weight 0; a bilinear resize of a window
/// `start ..< start + size` to `count` uses half-pixel centres, clamped to the window (TensorFlow's
/// `resize_bilinear` with `half_pixel_centers`, JAX's `image.resize` without antialiasing).
public struct AxisTaps: Sendable {
  /// First input index read by each output index.
  public var low: [Int]
  /// Second input index read by each output index.
  public var high: [Int]
  /// Weight of `high` for each output index.
  public var weight: [Float]

  /// Taps for `count` outputs (all reading index 0 until set).
  public init(count: Int) {
    low = Array(repeating: 0, count: count)
    high = Array(repeating: 0, count: count)
    weight = Array(repeating: 0, count: count)
  }

  /// The number of output indices.
  public var count: Int { low.count }

  /// Sets the taps to read the window `start ..< start + size`, resized to `count` bilinearly
  /// (a plain copy when `size == count`). Writes in place.
  public mutating func set(start: Int, size: Int) {
    precondition(size >= 1)
    let n = count
    if size == n {
      for o in 0..<n {
        low[o] = start + o
        high[o] = start + o
        weight[o] = 0
      }
      return
    }
    let scale = Double(size) / Double(n)
    for o in 0..<n {
      let source = (Double(o) + 0.5) * scale - 0.5
      let floor = source.rounded(.down)
      low[o] = start + min(max(Int(floor), 0), size - 1)
      high[o] = start + min(max(Int(source.rounded(.up)), 0), size - 1)
      weight[o] = Float(source - floor)
    }
  }
}

/// Crop-and-resize of NHWC images, the same window for every image:
/// `y[n, i, j, :] = Σ row taps of i × column taps of j of x[n, ·, ·, :]`.
public func cropResizeForward(input: Tensor, output: Tensor, rows: AxisTaps, columns: AxisTaps) {
  let (n, h, w, c, oh, ow) = checkCropShapes(input, output, rows, columns)
  let x = UnsafePointer(input.buffer.baseAddress!), y = output.buffer.baseAddress!
  rows.low.withUnsafeBufferPointer { rl in
    rows.high.withUnsafeBufferPointer { rh in
      rows.weight.withUnsafeBufferPointer { rw in
        columns.low.withUnsafeBufferPointer { cl in
          columns.high.withUnsafeBufferPointer { ch in
            columns.weight.withUnsafeBufferPointer { cw in
              parallelFor(n * oh, workPerItem: ow * c * 4) { items in
                for item in items {
                  let s = item / oh, i = item % oh
                  let r0 = x + (s * h + rl[i]) * w * c, r1 = x + (s * h + rh[i]) * w * c
                  let wy = rw[i]
                  let out = y + item * ow * c
                  for j in 0..<ow {
                    let wx = cw[j]
                    let p00 = r0 + cl[j] * c, p01 = r0 + ch[j] * c
                    let p10 = r1 + cl[j] * c, p11 = r1 + ch[j] * c
                    let o = out + j * c
                    for k in 0..<c {
                      let top = p00[k] + wx * (p01[k] - p00[k])
                      let bottom = p10[k] + wx * (p11[k] - p10[k])
                      o[k] = top + wy * (bottom - top)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/// The adjoint of `cropResizeForward`: output gradients scattered back to the pixels they read,
/// zero elsewhere. Overwrites `inputGradient`.
public func cropResizeBackward(
  outputGradient: Tensor, inputGradient: Tensor, rows: AxisTaps, columns: AxisTaps
) {
  let (n, h, w, c, oh, ow) = checkCropShapes(inputGradient, outputGradient, rows, columns)
  let dy = UnsafePointer(outputGradient.buffer.baseAddress!), dx = inputGradient.buffer.baseAddress!
  rows.low.withUnsafeBufferPointer { rl in
    rows.high.withUnsafeBufferPointer { rh in
      rows.weight.withUnsafeBufferPointer { rw in
        columns.low.withUnsafeBufferPointer { cl in
          columns.high.withUnsafeBufferPointer { ch in
            columns.weight.withUnsafeBufferPointer { cw in
              // Output rows of one image may scatter into the same input rows: split by image.
              parallelFor(n, workPerItem: oh * ow * c * 4) { samples in
                for s in samples {
                  dx.advanced(by: s * h * w * c).update(repeating: 0, count: h * w * c)
                  for i in 0..<oh {
                    let r0 = dx + (s * h + rl[i]) * w * c, r1 = dx + (s * h + rh[i]) * w * c
                    let wy = rw[i]
                    let g = dy + (s * oh + i) * ow * c
                    for j in 0..<ow {
                      let wx = cw[j]
                      let w00 = (1 - wy) * (1 - wx), w01 = (1 - wy) * wx, w10 = wy * (1 - wx), w11 = wy * wx
                      let p00 = r0 + cl[j] * c, p01 = r0 + ch[j] * c
                      let p10 = r1 + cl[j] * c, p11 = r1 + ch[j] * c
                      let gj = g + j * c
                      for k in 0..<c {
                        let v = gj[k]
                        p00[k] += w00 * v
                        p01[k] += w01 * v
                        p10[k] += w10 * v
                        p11[k] += w11 * v
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

private func checkCropShapes(_ input: Tensor, _ output: Tensor, _ rows: AxisTaps, _ columns: AxisTaps)
  -> (Int, Int, Int, Int, Int, Int)
{
  precondition(input.shape.rank == 4 && output.shape.rank == 4, "crop: rank-4 tensors expected")
  let (n, h, w, c) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
  precondition(
    output.shape == [n, rows.count, columns.count, c],
    "crop: output \(output.shape) for taps \(rows.count)×\(columns.count)")
  precondition(
    rows.low.allSatisfy { $0 >= 0 && $0 < h } && rows.high.allSatisfy { $0 >= 0 && $0 < h }
      && columns.low.allSatisfy { $0 >= 0 && $0 < w } && columns.high.allSatisfy { $0 >= 0 && $0 < w },
    "crop: taps outside a \(h)×\(w) image")
  return (n, h, w, c, rows.count, columns.count)
}
