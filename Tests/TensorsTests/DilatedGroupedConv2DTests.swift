import Testing

@testable import Tensors

/// Forward and backward of dilated and grouped convolutions (im2col and shifted-GEMM routes) and
/// of the depthwise kernel, against direct loops in Double written from the definition
/// y[s,i,j,o] = b[o] + Σ_{a,q,c} x[s, i·sh − pt + a·dh, j·sw − pl + q·dw, G(o)·cg + c]·w[a,q,c,o]
/// with G(o) = o / (C_out / groups), and for an upstream gradient r, ∂(Σ r·y)/∂x and ∂(Σ r·y)/∂w.
func direct(
  _ x: Tensor, _ w: Tensor, _ b: Tensor?, _ r: Tensor, _ g: Conv2DGeometry
) -> (y: [Float], dx: [Float], dw: [Float]) {
  let n = x.shape[0], h = g.height, wd = g.width, ci = g.inputChannels, co = g.outputChannels
  let cg = g.groupInputChannels, fg = g.groupOutputChannels
  var y = [Double](repeating: 0, count: n * h.output * wd.output * co)
  var dx = [Double](repeating: 0, count: x.count)
  var dw = [Double](repeating: 0, count: w.count)
  for s in 0..<n {
    for i in 0..<h.output {
      for j in 0..<wd.output {
        for o in 0..<co {
          let yi = ((s * h.output + i) * wd.output + j) * co + o
          let ry = Double(r.buffer[yi])
          var acc = Double(b?.buffer[o] ?? 0)
          for a in 0..<h.window {
            for q in 0..<wd.window {
              let ih = i * h.stride - h.padBefore + a * h.dilation
              let iw = j * wd.stride - wd.padBefore + q * wd.dilation
              guard ih >= 0, ih < h.input, iw >= 0, iw < wd.input else { continue }
              for c in 0..<cg {
                let xi = ((s * h.input + ih) * wd.input + iw) * ci + (o / fg) * cg + c
                let wi = ((a * wd.window + q) * cg + c) * co + o
                acc += Double(x.buffer[xi]) * Double(w.buffer[wi])
                dx[xi] += Double(w.buffer[wi]) * ry
                dw[wi] += Double(x.buffer[xi]) * ry
              }
            }
          }
          y[yi] = acc
        }
      }
    }
  }
  return (y.map(Float.init), dx.map(Float.init), dw.map(Float.init))
}

struct DilatedGroupedCase: Sendable, CustomTestStringConvertible {
  var input: Shape  // NHWC
  var filters: Int
  var kernel: (Int, Int)
  var stride = 1
  var dilation = (1, 1)
  var groups = 1
  var padding = Padding.same
  var shifted = false
  var testDescription: String {
    "\(input) f\(filters) k\(kernel) s\(stride) d\(dilation) g\(groups) \(padding)"
  }

  func geometry() throws -> Conv2DGeometry {
    try Conv2DGeometry(
      inputHeight: input[1], inputWidth: input[2], inputChannels: input[3], outputChannels: filters,
      kernelHeight: kernel.0, kernelWidth: kernel.1, strideHeight: stride, strideWidth: stride,
      dilationHeight: dilation.0, dilationWidth: dilation.1, groups: groups, padding: padding)
  }
}

@Suite struct DilatedGroupedConv2DTests {
  static let cases: [DilatedGroupedCase] = [
    DilatedGroupedCase(input: [2, 7, 6, 3], filters: 4, kernel: (3, 3), dilation: (2, 2)),
    DilatedGroupedCase(input: [2, 9, 8, 2], filters: 3, kernel: (3, 2), dilation: (2, 3), padding: .valid),
    DilatedGroupedCase(input: [2, 7, 6, 6], filters: 9, kernel: (3, 3), stride: 2, groups: 3),
    DilatedGroupedCase(input: [1, 6, 7, 4], filters: 4, kernel: (2, 3), dilation: (2, 1), groups: 2),
    DilatedGroupedCase(input: [3, 5, 5, 8], filters: 4, kernel: (1, 1), groups: 4, padding: .valid),
    // Large enough for the shifted-GEMM route, whose shifts spread by the dilation.
    DilatedGroupedCase(input: [2, 18, 18, 16], filters: 3, kernel: (2, 2), dilation: (2, 2), shifted: true),
    DilatedGroupedCase(input: [1, 18, 17, 32], filters: 6, kernel: (2, 2), groups: 2, shifted: true),
    DilatedGroupedCase(
      input: [2, 18, 18, 48], filters: 9, kernel: (2, 2), dilation: (2, 2), groups: 3, shifted: true),
    DilatedGroupedCase(input: [1, 18, 18, 32], filters: 4, kernel: (2, 2), groups: 4),  // 8 channels per group
    DilatedGroupedCase(
      input: [1, 40, 38, 16], filters: 2, kernel: (3, 3), dilation: (2, 2), padding: .valid, shifted: true),
  ]

  @Test(arguments: cases) func matchesDirectLoops(c: DilatedGroupedCase) throws {
    let g = try c.geometry()
    #expect(ShiftedConv2D.applies(g) == c.shifted)
    let n = c.input[0]
    let x = sinTensor(c.input, frequency: 0.71), w = cosTensor(g.kernelShape, frequency: 0.13)
    let b = referenceBias(c.filters)
    let r = sinTensor(g.outputShape(batch: n), frequency: 0.29)
    let expected = direct(x, w, b, r, g)
    let workspace = Conv2DWorkspace()
    let y = Tensor(repeating: .nan, shape: g.outputShape(batch: n))
    conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: workspace)
    expectClose(y.toArray(), expected.y, absolute: 1e-4, relative: 1e-4, "y")
    let dx = Tensor(repeating: .nan, shape: x.shape), dw = Tensor(zeros: w.shape),
      db = Tensor(zeros: [c.filters])
    conv2dBackward(
      input: x, kernel: w, outputGradient: r, inputGradient: dx, kernelGradient: dw, biasGradient: db,
      geometry: g,
      workspace: workspace)
    expectClose(dx.toArray(), expected.dx, absolute: 1e-4, relative: 1e-4, "dx")
    expectClose(dw.toArray(), expected.dw, absolute: 2e-3, relative: 1e-4, "dw")
  }

  /// The depthwise kernel is the grouped convolution with groups = channels, whose kernel
  /// `[kh, kw, 1, C·m]` has the memory of Keras's depthwise `[kh, kw, C, m]`.
  @Test(arguments: [(1, 1, Padding.same), (2, 1, .same), (3, 2, .valid), (2, 2, .same)])
  func depthwiseMatchesDirectLoops(multiplier: Int, stride: Int, padding: Padding) throws {
    let c = 3
    let dilation = stride == 1 ? 2 : 1
    let g = try Conv2DGeometry(
      inputHeight: 9, inputWidth: 8, inputChannels: c, outputChannels: c * multiplier, kernelHeight: 3,
      kernelWidth: 2, strideHeight: stride, strideWidth: stride, dilationHeight: dilation,
      dilationWidth: dilation, groups: c, padding: padding)
    let x = sinTensor([2, 9, 8, c], frequency: 0.53), w = cosTensor([3, 2, c, multiplier], frequency: 0.31)
    let b = referenceBias(c * multiplier)
    let r = sinTensor(g.outputShape(batch: 2), frequency: 0.19)
    let expected = direct(x, w.reshaped(g.kernelShape), b, r, g)
    let y = Tensor(repeating: .nan, shape: g.outputShape(batch: 2))
    depthwiseConv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g)
    expectClose(y.toArray(), expected.y, absolute: 1e-4, relative: 1e-4, "y")
    let dx = Tensor(repeating: .nan, shape: x.shape), dw = Tensor(zeros: w.shape),
      db = Tensor(zeros: [c * multiplier])
    depthwiseConv2dBackward(
      input: x, kernel: w, outputGradient: r, inputGradient: dx, kernelGradient: dw, biasGradient: db,
      geometry: g)
    expectClose(dx.toArray(), expected.dx, absolute: 1e-4, relative: 1e-4, "dx")
    expectClose(dw.toArray(), expected.dw, absolute: 1e-3, relative: 1e-4, "dw")
  }

  @Test func causalAxisPadsBeforeOnly() throws {
    let a = try AxisGeometry.causal(input: 10, window: 3, stride: 1, dilation: 2, axis: "steps")
    #expect((a.output, a.padBefore, a.padAfter, a.effectiveWindow) == (10, 4, 0, 5))
    let b = try AxisGeometry.causal(input: 10, window: 2, stride: 3, axis: "steps")
    #expect((b.output, b.padBefore, b.padAfter) == (4, 1, 0))
  }

  @Test func groupsMustDivideChannels() {
    #expect(throws: GeometryError.notDivisibleByGroups(inputChannels: 6, outputChannels: 4, groups: 3)) {
      try Conv2DGeometry(
        inputHeight: 4, inputWidth: 4, inputChannels: 6, outputChannels: 4, kernelHeight: 1, kernelWidth: 1,
        groups: 3)
    }
  }
}
