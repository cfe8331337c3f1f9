internal import HaswellKernels

// Convolutions with a short patch (k = kh·kw·C_in ≤ 32: 3×3 over one or three channels, the first
// layer of an image model) computed directly on CPUs with AVX2 and FMA, without an im2col matrix.
//
// An im2col GEMM with k = 9 or 27 does little work per element of its operands: OpenBLAS packs
// the column matrix for a handful of multiply-adds each (CIFAR's conv1 ran at 0.15 of the GEMM
// roofline, U-Net's c1 at 0.18). Here the input is zero-padded once (when the layer pads) and
//   y[p, :] = b + Σ_t x[p + offset_t] · W[t, :]          4 pixels × 16 channels in registers
//   W'[t, :] += Σ_p x[p + offset_t] · dY[p, :]           4 taps × 16 channels in registers
// run in `HaswellKernels`, built for AVX2 (the same Swift source built for baseline x86-64 ran
// slower than the GEMM route: docs/performance.md, round 5). Forward splits output rows across
// threads; the kernel gradient sums groups of rows fixed by the sizes into partials, added in
// order, so neither result depends on the thread count.
// The input gradient (rarely wanted: such layers are usually first) stays on the im2col route.

enum SmallPatchConv2D {
  /// The longest patch that takes this route (3×3 over 3 channels is 27).
  static let maximumPatch = 32
  /// Output rows per block of the kernel gradient (its dY rows stay in cache across the items).
  static let rowsPerBlock = 8

  /// Whether `g` has the shape of this route (the CPU is checked apart, in `runs`): one group, a
  /// real window, a patch of at most `maximumPatch`, a multiple of 16 output channels.
  static func applies(_ g: Conv2DGeometry) -> Bool {
    g.groups == 1 && !g.isPointwise && g.patchSize <= maximumPatch && g.outputChannels % 16 == 0
  }

  /// Whether `g` runs here in this process (`applies`, and the CPU has the kernels' instructions).
  static func runs(_ g: Conv2DGeometry) -> Bool { CPUFeatures.haswellKernels && applies(g) }

  static func isPadded(_ g: Conv2DGeometry) -> Bool {
    g.height.padBefore + g.height.padAfter + g.width.padBefore + g.width.padAfter > 0
  }

  /// Samples per chunk: the padded copy of a chunk stays under the workspace's byte limit.
  static func samplesPerChunk(_ g: Conv2DGeometry, batch: Int, byteLimit: Int) -> Int {
    if !isPadded(g) { return max(batch, 1) }
    let perSample = ShiftedConv2D.paddedPixels(g) * g.inputChannels * MemoryLayout<Float>.stride
    return max(1, min(batch, byteLimit / perSample))
  }

  /// Workspace floats before the padded chunk: the kernel gradient's sum and its partials, each
  /// (k + 1) × C_out.
  static func sumFloats(_ g: Conv2DGeometry) -> Int { (1 + maximumRowGroups) * (g.patchSize + 1) * g.outputChannels }

  /// Workspace floats: the sums (`sumFloats`), then the padded chunk.
  static func workspaceFloats(_ g: Conv2DGeometry, batch: Int, byteLimit: Int) -> Int {
    if !isPadded(g) { return sumFloats(g) }
    return sumFloats(g) + samplesPerChunk(g, batch: batch, byteLimit: byteLimit) * ShiftedConv2D.paddedPixels(g)
      * g.inputChannels
  }

  static func shape(_ g: Conv2DGeometry) -> DirectConvolutionShape {
    DirectConvolutionShape(
      paddedHeight: ShiftedConv2D.paddedHeight(g), paddedWidth: ShiftedConv2D.paddedWidth(g),
      channels: g.inputChannels, kernelHeight: g.kernelHeight, kernelWidth: g.kernelWidth,
      strideHeight: g.height.stride, strideWidth: g.width.stride, dilationHeight: g.height.dilation,
      dilationWidth: g.width.dilation, outputHeight: g.outputHeight, outputWidth: g.outputWidth,
      outputChannels: g.outputChannels)
  }

  /// Calls `body(x, first, count)` for the chunks of the batch, `x` the chunk's (padded) images.
  static func forEachChunk(
    _ x: UnsafePointer<Float>, _ g: Conv2DGeometry, batch n: Int, workspace: Conv2DWorkspace,
    _ body: (UnsafePointer<Float>, Int, Int) -> Void
  ) {
    let chunk = samplesPerChunk(g, batch: n, byteLimit: workspace.byteLimit)
    let space = workspace.columns(count: workspaceFloats(g, batch: n, byteLimit: workspace.byteLimit))
    let padded = space + sumFloats(g)
    var first = 0
    while first < n {
      let count = min(chunk, n - first)
      if isPadded(g) {
        ShiftedConv2D.pad(x, first: first, count: count, g, into: padded)
        body(UnsafePointer(padded), first, count)
      } else {
        body(x + first * g.height.input * g.width.input * g.inputChannels, first, count)
      }
      first += count
    }
  }

  /// `y = conv(x, w) + bias` (no bias when nil) for all `batch` samples.
  static func forward(
    _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    _ y: UnsafeMutablePointer<Float>, _ g: Conv2DGeometry, batch n: Int, workspace: Conv2DWorkspace
  ) {
    precondition(runs(g))
    let perSample = g.outputHeight * g.outputWidth * g.outputChannels
    let s = shape(g)
    withUnsafeTemporaryAllocation(of: Int.self, capacity: g.patchSize) { offsets in
      directConvolutionTapOffsets(s, into: offsets.baseAddress!)
      let o = UnsafePointer(offsets.baseAddress!)
      forEachChunk(x, g, batch: n, workspace: workspace) { xc, first, count in
        let out = y + first * perSample
        parallelFor(count * g.outputHeight, workPerItem: g.outputWidth * g.patchSize * g.outputChannels / 8) {
          rows in
          directConvolutionForward(xc, w, bias: bias, out, s, offsets: o, rows: rows)
        }
      }
    }
  }

  /// `dw += ∂L/∂w`, and `db += ∂L/∂b` when given, from `dy`.
  ///
  /// The output rows are cut into at most `maximumRowGroups` groups of consecutive rows (fixed by
  /// the sizes alone); each group's sums are taken by one thread into a partial of its own, over
  /// blocks of `rowsPerBlock` rows (every item of a block while its dY rows are in cache), and
  /// the partials are added in group order. So dY is read once, and the result does not depend
  /// on the thread count.
  static func kernelAndBiasGradients(
    _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>,
    db: UnsafeMutablePointer<Float>?, _ g: Conv2DGeometry, batch n: Int, workspace: Conv2DWorkspace
  ) {
    precondition(runs(g))
    let k = g.patchSize, cOut = g.outputChannels, rowFloats = (k + 1) * cOut
    let space = workspace.columns(count: workspaceFloats(g, batch: n, byteLimit: workspace.byteLimit))
    let sum = space, partials = space + rowFloats
    sum.update(repeating: 0, count: rowFloats)
    let perSample = g.outputHeight * g.outputWidth * cOut
    let items = ((k + 3) / 4 + (db == nil ? 0 : 1)) * (cOut / 16)
    let s = shape(g)
    withUnsafeTemporaryAllocation(of: Int.self, capacity: k) { offsets in
      directConvolutionTapOffsets(s, into: offsets.baseAddress!)
      let o = UnsafePointer(offsets.baseAddress!)
      forEachChunk(x, g, batch: n, workspace: workspace) { xc, first, count in
        let dyc = dy + first * perSample
        let rows = count * g.outputHeight
        let groupRows = rowsPerGroup(rows)
        let groups = (rows + groupRows - 1) / groupRows
        parallelFor(groups, workPerItem: groupRows * g.outputWidth * rowFloats / 8) { range in
          for group in range {
            let partial = partials + group * rowFloats
            partial.update(repeating: 0, count: rowFloats)
            var r = group * groupRows
            let end = min(rows, r + groupRows)
            while r < end {
              let blockEnd = min(end, r + rowsPerBlock)
              directConvolutionKernelGradient(
                xc, dyc, sum: partial, s, offsets: o, rows: r..<blockEnd, items: 0..<items)
              r = blockEnd
            }
          }
        }
        for group in 0..<groups {
          let partial = partials + group * rowFloats
          for i in 0..<rowFloats { sum[i] += partial[i] }
        }
      }
    }
    for i in 0..<(k * cOut) { dw[i] += sum[i] }
    if let db {
      let sb = sum + k * cOut
      for o in 0..<cOut { db[o] += sb[o] }
    }
  }

  /// The most groups the kernel gradient cuts a chunk's rows into (and so its partial sums).
  static let maximumRowGroups = 64

  /// Rows per group for a chunk of `rows` output rows: at least 32, at most `maximumRowGroups` groups.
  static func rowsPerGroup(_ rows: Int) -> Int {
    max(32, (rows + maximumRowGroups - 1) / maximumRowGroups)
  }
}
