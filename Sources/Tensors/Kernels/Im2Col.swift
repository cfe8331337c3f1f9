/// im2col and col2im for NHWC images and HWIO kernels.
///
/// Row `(n, oh, ow)` of the column matrix holds the input patch under output pixel `(oh, ow)` of
/// sample `n`, ordered `(kh, kw, c)`, so that `columns · kernel` (kernel seen as
/// `[kh*kw*C_in, C_out]`) is the NHWC output. Padded positions are zero. Taps are `dilation`
/// apart; with groups, `group` selects the block of `C_in / groups` channels that is packed (so
/// each group's columns multiply that group's kernel columns in one GEMM).
enum Im2Col {
  /// Writes the column rows of samples `first ..< first + count` of `input` to `columns`.
  ///
  /// With `onesColumn`, each row gets one more element, 1 (rows `patchSize + 1` long): the GEMM
  /// against a kernel with the bias as its last row then adds the bias itself (`BiasColumn`).
  static func pack(
    _ input: UnsafePointer<Float>, first: Int, count: Int, geometry g: Conv2DGeometry, group: Int = 0,
    onesColumn: Bool = false, into columns: UnsafeMutablePointer<Float>
  ) {
    let h = g.height, w = g.width, c = g.inputChannels
    let cg = g.groupInputChannels, c0 = group * cg
    let patch = g.patchSize + (onesColumn ? 1 : 0)
    let rowsPerSample = h.output * w.output
    let inSample = h.input * w.input * c
    // A kernel row is one run of memory when its taps and channels are contiguous.
    let runs = w.dilation == 1 && cg == c
    parallelFor(count, workPerItem: rowsPerSample * patch) { range in
      for s in range {
        let x = input + (first + s) * inSample + c0
        var dst = columns + s * rowsPerSample * patch
        for oh in 0..<h.output {
          let ih0 = oh * h.stride - h.padBefore
          for ow in 0..<w.output {
            let iw0 = ow * w.stride - w.padBefore
            let fullRow = iw0 >= 0 && iw0 + w.effectiveWindow <= w.input
            for kh in 0..<h.window {
              let ih = ih0 + kh * h.dilation
              if ih < 0 || ih >= h.input {
                dst.update(repeating: 0, count: w.window * cg)
              } else if runs && fullRow {
                dst.update(from: x + (ih * w.input + iw0) * c, count: w.window * c)
              } else {
                for kw in 0..<w.window {
                  let iw = iw0 + kw * w.dilation
                  if iw < 0 || iw >= w.input {
                    (dst + kw * cg).update(repeating: 0, count: cg)
                  } else {
                    (dst + kw * cg).update(from: x + (ih * w.input + iw) * c, count: cg)
                  }
                }
              }
              dst += w.window * cg
            }
            if onesColumn {
              dst.pointee = 1
              dst += 1
            }
          }
        }
      }
    }
  }

  /// Adds the column rows of samples `first ..< first + count` back into their image positions
  /// of `image` (the transpose of `pack`); padded positions are dropped.
  static func unpackAdding(
    _ columns: UnsafePointer<Float>, first: Int, count: Int, geometry g: Conv2DGeometry, group: Int = 0,
    into image: UnsafeMutablePointer<Float>
  ) {
    let h = g.height, w = g.width, c = g.inputChannels
    let cg = g.groupInputChannels, c0 = group * cg
    let patch = g.patchSize
    let rowsPerSample = h.output * w.output
    let inSample = h.input * w.input * c
    let runs = w.dilation == 1 && cg == c
    parallelFor(count, workPerItem: rowsPerSample * patch) { range in
      for s in range {
        let x = image + (first + s) * inSample + c0
        var src = columns + s * rowsPerSample * patch
        for oh in 0..<h.output {
          let ih0 = oh * h.stride - h.padBefore
          for ow in 0..<w.output {
            let iw0 = ow * w.stride - w.padBefore
            for kh in 0..<h.window {
              let ih = ih0 + kh * h.dilation
              if ih >= 0 && ih < h.input {
                if runs {
                  let lo = max(0, -iw0)
                  let hi = min(w.window, w.input - iw0)
                  if lo < hi {
                    let d = x + (ih * w.input + iw0 + lo) * c
                    let sp = src + lo * c
                    for i in 0..<((hi - lo) * c) { d[i] += sp[i] }
                  }
                } else {
                  for kw in 0..<w.window {
                    let iw = iw0 + kw * w.dilation
                    if iw < 0 || iw >= w.input { continue }
                    let d = x + (ih * w.input + iw) * c
                    let sp = src + kw * cg
                    for i in 0..<cg { d[i] += sp[i] }
                  }
                }
              }
              src += w.window * cg
            }
          }
        }
      }
    }
  }
}
