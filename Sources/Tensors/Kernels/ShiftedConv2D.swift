// Stride-1 convolution as one GEMM per kernel tap over shifted views of a zero-padded input
// (no im2col matrix, no col2im scatter).
//
// Each sample is copied into a zero-padded image of `Hp × Wp` pixels (`P = Hp·Wp` rows of C_in),
// samples one after another. Output pixel (oh, ow) of sample s is "wide" row q = s·P + oh·Wp + ow;
// tap (kh, kw) reads padded row q + kh·Wp + kw. So for the whole chunk, tap t is one product
//   Y'[0 ..< m] += Xpad[off_t ..< off_t + m] · W_t        (m × C_in times C_in × C_out)
// with m = (count − 1)·P + (Ho − 1)·Wp + Wo, and the valid rows of Y' are the output. The rows
// between (the right and bottom margins) are computed and dropped: (P / (Ho·Wo) − 1) extra work,
// which is why `applies` requires the margins to be small. Backward is the same shifts:
//   dW_t += Xpad[off_t ..< off_t + m]ᵀ · dY'        dXpad[off_t ..< off_t + m] += dY' · W_tᵀ
// with dY' the output gradient in wide rows, zero in the margins.

enum ShiftedConv2D {
  /// Whether `g` takes this route: stride 1, a real (not 1×1) window, enough input channels per
  /// group for GEMMs with k = C_in / groups to run well, and margins adding at most a quarter to
  /// the work. Dilation only spreads the shifts (tap (kh, kw) starts d_h·kh·Wp + d_w·kw rows on);
  /// groups split each tap's product into one GEMM per group over column blocks (leading
  /// dimensions C_in and C_out), so nothing is copied per group.
  static func applies(_ g: Conv2DGeometry) -> Bool {
    guard
      g.height.stride == 1 && g.width.stride == 1 && !g.isPointwise && g.groupInputChannels >= 16
    else {
      return false
    }
    return paddedPixels(g) * 4 <= g.outputHeight * g.outputWidth * 5
  }

  static func paddedHeight(_ g: Conv2DGeometry) -> Int {
    g.height.input + g.height.padBefore + g.height.padAfter
  }
  static func paddedWidth(_ g: Conv2DGeometry) -> Int { g.width.input + g.width.padBefore + g.width.padAfter }
  static func paddedPixels(_ g: Conv2DGeometry) -> Int { paddedHeight(g) * paddedWidth(g) }

  /// Workspace floats per sample: padded input, wide output gradient, padded input gradient.
  static func floatsPerSample(_ g: Conv2DGeometry) -> Int {
    paddedPixels(g) * (2 * g.inputChannels + g.outputChannels)
  }

  /// Samples per chunk under the workspace's byte limit (at least one).
  static func samplesPerChunk(_ g: Conv2DGeometry, batch: Int, byteLimit: Int) -> Int {
    max(1, min(batch, byteLimit / MemoryLayout<Float>.stride / floatsPerSample(g)))
  }

  /// Wide rows spanned by `count` samples' outputs.
  static func rows(_ g: Conv2DGeometry, count: Int) -> Int {
    (count - 1) * paddedPixels(g) + (g.outputHeight - 1) * paddedWidth(g) + g.outputWidth
  }

  /// Row offset of tap (kh, kw).
  @inline(__always)
  static func offset(_ g: Conv2DGeometry, _ kh: Int, _ kw: Int) -> Int {
    kh * g.height.dilation * paddedWidth(g) + kw * g.width.dilation
  }

  /// Copies samples `first ..< first + count` of `x` into zero-padded images at `xp`.
  static func pad(
    _ x: UnsafePointer<Float>, first: Int, count: Int, _ g: Conv2DGeometry,
    into xp: UnsafeMutablePointer<Float>
  ) {
    let c = g.inputChannels, h = g.height.input, w = g.width.input
    let hp = paddedHeight(g), wp = paddedWidth(g)
    parallelFor(count * hp, workPerItem: wp * c) { range in
      for row in range {
        let s = row / hp, ph = row % hp
        let dst = xp + row * wp * c
        let ih = ph - g.height.padBefore
        if ih < 0 || ih >= h {
          dst.update(repeating: 0, count: wp * c)
          continue
        }
        dst.update(repeating: 0, count: g.width.padBefore * c)
        (dst + g.width.padBefore * c).update(from: x + (((first + s) * h + ih) * w) * c, count: w * c)
        (dst + (g.width.padBefore + w) * c).update(repeating: 0, count: g.width.padAfter * c)
      }
    }
  }

  static func forward(
    _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    _ y: UnsafeMutablePointer<Float>, _ g: Conv2DGeometry, batch n: Int, workspace: Conv2DWorkspace
  ) {
    let cIn = g.inputChannels, cOut = g.outputChannels, cg = g.groupInputChannels, fg = g.groupOutputChannels
    let p = paddedPixels(g), wp = paddedWidth(g), ho = g.outputHeight, wo = g.outputWidth
    let chunk = samplesPerChunk(g, batch: n, byteLimit: workspace.byteLimit)
    let space = workspace.columns(count: chunk * floatsPerSample(g))
    let xp = space, yw = space + chunk * p * cIn
    var first = 0
    while first < n {
      let count = min(chunk, n - first)
      pad(x, first: first, count: count, g, into: xp)
      let m = rows(g, count: count)
      for kh in 0..<g.kernelHeight {
        for kw in 0..<g.kernelWidth {
          let t = kh * g.kernelWidth + kw
          for j in 0..<g.groups {
            sgemm(
              m: m, n: fg, k: cg, a: xp + offset(g, kh, kw) * cIn + j * cg, lda: cIn,
              b: w + t * cg * cOut + j * fg, ldb: cOut, beta: t == 0 ? 0 : 1, c: yw + j * fg, ldc: cOut)
          }
        }
      }
      // Valid wide rows → output, plus the bias.
      let out = y + first * ho * wo * cOut
      parallelFor(count * ho, workPerItem: wo * cOut) { range in
        for row in range {
          let s = row / ho, oh = row % ho
          let src = yw + (s * p + oh * wp) * cOut
          let dst = out + row * wo * cOut
          if let bias {
            for j in 0..<wo {
              let d = dst + j * cOut, e = src + j * cOut
              for k in 0..<cOut { d[k] = e[k] + bias[k] }
            }
          } else {
            dst.update(from: src, count: wo * cOut)
          }
        }
      }
      first += count
    }
  }

  /// Kernel gradient (accumulated) and input gradient (added to `dx`) for stride-1 `g`.
  static func backward(
    _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
    dx: UnsafeMutablePointer<Float>?, dw: UnsafeMutablePointer<Float>?, _ g: Conv2DGeometry, batch n: Int,
    workspace: Conv2DWorkspace
  ) {
    let cIn = g.inputChannels, cOut = g.outputChannels, cg = g.groupInputChannels, fg = g.groupOutputChannels
    let p = paddedPixels(g), wp = paddedWidth(g), ho = g.outputHeight, wo = g.outputWidth
    let hIn = g.height.input, wIn = g.width.input
    let chunk = samplesPerChunk(g, batch: n, byteLimit: workspace.byteLimit)
    let space = workspace.columns(count: chunk * floatsPerSample(g))
    let xp = space, dyw = space + chunk * p * cIn, dxp = dyw + chunk * p * cOut
    var first = 0
    while first < n {
      let count = min(chunk, n - first)
      let m = rows(g, count: count)
      // The output gradient in wide rows, zero in the margins.
      let gy = dy + first * ho * wo * cOut
      parallelFor(count * (p / wp), workPerItem: wp * cOut) { range in
        for row in range {
          let s = row / (p / wp), oh = row % (p / wp)
          let dst = dyw + row * wp * cOut
          if oh >= ho {
            dst.update(repeating: 0, count: wp * cOut)
          } else {
            dst.update(from: gy + (s * ho + oh) * wo * cOut, count: wo * cOut)
            (dst + wo * cOut).update(repeating: 0, count: (wp - wo) * cOut)
          }
        }
      }
      if let dw {
        pad(x, first: first, count: count, g, into: xp)
        for kh in 0..<g.kernelHeight {
          for kw in 0..<g.kernelWidth {
            let t = kh * g.kernelWidth + kw
            for j in 0..<g.groups {
              sgemm(
                transposeA: true, m: cg, n: fg, k: m, a: xp + offset(g, kh, kw) * cIn + j * cg, lda: cIn,
                b: dyw + j * fg, ldb: cOut, beta: 1, c: dw + t * cg * cOut + j * fg, ldc: cOut)
            }
          }
        }
      }
      if let dx {
        dxp.update(repeating: 0, count: count * p * cIn)
        for kh in 0..<g.kernelHeight {
          for kw in 0..<g.kernelWidth {
            let t = kh * g.kernelWidth + kw
            for j in 0..<g.groups {
              sgemm(
                transposeB: true, m: m, n: cg, k: fg, a: dyw + j * fg, lda: cOut,
                b: w + t * cg * cOut + j * fg, ldb: cOut, beta: 1, c: dxp + offset(g, kh, kw) * cIn + j * cg,
                ldc: cIn)
            }
          }
        }
        // Interior of the padded gradient → dX (added).
        let out = dx + first * hIn * wIn * cIn
        parallelFor(count * hIn, workPerItem: wIn * cIn) { range in
          for row in range {
            let s = row / hIn, ih = row % hIn
            let src = dxp + ((s * (p / wp) + ih + g.height.padBefore) * wp + g.width.padBefore) * cIn
            let dst = out + row * wIn * cIn
            for i in 0..<(wIn * cIn) { dst[i] += src[i] }
          }
        }
      }
      first += count
    }
  }
}
