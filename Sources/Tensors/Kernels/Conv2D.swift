// 2-D convolution as im2col + GEMM (NHWC activations, HWIO kernels, float32).
//
// The batch is split into chunks whose im2col matrix fits the workspace; each chunk is one
// `sgemm`. A 1×1 kernel with stride 1 multiplies the input directly, without im2col. Stride-1
// convolutions with enough input channels take `ShiftedConv2D` (one GEMM per kernel tap over
// shifted views of the padded input), which needs neither im2col nor col2im. Dilation only spaces
// the taps (in im2col and in the shifts). Grouped convolutions run one GEMM per group over that
// group's packed channels and the group's block of kernel and output columns (leading dimension
// C_out), so no block-diagonal zeros are multiplied. Few-channel layers (short patches) take the
// bias as one more GEMM column (`BiasColumn`); layers with fewer output than input channels take
// the input gradient as one convolution with the flipped kernel (`FlippedConv2D`); 1×1 layers to
// one channel are matrix-vector loops (`PointwiseGEMV`). Stride-1 3×3 layers with at least 64
// input and 32 output channels take Winograd F(4×4, 3×3) or F(2×2, 3×3) (`WinogradConv2D`) unless the workspace
// disallows it.

/// Forward pass: `output = conv(input, kernel) + bias`.
///
/// - Parameters:
///   - input: `[N, H, W, C_in]`.
///   - kernel: `[kh, kw, C_in / groups, C_out]`.
///   - bias: `[C_out]`, or nil for `use_bias: false`; added inside the GEMM (C starts as the bias).
///   - output: `[N, H_out, W_out, C_out]`, overwritten.
public func conv2dForward(
  input: Tensor, kernel: Tensor, bias: Tensor?, output: Tensor, geometry g: Conv2DGeometry,
  workspace: Conv2DWorkspace
) {
  let n = input.shape.rank == 4 ? input.shape[0] : -1
  precondition(input.shape == g.inputShape(batch: n), "conv2d input \(input.shape) for \(g)")
  precondition(kernel.shape == g.kernelShape, "conv2d kernel \(kernel.shape), expected \(g.kernelShape)")
  precondition(output.shape == g.outputShape(batch: n), "conv2d output \(output.shape) for \(g)")
  precondition(bias == nil || bias!.shape == g.biasShape, "conv2d bias \(bias!.shape)")
  if n == 0 { return }
  let cOut = g.outputChannels
  let y = output.buffer.baseAddress!
  let w = UnsafePointer(kernel.buffer.baseAddress!)
  let x = UnsafePointer(input.buffer.baseAddress!)
  if workspace.usesWinograd(g) {
    WinogradConv2D.forward(
      x, w, bias: bias.map { UnsafePointer($0.buffer.baseAddress!) }, y, g, batch: n, workspace: workspace)
    return
  }
  if ShiftedConv2D.applies(g) {
    ShiftedConv2D.forward(
      x, w, bias: bias.map { UnsafePointer($0.buffer.baseAddress!) }, y, g, batch: n, workspace: workspace)
    return
  }
  if SmallPatchConv2D.runs(g) {
    SmallPatchConv2D.forward(
      x, w, bias: bias.map { UnsafePointer($0.buffer.baseAddress!) }, y, g, batch: n, workspace: workspace)
    return
  }
  if let bias, BiasColumn.applies(g) {
    BiasColumn.forward(x, w, bias: bias.buffer.baseAddress!, y, g, batch: n, workspace: workspace)
    return
  }
  if PointwiseGEMV.applies(g) {
    PointwiseGEMV.forward(
      x, w, bias: bias?.buffer[0] ?? 0, y, rows: n * g.height.input * g.width.input,
      inputChannels: g.inputChannels)
    return
  }
  let beta: Float
  if let bias {
    fillRows(y, rows: output.count / cOut, with: bias.buffer.baseAddress!, columns: cOut)
    beta = 1
  } else {
    beta = 0
  }
  if g.isPointwise {
    let rows = n * g.height.input * g.width.input
    sgemm(
      m: rows, n: cOut, k: g.inputChannels, a: x, lda: g.inputChannels, b: w, ldb: cOut,
      beta: beta, c: y, ldc: cOut)
    return
  }
  let k = g.patchSize
  let rowsPerSample = g.outputHeight * g.outputWidth
  let chunk = workspace.samplesPerChunk(g, batch: n)
  let cols = workspace.columns(count: chunk * rowsPerSample * k)
  var first = 0
  let fg = g.groupOutputChannels
  while first < n {
    let count = min(chunk, n - first)
    for group in 0..<g.groups {
      Im2Col.pack(x, first: first, count: count, geometry: g, group: group, into: cols)
      sgemm(
        m: count * rowsPerSample, n: fg, k: k, a: cols, lda: k, b: w + group * fg, ldb: cOut,
        beta: beta, c: y + first * rowsPerSample * cOut + group * fg, ldc: cOut)
    }
    first += count
  }
}

/// Backward pass of `conv2dForward`: input, kernel and bias gradients from the output gradient.
///
/// Gradients of parameters *accumulate* (`kernelGradient += ∂L/∂kernel`,
/// `biasGradient += ∂L/∂bias`), as parameter gradients do over a graph. The input gradient is
/// overwritten, or added to when `accumulateInputGradient` is true (for inputs with several consumers).
/// Pass nil for a gradient that is not needed (e.g. the input gradient of the first layer).
///
/// - Parameters:
///   - input: the forward input `[N, H, W, C_in]` (needed for the kernel gradient).
///   - kernel: `[kh, kw, C_in / groups, C_out]` (needed for the input gradient).
///   - outputGradient: `∂L/∂output`, `[N, H_out, W_out, C_out]`.
public func conv2dBackward(
  input: Tensor, kernel: Tensor, outputGradient: Tensor, inputGradient: Tensor?,
  kernelGradient: Tensor?, biasGradient: Tensor?, geometry g: Conv2DGeometry,
  workspace: Conv2DWorkspace, accumulateInputGradient: Bool = false
) {
  let n = input.shape.rank == 4 ? input.shape[0] : -1
  precondition(input.shape == g.inputShape(batch: n), "conv2d input \(input.shape) for \(g)")
  precondition(kernel.shape == g.kernelShape, "conv2d kernel \(kernel.shape), expected \(g.kernelShape)")
  precondition(outputGradient.shape == g.outputShape(batch: n), "conv2d dY \(outputGradient.shape)")
  precondition(inputGradient == nil || inputGradient!.shape == input.shape, "conv2d dX shape")
  precondition(kernelGradient == nil || kernelGradient!.shape == kernel.shape, "conv2d dW shape")
  precondition(biasGradient == nil || biasGradient!.shape == g.biasShape, "conv2d db shape")
  // Few-channel im2col layers get the bias gradient from the kernel gradient's GEMM.
  let winograd = workspace.usesWinograd(g)
  // Short patches on AVX2 CPUs: kernel and bias gradients directly (`SmallPatchConv2D`).
  let smallPatch = kernelGradient != nil && n > 0 && SmallPatchConv2D.runs(g) && !ShiftedConv2D.applies(g)
  let biasColumn =
    kernelGradient != nil && biasGradient != nil && n > 0 && BiasColumn.applies(g)
    && !ShiftedConv2D.applies(g) && !winograd && !smallPatch
  if let biasGradient, !biasColumn, !smallPatch {
    sumRows(outputGradient.buffer, columns: g.outputChannels, into: biasGradient.buffer, accumulate: true)
  }
  // Layers with fewer output than input channels take the input gradient as one flipped
  // convolution, and 1×1 layers as one product; those GEMMs overwrite (or add to) dX themselves,
  // which saves a pass over dX.
  let flipped = inputGradient != nil && n > 0 && FlippedConv2D.applies(g) && !winograd
  if let inputGradient, !accumulateInputGradient, !flipped, !g.isPointwise { inputGradient.zero() }
  if n == 0 || (inputGradient == nil && kernelGradient == nil) { return }
  let cOut = g.outputChannels
  let dy = UnsafePointer(outputGradient.buffer.baseAddress!)
  let w = UnsafePointer(kernel.buffer.baseAddress!)
  let x = UnsafePointer(input.buffer.baseAddress!)
  if winograd {
    WinogradConv2D.backward(
      x, w, dy, dx: inputGradient?.buffer.baseAddress, dw: kernelGradient?.buffer.baseAddress, g, batch: n,
      workspace: workspace)
    return
  }
  var inputGradient = inputGradient
  if flipped, let dx = inputGradient {
    FlippedConv2D.inputGradient(
      dy, w, dx: dx.buffer.baseAddress!, accumulate: accumulateInputGradient, g, batch: n,
      workspace: workspace)
    inputGradient = nil
    if kernelGradient == nil { return }
  }
  if ShiftedConv2D.applies(g) {
    ShiftedConv2D.backward(
      x, w, dy, dx: inputGradient?.buffer.baseAddress, dw: kernelGradient?.buffer.baseAddress, g, batch: n,
      workspace: workspace)
    return
  }
  var kernelGradient = kernelGradient
  if smallPatch, let dw = kernelGradient {
    SmallPatchConv2D.kernelAndBiasGradients(
      x, dy, dw: dw.buffer.baseAddress!, db: biasGradient?.buffer.baseAddress, g, batch: n,
      workspace: workspace)
    kernelGradient = nil
    if inputGradient == nil { return }
  }
  if biasColumn, let dw = kernelGradient, let db = biasGradient {
    BiasColumn.kernelAndBiasGradients(
      x, dy, dw: dw.buffer.baseAddress!, db: db.buffer.baseAddress!, g, batch: n, workspace: workspace)
    kernelGradient = nil
    if inputGradient == nil { return }
  }
  if g.isPointwise {
    let rows = n * g.height.input * g.width.input
    let cIn = g.inputChannels
    if PointwiseGEMV.applies(g) {
      if let kernelGradient {
        PointwiseGEMV.kernelGradient(
          x, dy, dw: kernelGradient.buffer.baseAddress!, rows: rows, inputChannels: cIn, workspace: workspace)
      }
      if let inputGradient {
        PointwiseGEMV.inputGradient(
          dy, w, dx: inputGradient.buffer.baseAddress!, accumulate: accumulateInputGradient, rows: rows,
          inputChannels: cIn)
      }
      return
    }
    if let kernelGradient {
      // dW[cIn, cOut] += Xᵀ · dY
      sgemm(
        transposeA: true, m: cIn, n: cOut, k: rows, a: x, lda: cIn, b: dy, ldb: cOut,
        beta: 1, c: kernelGradient.buffer.baseAddress!, ldc: cOut)
    }
    if let inputGradient {
      // dX[rows, cIn] (+)= dY · Wᵀ
      sgemm(
        transposeB: true, m: rows, n: cIn, k: cOut, a: dy, lda: cOut, b: w, ldb: cOut,
        beta: accumulateInputGradient ? 1 : 0, c: inputGradient.buffer.baseAddress!, ldc: cIn)
    }
    return
  }
  let k = g.patchSize
  let rowsPerSample = g.outputHeight * g.outputWidth
  let chunk = workspace.samplesPerChunk(g, batch: n)
  let cols = workspace.columns(count: chunk * rowsPerSample * k)
  let fg = g.groupOutputChannels
  var first = 0
  while first < n {
    let count = min(chunk, n - first)
    let m = count * rowsPerSample
    for group in 0..<g.groups {
      let dyChunk = dy + first * rowsPerSample * cOut + group * fg
      if let kernelGradient {
        // dW_g[k, fg] += cols_gᵀ · dY_g
        Im2Col.pack(x, first: first, count: count, geometry: g, group: group, into: cols)
        sgemm(
          transposeA: true, m: k, n: fg, k: m, a: cols, lda: k, b: dyChunk, ldb: cOut,
          beta: 1, c: kernelGradient.buffer.baseAddress! + group * fg, ldc: cOut)
      }
      if let inputGradient {
        // dCols_g[m, k] = dY_g · W_gᵀ, then scattered back (col2im) into the group's channels of dX.
        sgemm(
          transposeB: true, m: m, n: k, k: fg, a: dyChunk, lda: cOut, b: w + group * fg, ldb: cOut,
          beta: 0, c: cols, ldc: k)
        Im2Col.unpackAdding(
          cols, first: first, count: count, geometry: g, group: group,
          into: inputGradient.buffer.baseAddress!)
      }
    }
    first += count
  }
}
