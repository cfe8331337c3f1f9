/// How an image warp extends its input beyond the edges (Keras `fill_mode`).
///
/// As Keras's `affine_transform` (numpy and JAX backends, `scipy.ndimage.map_coordinates` on an
/// input padded by `np.pad`): each integer pixel index outside the image stands for an index
/// inside it, and interpolation then blends those pixels.
public enum ImageFillMode: String, Sendable, CaseIterable {
  /// `(d c b a | a b c d | d c b a)`: mirrored about the outer edge of the last pixel.
  case reflect
  /// `(a b c d | a b c d | a b c d)`: periodic.
  case wrap
  /// `(k k k k | a b c d | k k k k)`: the fill value.
  case constant
  /// `(a a a a | a b c d | d d d d)`: the edge pixel.
  case nearest

  /// The index inside `0 ..< n` that index `i` stands for, or -1 for the fill value.
  @inline(__always)
  public func source(_ i: Int, _ n: Int) -> Int {
    if i >= 0 && i < n { return i }
    switch self {
    case .constant: return -1
    case .nearest: return i < 0 ? 0 : n - 1
    case .wrap:
      let m = i % n
      return m < 0 ? m + n : m
    case .reflect:
      let period = 2 * n
      var m = i % period
      if m < 0 { m += period }
      return m < n ? m : period - 1 - m
    }
  }
}

/// How a warp reads between pixel centres (Keras `interpolation`).
public enum ImageInterpolation: String, Sendable, CaseIterable {
  /// The four surrounding pixels, weighted by distance (scipy order 1).
  case bilinear
  /// The closest pixel, ties to even (scipy/JAX order 0).
  case nearest
}

/// Where a warp reads and what it writes outside the image.
public struct WarpSampling: Sendable, Equatable {
  /// How indices outside the image are mapped.
  public var fillMode: ImageFillMode
  /// Bilinear or nearest reading.
  public var interpolation: ImageInterpolation
  /// The value of `constant` fill.
  public var fillValue: Float

  /// Creates a sampling rule (Keras's defaults: reflect, bilinear, 0).
  public init(
    fillMode: ImageFillMode = .reflect, interpolation: ImageInterpolation = .bilinear, fillValue: Float = 0
  ) {
    self.fillMode = fillMode
    self.interpolation = interpolation
    self.fillValue = fillValue
  }
}

/// Affine warp of NHWC images, one transform per image (Keras `ops.image.affine_transform`).
///
/// `transforms` holds six numbers per image, `(a0, a1, a2, b0, b1, b2)`: output pixel (row i,
/// column j) reads the input at column `a0·j + a1·i + a2` and row `b0·j + b1·i + b2`, pixel centres
/// at integers. Output and input have the same shape.
public func affineWarpForward(
  input: Tensor, output: Tensor, transforms: UnsafeBufferPointer<Float>, sampling: WarpSampling
) {
  let (n, h, w, c) = checkWarpShapes(input, output, transforms)
  let x = UnsafePointer(input.buffer.baseAddress!), y = output.buffer.baseAddress!
  let fill = sampling.fillValue
  let bilinear = sampling.interpolation == .bilinear
  parallelFor(n, workPerItem: h * w * c * 8) { samples in
    for s in samples {
      let xs = x + s * h * w * c
      let ys = y + s * h * w * c
      let t = transforms.baseAddress! + 6 * s
      for i in 0..<h {
        // The source coordinates of a row start here and advance by (a0, b0) per column.
        let rowX = t[1] * Float(i) + t[2], rowY = t[4] * Float(i) + t[5]
        for j in 0..<w {
          let sx = rowX + t[0] * Float(j), sy = rowY + t[3] * Float(j)
          let out = ys + (i * w + j) * c
          if bilinear {
            // Most pixels read four neighbours inside the image: no fill mode to apply.
            // Truncation is the floor for the non-negative points of this path (and cheaper
            // than `rounded(.down)`, a library call without SSE4.1).
            if sx >= 0 && sy >= 0 && sx < Float(w - 1) && sy < Float(h - 1) {
              let x0 = Int(sx), y0 = Int(sy)
              let tx = sx - Float(x0), ty = sy - Float(y0)
              let p00 = xs + (y0 * w + x0) * c
              let p01 = p00 + c, p10 = p00 + w * c, p11 = p10 + c
              @inline(__always) func lerp(_ k: Int) {
                let top = p00[k] + tx * (p01[k] - p00[k])
                let bottom = p10[k] + tx * (p11[k] - p10[k])
                out[k] = top + ty * (bottom - top)
              }
              if c == 3 {  // RGB, spelled out: the loop's overhead is most of the work otherwise
                lerp(0)
                lerp(1)
                lerp(2)
              } else {
                for k in 0..<c { lerp(k) }
              }
              continue
            }
          }
          let taps = warpTaps(sx, sy, h, w, sampling)
          for k in 0..<c { out[k] = 0 }
          for q in 0..<taps.count {
            let tap = taps[q]
            if tap.weight == 0 { continue }
            if tap.index < 0 {
              let v = tap.weight * fill
              for k in 0..<c { out[k] += v }
            } else {
              let src = xs + tap.index * c
              for k in 0..<c { out[k] += tap.weight * src[k] }
            }
          }
        }
      }
    }
  }
}

/// The adjoint of `affineWarpForward` for the same transforms (the fill value is a constant and
/// gets no gradient): each output gradient is scattered back to the pixels it was read from.
/// Overwrites `inputGradient`.
public func affineWarpBackward(
  outputGradient: Tensor, inputGradient: Tensor, transforms: UnsafeBufferPointer<Float>,
  sampling: WarpSampling
) {
  let (n, h, w, c) = checkWarpShapes(inputGradient, outputGradient, transforms)
  let dy = UnsafePointer(outputGradient.buffer.baseAddress!), dx = inputGradient.buffer.baseAddress!
  // Each image scatters only into its own input gradient, so images can run in parallel.
  parallelFor(n, workPerItem: h * w * c * 8) { samples in
    for s in samples {
      let d = dx + s * h * w * c
      let g = dy + s * h * w * c
      let t = transforms.baseAddress! + 6 * s
      d.update(repeating: 0, count: h * w * c)
      for i in 0..<h {
        let rowX = t[1] * Float(i) + t[2], rowY = t[4] * Float(i) + t[5]
        for j in 0..<w {
          let sx = rowX + t[0] * Float(j), sy = rowY + t[3] * Float(j)
          let taps = warpTaps(sx, sy, h, w, sampling)
          let gp = g + (i * w + j) * c
          for q in 0..<taps.count {
            let tap = taps[q]
            if tap.weight == 0 || tap.index < 0 { continue }
            let dst = d + tap.index * c
            for k in 0..<c { dst[k] += tap.weight * gp[k] }
          }
        }
      }
    }
  }
}

/// One input pixel read by an output pixel: flat index `row · w + col` (or -1 for the fill
/// value) and its weight.
@usableFromInline
struct WarpTap {
  var index: Int
  var weight: Float
}

/// The one (nearest) or four (bilinear) taps of an output pixel.
@usableFromInline
struct WarpTaps {
  var t0, t1, t2, t3: WarpTap
  var count: Int

  @inline(__always)
  subscript(q: Int) -> WarpTap {
    switch q {
    case 0: t0
    case 1: t1
    case 2: t2
    default: t3
    }
  }
}

/// The input pixels that source point (`sx`, `sy`) reads, fill mode applied.
@inline(__always)
private func warpTaps(_ sx: Float, _ sy: Float, _ h: Int, _ w: Int, _ sampling: WarpSampling) -> WarpTaps {
  let mode = sampling.fillMode
  func tap(_ cy: Int, _ cx: Int, _ weight: Float) -> WarpTap {
    WarpTap(index: cx < 0 || cy < 0 ? -1 : cy * w + cx, weight: weight)
  }
  switch sampling.interpolation {
  case .nearest:
    let cx = mode.source(Int(sx.rounded(.toNearestOrEven)), w)
    let cy = mode.source(Int(sy.rounded(.toNearestOrEven)), h)
    let none = WarpTap(index: -1, weight: 0)
    return WarpTaps(t0: tap(cy, cx, 1), t1: none, t2: none, t3: none, count: 1)
  case .bilinear:
    let fx = sx.rounded(.down), fy = sy.rounded(.down)
    let tx = sx - fx, ty = sy - fy
    let x0 = Int(fx), y0 = Int(fy)
    let cx0 = mode.source(x0, w), cx1 = mode.source(x0 + 1, w)
    let cy0 = mode.source(y0, h), cy1 = mode.source(y0 + 1, h)
    return WarpTaps(
      t0: tap(cy0, cx0, (1 - ty) * (1 - tx)), t1: tap(cy0, cx1, (1 - ty) * tx),
      t2: tap(cy1, cx0, ty * (1 - tx)), t3: tap(cy1, cx1, ty * tx), count: 4)
  }
}

private func checkWarpShapes(_ a: Tensor, _ b: Tensor, _ transforms: UnsafeBufferPointer<Float>)
  -> (Int, Int, Int, Int)
{
  precondition(a.shape.rank == 4 && a.shape == b.shape, "affine warp: shapes \(a.shape) and \(b.shape)")
  precondition(transforms.count >= 6 * a.shape[0], "affine warp: \(transforms.count / 6) transforms")
  return (a.shape[0], a.shape[1], a.shape[2], a.shape[3])
}
