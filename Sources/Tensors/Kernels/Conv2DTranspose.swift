// 2-D transposed convolution (NHWC activations, `[kh, kw, filters, C_in]` kernels, float32) as
// GEMM + col2im: the backward-data pass of the convolution described by
// `Conv2DTransposeGeometry`. Its input gradient is that convolution's forward pass (im2col +
// GEMM) and its kernel gradient that convolution's kernel-gradient pass with the roles of input
// and output gradient exchanged. The batch is split into chunks whose column matrix fits the
// workspace.

/// Forward pass: `output = conv_transpose(input, kernel) + bias`.
///
/// - Parameters:
///   - input: `[N, H, W, C_in]`.
///   - kernel: `[kh, kw, filters, C_in]`.
///   - bias: `[filters]`, or nil for `use_bias: false`.
///   - output: `[N, H_out, W_out, filters]`, overwritten.
public func conv2dTransposeForward(
  input: Tensor, kernel: Tensor, bias: Tensor?, output: Tensor, geometry g: Conv2DTransposeGeometry,
  workspace: Conv2DWorkspace
) {
  let n = input.shape.rank == 4 ? input.shape[0] : -1
  precondition(input.shape == g.inputShape(batch: n), "conv2d_transpose input \(input.shape) for \(g)")
  precondition(
    kernel.shape == g.kernelShape, "conv2d_transpose kernel \(kernel.shape), expected \(g.kernelShape)")
  precondition(output.shape == g.outputShape(batch: n), "conv2d_transpose output \(output.shape) for \(g)")
  precondition(bias == nil || bias!.shape == g.biasShape, "conv2d_transpose bias \(bias!.shape)")
  if n == 0 { return }
  let y = output.buffer.baseAddress!
  if let bias {
    fillRows(y, rows: output.count / g.filters, with: bias.buffer.baseAddress!, columns: g.filters)
  } else {
    output.zero()
  }
  let x = UnsafePointer(input.buffer.baseAddress!)
  let w = UnsafePointer(kernel.buffer.baseAddress!)
  let cIn = g.inputChannels, k = g.patchSize
  let rowsPerSample = g.height.output * g.width.output
  let chunk = workspace.samplesPerChunk(g, batch: n)
  let cols = workspace.columns(count: chunk * rowsPerSample * k)
  var first = 0
  while first < n {
    let count = min(chunk, n - first)
    // cols[m, k] = X · Wᵀ (W seen as [kh·kw·filters, C_in]), then scattered into the output.
    sgemm(
      transposeB: true, m: count * rowsPerSample, n: k, k: cIn, a: x + first * rowsPerSample * cIn, lda: cIn,
      b: w, ldb: cIn, beta: 0, c: cols, ldc: k)
    Im2Col.unpackAdding(cols, first: first, count: count, geometry: g.convolution, into: y)
    first += count
  }
}

/// Backward pass of `conv2dTransposeForward`: input, kernel and bias gradients.
///
/// Parameter gradients *accumulate*; the input gradient is overwritten, or added to when
/// `accumulateInputGradient` is true. Pass nil for a gradient that is not needed.
///
/// - Parameters:
///   - input: the forward input `[N, H, W, C_in]` (needed for the kernel gradient).
///   - kernel: `[kh, kw, filters, C_in]` (needed for the input gradient).
///   - outputGradient: `∂L/∂output`, `[N, H_out, W_out, filters]`.
public func conv2dTransposeBackward(
  input: Tensor, kernel: Tensor, outputGradient: Tensor, inputGradient: Tensor?,
  kernelGradient: Tensor?, biasGradient: Tensor?, geometry g: Conv2DTransposeGeometry,
  workspace: Conv2DWorkspace, accumulateInputGradient: Bool = false
) {
  let n = input.shape.rank == 4 ? input.shape[0] : -1
  precondition(input.shape == g.inputShape(batch: n), "conv2d_transpose input \(input.shape) for \(g)")
  precondition(kernel.shape == g.kernelShape, "conv2d_transpose kernel \(kernel.shape)")
  precondition(outputGradient.shape == g.outputShape(batch: n), "conv2d_transpose dY \(outputGradient.shape)")
  precondition(inputGradient == nil || inputGradient!.shape == input.shape, "conv2d_transpose dX shape")
  precondition(kernelGradient == nil || kernelGradient!.shape == kernel.shape, "conv2d_transpose dW shape")
  precondition(biasGradient == nil || biasGradient!.shape == g.biasShape, "conv2d_transpose db shape")
  if let biasGradient {
    sumRows(outputGradient.buffer, columns: g.filters, into: biasGradient.buffer, accumulate: true)
  }
  if let inputGradient, !accumulateInputGradient { inputGradient.zero() }
  if n == 0 || (inputGradient == nil && kernelGradient == nil) { return }
  let dy = UnsafePointer(outputGradient.buffer.baseAddress!)
  let x = UnsafePointer(input.buffer.baseAddress!)
  let w = UnsafePointer(kernel.buffer.baseAddress!)
  let cIn = g.inputChannels, k = g.patchSize
  let rowsPerSample = g.height.output * g.width.output
  let chunk = workspace.samplesPerChunk(g, batch: n)
  let cols = workspace.columns(count: chunk * rowsPerSample * k)
  var first = 0
  while first < n {
    let count = min(chunk, n - first)
    let m = count * rowsPerSample
    let offset = first * rowsPerSample * cIn
    Im2Col.pack(dy, first: first, count: count, geometry: g.convolution, into: cols)
    if let kernelGradient {
      // dW[k, C_in] += colsᵀ · X
      sgemm(
        transposeA: true, m: k, n: cIn, k: m, a: cols, lda: k, b: x + offset, ldb: cIn,
        beta: 1, c: kernelGradient.buffer.baseAddress!, ldc: cIn)
    }
    if let inputGradient {
      // dX[m, C_in] (+)= cols · W; dX was zeroed above unless accumulating.
      sgemm(
        m: m, n: cIn, k: k, a: cols, lda: k, b: w, ldb: cIn,
        beta: 1, c: inputGradient.buffer.baseAddress! + offset, ldc: cIn)
    }
    first += count
  }
}

extension Conv2DWorkspace {
  /// Samples per GEMM for a transposed convolution: the column matrix of a chunk fits `byteLimit`.
  public func samplesPerChunk(_ g: Conv2DTransposeGeometry, batch: Int) -> Int {
    let perSample = g.height.output * g.width.output * g.patchSize
    let fit = byteLimit / MemoryLayout<Float>.stride / max(perSample, 1)
    return max(1, min(batch, fit))
  }

  /// Allocates now what a transposed convolution of `g` at `batch` will need.
  public func reserve(_ g: Conv2DTransposeGeometry, batch: Int) {
    if batch == 0 { return }
    _ = columns(count: samplesPerChunk(g, batch: batch) * g.height.output * g.width.output * g.patchSize)
  }
}
