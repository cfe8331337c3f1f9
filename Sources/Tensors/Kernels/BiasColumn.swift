// The bias of a few-channel im2col convolution as one more column of the GEMM.
//
// With a short patch (k = kh·kw·C_in: 9 for one input channel, 27 for RGB) the GEMM does little
// work per output element, so the passes over the output around it dominate: filling it with the
// bias and reading it back (beta = 1) cost two of the three passes over the 67 MB output of the
// U-Net's first layer, and the bias gradient (`sumRows`, single-threaded) a third pass over dY.
// Appending a column of ones to each im2col row and the bias as one more row of the kernel,
//   Y = [cols | 1] · [W ; b]            (one GEMM, beta = 0: the output is written once)
//   [dW ; db] = [cols | 1]ᵀ · dY        (the bias gradient falls out of the kernel gradient's GEMM)
// removes those passes for k + 1 / k more multiply-adds.

enum BiasColumn {
  /// Whether `g`'s im2col route takes the bias as a column: one group and a patch shorter than
  /// 64 (where the output passes cost as much as the GEMM; longer patches keep the separate pass).
  static func applies(_ g: Conv2DGeometry) -> Bool {
    g.groups == 1 && !g.isPointwise && g.patchSize < 64
  }

  /// Floats of one sample's column rows (each `patchSize + 1` long).
  static func floatsPerSample(_ g: Conv2DGeometry) -> Int {
    g.outputHeight * g.outputWidth * (g.patchSize + 1)
  }

  /// Floats of the extended kernel `[W ; b]` (or the gradient `[dW ; db]`), after the columns.
  static func kernelFloats(_ g: Conv2DGeometry) -> Int { (g.patchSize + 1) * g.outputChannels }

  /// Samples per chunk under the workspace's byte limit (at least one).
  static func samplesPerChunk(_ g: Conv2DGeometry, batch: Int, byteLimit: Int) -> Int {
    max(1, min(batch, byteLimit / MemoryLayout<Float>.stride / floatsPerSample(g)))
  }

  /// Workspace floats needed for a batch of `batch`.
  static func workspaceFloats(_ g: Conv2DGeometry, batch: Int, byteLimit: Int) -> Int {
    samplesPerChunk(g, batch: batch, byteLimit: byteLimit) * floatsPerSample(g) + kernelFloats(g)
  }

  /// `y = conv(x, w) + bias` for all `batch` samples.
  static func forward(
    _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    _ y: UnsafeMutablePointer<Float>, _ g: Conv2DGeometry, batch n: Int, workspace: Conv2DWorkspace
  ) {
    let k = g.patchSize + 1, cOut = g.outputChannels
    let rowsPerSample = g.outputHeight * g.outputWidth
    let chunk = samplesPerChunk(g, batch: n, byteLimit: workspace.byteLimit)
    let cols = workspace.columns(count: workspaceFloats(g, batch: n, byteLimit: workspace.byteLimit))
    let kernel = cols + chunk * floatsPerSample(g)
    kernel.update(from: w, count: g.patchSize * cOut)
    (kernel + g.patchSize * cOut).update(from: bias, count: cOut)
    var first = 0
    while first < n {
      let count = min(chunk, n - first)
      Im2Col.pack(x, first: first, count: count, geometry: g, onesColumn: true, into: cols)
      sgemm(
        m: count * rowsPerSample, n: cOut, k: k, a: cols, lda: k, b: kernel, ldb: cOut, beta: 0,
        c: y + first * rowsPerSample * cOut, ldc: cOut)
      first += count
    }
  }

  /// `dw += ∂L/∂w` and `db += ∂L/∂b` from `dy`, as one GEMM per chunk into `[dW ; db]`.
  static func kernelAndBiasGradients(
    _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>,
    db: UnsafeMutablePointer<Float>, _ g: Conv2DGeometry, batch n: Int, workspace: Conv2DWorkspace
  ) {
    let k = g.patchSize + 1, cOut = g.outputChannels
    let rowsPerSample = g.outputHeight * g.outputWidth
    let chunk = samplesPerChunk(g, batch: n, byteLimit: workspace.byteLimit)
    let cols = workspace.columns(count: workspaceFloats(g, batch: n, byteLimit: workspace.byteLimit))
    let sum = cols + chunk * floatsPerSample(g)
    var first = 0
    while first < n {
      let count = min(chunk, n - first)
      Im2Col.pack(x, first: first, count: count, geometry: g, onesColumn: true, into: cols)
      sgemm(
        transposeA: true, m: k, n: cOut, k: count * rowsPerSample, a: cols, lda: k,
        b: dy + first * rowsPerSample * cOut, ldb: cOut, beta: first == 0 ? 0 : 1, c: sum, ldc: cOut)
      first += count
    }
    for i in 0..<(g.patchSize * cOut) { dw[i] += sum[i] }
    let sb = sum + g.patchSize * cOut
    for o in 0..<cOut { db[o] += sb[o] }
  }
}
