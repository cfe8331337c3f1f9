// Depthwise 2-D convolution (Keras's DepthwiseConv2D), NHWC, as a direct kernel.
//
// Output channel o = c·multiplier + m reads input channel c only, so the kernel
// `[kh, kw, C_in, multiplier]` is in memory `[kh·kw, C_out]` and every tap is an element-wise
// multiply-add of a contiguous channel vector. A GEMM formulation would be C_in products with
// k = kh·kw and n = multiplier, far too small to run well; the work is memory-bound, so the inner
// loops run over contiguous channels (vectorisable) and the outer ones over rows in parallel.

/// Whether `g` describes a depthwise convolution: groups = input channels.
@inline(__always)
private func checkDepthwise(_ g: Conv2DGeometry, _ input: Tensor, _ kernel: Tensor, _ n: Int) {
  precondition(g.groups == g.inputChannels, "depthwise conv2d needs groups == input channels, got \(g)")
  precondition(input.shape == g.inputShape(batch: n), "depthwise conv2d input \(input.shape) for \(g)")
  precondition(
    kernel.count == g.kernelHeight * g.kernelWidth * g.outputChannels, "depthwise kernel \(kernel.shape)")
}

/// Forward pass: `output = depthwise_conv(input, kernel) + bias`.
///
/// - Parameters:
///   - input: `[N, H, W, C_in]`.
///   - kernel: `[kh, kw, C_in, multiplier]` (any shape with that element order).
///   - bias: `[C_in · multiplier]` or nil.
///   - output: `[N, H_out, W_out, C_in · multiplier]`, overwritten.
///   - geometry: a geometry with `groups == inputChannels`, `outputChannels = C_in · multiplier`.
public func depthwiseConv2dForward(
  input: Tensor, kernel: Tensor, bias: Tensor?, output: Tensor, geometry g: Conv2DGeometry
) {
  let n = input.shape.rank == 4 ? input.shape[0] : -1
  checkDepthwise(g, input, kernel, n)
  precondition(output.shape == g.outputShape(batch: n), "depthwise conv2d output \(output.shape) for \(g)")
  precondition(bias == nil || bias!.count == g.outputChannels, "depthwise conv2d bias \(bias!.shape)")
  if n == 0 { return }
  let h = g.height, w = g.width, cIn = g.inputChannels, cOut = g.outputChannels
  let mult = cOut / cIn
  let x = UnsafePointer(input.buffer.baseAddress!)
  let k = UnsafePointer(kernel.buffer.baseAddress!)
  let b = bias.map { UnsafePointer($0.buffer.baseAddress!) }
  let y = output.buffer.baseAddress!
  parallelFor(n * h.output, workPerItem: w.output * cOut * h.window * w.window) { range in
    for row in range {
      let s = row / h.output, oh = row % h.output
      let ih0 = oh * h.stride - h.padBefore
      for ow in 0..<w.output {
        let d = y + (row * w.output + ow) * cOut
        if let b { d.update(from: b, count: cOut) } else { d.update(repeating: 0, count: cOut) }
        let iw0 = ow * w.stride - w.padBefore
        for kh in 0..<h.window {
          let ih = ih0 + kh * h.dilation
          if ih < 0 || ih >= h.input { continue }
          for kw in 0..<w.window {
            let iw = iw0 + kw * w.dilation
            if iw < 0 || iw >= w.input { continue }
            let xp = x + ((s * h.input + ih) * w.input + iw) * cIn
            let wp = k + (kh * w.window + kw) * cOut
            if mult == 1 {
              for c in 0..<cOut { d[c] += xp[c] * wp[c] }
            } else {
              for c in 0..<cIn {
                let v = xp[c], o = c * mult
                for m in 0..<mult { d[o + m] += v * wp[o + m] }
              }
            }
          }
        }
      }
    }
  }
}

/// Backward pass of `depthwiseConv2dForward`. Parameter gradients accumulate; the input gradient
/// is overwritten, or added to when `accumulateInputGradient` is true. Pass nil for gradients not needed.
public func depthwiseConv2dBackward(
  input: Tensor, kernel: Tensor, outputGradient: Tensor, inputGradient: Tensor?,
  kernelGradient: Tensor?, biasGradient: Tensor?, geometry g: Conv2DGeometry,
  accumulateInputGradient: Bool = false
) {
  let n = input.shape.rank == 4 ? input.shape[0] : -1
  checkDepthwise(g, input, kernel, n)
  precondition(outputGradient.shape == g.outputShape(batch: n), "depthwise conv2d dY \(outputGradient.shape)")
  precondition(inputGradient == nil || inputGradient!.shape == input.shape, "depthwise conv2d dX shape")
  precondition(kernelGradient == nil || kernelGradient!.count == kernel.count, "depthwise conv2d dW shape")
  precondition(biasGradient == nil || biasGradient!.count == g.outputChannels, "depthwise conv2d db shape")
  let h = g.height, w = g.width, cIn = g.inputChannels, cOut = g.outputChannels
  if let biasGradient {
    sumRows(outputGradient.buffer, columns: cOut, into: biasGradient.buffer, accumulate: true)
  }
  if let inputGradient, !accumulateInputGradient { inputGradient.zero() }
  if n == 0 { return }
  let mult = cOut / cIn
  let x = UnsafePointer(input.buffer.baseAddress!)
  let k = UnsafePointer(kernel.buffer.baseAddress!)
  let dy = UnsafePointer(outputGradient.buffer.baseAddress!)
  let taps = h.window * w.window
  if let dw = kernelGradient?.buffer.baseAddress {
    // One tap per task: each writes only its own kernel row, so tasks never share memory.
    parallelFor(taps, workPerItem: n * h.output * w.output * cOut) { range in
      for t in range {
        let kh = t / w.window, kw = t % w.window
        let dwp = dw + t * cOut
        for s in 0..<n {
          for oh in 0..<h.output {
            let ih = oh * h.stride - h.padBefore + kh * h.dilation
            if ih < 0 || ih >= h.input { continue }
            for ow in 0..<w.output {
              let iw = ow * w.stride - w.padBefore + kw * w.dilation
              if iw < 0 || iw >= w.input { continue }
              let xp = x + ((s * h.input + ih) * w.input + iw) * cIn
              let gy = dy + ((s * h.output + oh) * w.output + ow) * cOut
              if mult == 1 {
                for c in 0..<cOut { dwp[c] += xp[c] * gy[c] }
              } else {
                for c in 0..<cIn {
                  let v = xp[c], o = c * mult
                  for m in 0..<mult { dwp[o + m] += v * gy[o + m] }
                }
              }
            }
          }
        }
      }
    }
  }
  if let dx = inputGradient?.buffer.baseAddress {
    // One sample per task: windows overlap within a sample, never across samples.
    parallelFor(n, workPerItem: h.output * w.output * cOut * taps) { range in
      for s in range {
        for oh in 0..<h.output {
          let ih0 = oh * h.stride - h.padBefore
          for ow in 0..<w.output {
            let gy = dy + ((s * h.output + oh) * w.output + ow) * cOut
            let iw0 = ow * w.stride - w.padBefore
            for kh in 0..<h.window {
              let ih = ih0 + kh * h.dilation
              if ih < 0 || ih >= h.input { continue }
              for kw in 0..<w.window {
                let iw = iw0 + kw * w.dilation
                if iw < 0 || iw >= w.input { continue }
                let d = dx + ((s * h.input + ih) * w.input + iw) * cIn
                let wp = k + (kh * w.window + kw) * cOut
                if mult == 1 {
                  for c in 0..<cOut { d[c] += gy[c] * wp[c] }
                } else {
                  for c in 0..<cIn {
                    let o = c * mult
                    var acc: Float = 0
                    for m in 0..<mult { acc += gy[o + m] * wp[o + m] }
                    d[c] += acc
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
