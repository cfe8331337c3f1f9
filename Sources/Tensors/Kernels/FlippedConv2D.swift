// The input gradient of a stride-1 convolution as one convolution of the output gradient with the
// flipped, transposed kernel: an im2col of dY (k = kh·kw·C_out) and one GEMM per chunk of the batch.
//
//   dX[s, ih, iw, c] = Σ_{kh, kw, o} dY[s, ih + pad_top − kh·d_h, iw + pad_left − kw·d_w, o] · W[kh, kw, c, o]
//
// (terms whose dY position falls outside the output are zero). Row (s, ih, iw) of the column
// matrix holds those dY vectors; the GEMM against B[(tap, o), c] = W[tap, c, o] writes each dX row
// once, straight into dX. The shifted route's alternative, nine products with k = C_out each
// accumulating into a padded H·W × C_in gradient, reads and writes that matrix nine times, which
// dominates when C_out < C_in (the U-Net's decoder convolutions, 384→128 and 192→64).
//
// Within a kernel row the taps are stored with kw descending, so that for d_w = 1 the kw taps of an
// interior pixel are one contiguous run of dY (pixels iw + pad_left − (kw_max) … iw + pad_left).

enum FlippedConv2D {
  /// Whether the input gradient of `g` takes this route: stride 1, one group, a real window,
  /// fewer output than input channels, and an input no more than a quarter larger than the output
  /// (with `valid` padding on small images the flipped convolution would mostly multiply zeros).
  static func applies(_ g: Conv2DGeometry) -> Bool {
    guard g.height.stride == 1 && g.width.stride == 1 && g.groups == 1 && !g.isPointwise else { return false }
    guard g.outputChannels < g.inputChannels else { return false }
    return g.height.input * g.width.input * 4 <= g.outputHeight * g.outputWidth * 5
  }

  /// Floats of one sample's column matrix.
  static func floatsPerSample(_ g: Conv2DGeometry) -> Int {
    g.height.input * g.width.input * g.kernelHeight * g.kernelWidth * g.outputChannels
  }

  /// Floats of the flipped kernel (kept in the workspace after the columns).
  static func kernelFloats(_ g: Conv2DGeometry) -> Int {
    g.kernelHeight * g.kernelWidth * g.outputChannels * g.inputChannels
  }

  /// Samples per chunk under the workspace's byte limit (at least one).
  static func samplesPerChunk(_ g: Conv2DGeometry, batch: Int, byteLimit: Int) -> Int {
    max(1, min(batch, byteLimit / MemoryLayout<Float>.stride / floatsPerSample(g)))
  }

  /// Workspace floats needed for a batch of `batch`.
  static func workspaceFloats(_ g: Conv2DGeometry, batch: Int, byteLimit: Int) -> Int {
    samplesPerChunk(g, batch: batch, byteLimit: byteLimit) * floatsPerSample(g) + kernelFloats(g)
  }

  /// `dx = conv(dy, flipped w)` for all `batch` samples, or `dx +=` when `accumulate`.
  static func inputGradient(
    _ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, accumulate: Bool,
    _ g: Conv2DGeometry, batch n: Int, workspace: Conv2DWorkspace
  ) {
    let cIn = g.inputChannels, cOut = g.outputChannels
    let kh = g.kernelHeight, kw = g.kernelWidth, k = kh * kw * cOut
    let pixels = g.height.input * g.width.input
    let chunk = samplesPerChunk(g, batch: n, byteLimit: workspace.byteLimit)
    let space = workspace.columns(count: workspaceFloats(g, batch: n, byteLimit: workspace.byteLimit))
    let cols = space, b = space + chunk * floatsPerSample(g)
    // B[(a, j, o), c] = W[a, kw − 1 − j, c, o]: taps of a kernel row in descending kw.
    for a in 0..<kh {
      for j in 0..<kw {
        let src = w + (a * kw + (kw - 1 - j)) * cIn * cOut
        let dst = b + (a * kw + j) * cOut * cIn
        for c in 0..<cIn {
          for o in 0..<cOut { dst[o * cIn + c] = src[c * cOut + o] }
        }
      }
    }
    var first = 0
    while first < n {
      let count = min(chunk, n - first)
      pack(dy, first: first, count: count, g, into: cols)
      sgemm(
        m: count * pixels, n: cIn, k: k, a: cols, lda: k, b: b, ldb: cIn, beta: accumulate ? 1 : 0,
        c: dx + first * pixels * cIn, ldc: cIn)
      first += count
    }
  }

  /// Writes the column rows of samples `first ..< first + count` of `dy` (one per input pixel).
  static func pack(
    _ dy: UnsafePointer<Float>, first: Int, count: Int, _ g: Conv2DGeometry,
    into columns: UnsafeMutablePointer<Float>
  ) {
    let h = g.height, w = g.width, c = g.outputChannels
    let ho = h.output, wo = w.output
    let patch = h.window * w.window * c
    let outSample = ho * wo * c
    // With contiguous taps, the kw taps of one kernel row read pixels ow0 … ow0 + kw − 1 in order.
    let runs = w.dilation == 1
    parallelFor(count * h.input, workPerItem: w.input * patch) { range in
      for row in range {
        let s = row / h.input, ih = row % h.input
        let y = dy + (first + s) * outSample
        var dst = columns + row * w.input * patch
        for iw in 0..<w.input {
          // Tap j (descending kw = kw_max − j) reads ow = iw + pad_left − (kw_max − j)·d_w.
          let ow0 = iw + w.padBefore - (w.window - 1) * w.dilation
          let fullRow = ow0 >= 0 && ow0 + (w.window - 1) * w.dilation < wo
          for a in 0..<h.window {
            let oh = ih + h.padBefore - a * h.dilation
            if oh < 0 || oh >= ho {
              dst.update(repeating: 0, count: w.window * c)
            } else if runs && fullRow {
              dst.update(from: y + (oh * wo + ow0) * c, count: w.window * c)
            } else {
              for j in 0..<w.window {
                let ow = ow0 + j * w.dilation
                if ow < 0 || ow >= wo {
                  (dst + j * c).update(repeating: 0, count: c)
                } else {
                  (dst + j * c).update(from: y + (oh * wo + ow) * c, count: c)
                }
              }
            }
            dst += w.window * c
          }
        }
      }
    }
  }
}
