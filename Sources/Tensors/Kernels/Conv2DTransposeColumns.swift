/// im2col and col2im over a transposed convolution's *output* image (NHWC, `filters` channels).
///
/// Row `(n, i, j)` of the column matrix holds the `kh × kw × filters` window of the output image
/// that input pixel `(i, j)` of sample `n` scatters into, ordered `(kh, kw, f)`; windows start at
/// `i·stride - padBefore` and positions outside the image are dropped (col2im) or read as zero
/// (im2col). This is `Im2Col` for a `Conv2DTransposeGeometry`, kept apart so that the geometry
/// may carry a negative `padAfter`.
enum TransposedColumns {
  /// Writes the column rows of samples `first ..< first + count` of `image` to `columns`.
  static func pack(
    _ image: UnsafePointer<Float>, first: Int, count: Int, geometry g: Conv2DTransposeGeometry,
    into columns: UnsafeMutablePointer<Float>
  ) {
    let h = g.height, w = g.width, c = g.filters
    let patch = g.patchSize
    let rowsPerSample = h.output * w.output
    let imageSample = h.input * w.input * c
    parallelFor(count, workPerItem: rowsPerSample * patch) { range in
      for s in range {
        let x = image + (first + s) * imageSample
        var dst = columns + s * rowsPerSample * patch
        for i in 0..<h.output {
          let ih0 = i * h.stride - h.padBefore
          for j in 0..<w.output {
            let iw0 = j * w.stride - w.padBefore
            let lo = max(0, -iw0), hi = max(lo, min(w.window, w.input - iw0))
            for kh in 0..<h.window {
              let ih = ih0 + kh
              if ih < 0 || ih >= h.input {
                dst.update(repeating: 0, count: w.window * c)
              } else {
                dst.update(repeating: 0, count: lo * c)
                (dst + lo * c).update(from: x + (ih * w.input + iw0 + lo) * c, count: (hi - lo) * c)
                (dst + hi * c).update(repeating: 0, count: (w.window - hi) * c)
              }
              dst += w.window * c
            }
          }
        }
      }
    }
  }

  /// Adds the column rows of samples `first ..< first + count` into their positions of `image`
  /// (the transpose of `pack`).
  static func unpackAdding(
    _ columns: UnsafePointer<Float>, first: Int, count: Int, geometry g: Conv2DTransposeGeometry,
    into image: UnsafeMutablePointer<Float>
  ) {
    let h = g.height, w = g.width, c = g.filters
    let patch = g.patchSize
    let rowsPerSample = h.output * w.output
    let imageSample = h.input * w.input * c
    parallelFor(count, workPerItem: rowsPerSample * patch) { range in
      for s in range {
        let y = image + (first + s) * imageSample
        var src = columns + s * rowsPerSample * patch
        for i in 0..<h.output {
          let ih0 = i * h.stride - h.padBefore
          for j in 0..<w.output {
            let iw0 = j * w.stride - w.padBefore
            let lo = max(0, -iw0), hi = min(w.window, w.input - iw0)
            for kh in 0..<h.window {
              let ih = ih0 + kh
              if ih >= 0 && ih < h.input && lo < hi {
                let d = y + (ih * w.input + iw0 + lo) * c
                let sp = src + lo * c
                for e in 0..<((hi - lo) * c) { d[e] += sp[e] }
              }
              src += w.window * c
            }
          }
        }
      }
    }
  }
}
