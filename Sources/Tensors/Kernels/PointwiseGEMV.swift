// 1×1 convolutions to one output channel (a segmentation or regression head, the U-Net's
// `conv2d_3`, 128²×64 → 1) as matrix-vector loops over the NHWC buffer.
//
// As GEMMs these have n = 1 (forward), k = 1 (input gradient) or a 64 × 1 result summed over
// 262k rows (kernel gradient), shapes OpenBLAS runs far below the memory bandwidth (the kernel
// gradient took 12–15 ms of CPU for the 67 MB it reads). All three are memory-bound: per step
// they read X twice and write dX once (≈ 200 MB at batch 16), so the loops below aim at one
// pass each at memory speed, not at FLOPs.
//
// Results do not depend on the thread count: rows are summed in fixed blocks of `blockRows`,
// and the blocks' partial sums are added in block order.

enum PointwiseGEMV {
  /// Whether `g` takes this route: a plain matrix product with one output channel.
  static func applies(_ g: Conv2DGeometry) -> Bool { g.isPointwise && g.outputChannels == 1 }

  /// Rows per partial sum of the kernel gradient.
  static let blockRows = 4096

  /// Workspace floats for the kernel gradient's partial sums over `rows` rows.
  static func workspaceFloats(rows: Int, inputChannels: Int) -> Int {
    (rows + blockRows - 1) / blockRows * inputChannels
  }

  /// `y[r] = bias + Σ_c x[r, c]·w[c]` for `rows` rows of `cIn` channels.
  static func forward(
    _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: Float, _ y: UnsafeMutablePointer<Float>,
    rows: Int, inputChannels cIn: Int
  ) {
    let vectors = cIn / 16
    parallelFor(rows, workPerItem: cIn) { range in
      for r in range {
        let xr = x + r * cIn
        var acc = SIMD16<Float>()
        for v in 0..<vectors {
          acc += load(xr + 16 * v) * load(w + 16 * v)
        }
        var s = acc.sum()
        for c in (16 * vectors)..<cIn { s += xr[c] * w[c] }
        y[r] = s + bias
      }
    }
  }

  /// `dw[c] += Σ_r x[r, c]·dy[r]` (the bias gradient is `sumRows(dy)`, done by the caller).
  static func kernelGradient(
    _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>, rows: Int,
    inputChannels cIn: Int, workspace: Conv2DWorkspace
  ) {
    let blocks = (rows + blockRows - 1) / blockRows
    let partial = workspace.columns(count: workspaceFloats(rows: rows, inputChannels: cIn))
    parallelFor(blocks, workPerItem: blockRows * cIn) { range in
      for b in range {
        let p = partial + b * cIn
        p.update(repeating: 0, count: cIn)
        for r in (b * blockRows)..<min(rows, (b + 1) * blockRows) {
          let xr = x + r * cIn, d = dy[r]
          for c in 0..<cIn { p[c] += xr[c] * d }
        }
      }
    }
    for b in 0..<blocks {
      let p = partial + b * cIn
      for c in 0..<cIn { dw[c] += p[c] }
    }
  }

  /// `dx[r, c] = dy[r]·w[c]`, or `dx[r, c] += dy[r]·w[c]` when `accumulate`.
  static func inputGradient(
    _ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, accumulate: Bool,
    rows: Int, inputChannels cIn: Int
  ) {
    parallelFor(rows, workPerItem: cIn) { range in
      for r in range {
        let d = dy[r], out = dx + r * cIn
        if accumulate {
          for c in 0..<cIn { out[c] += d * w[c] }
        } else {
          for c in 0..<cIn { out[c] = d * w[c] }
        }
      }
    }
  }

  @inline(__always)
  private static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
  }
}
