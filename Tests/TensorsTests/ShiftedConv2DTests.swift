import Testing

@testable import Tensors

/// The convolution's three products written as direct loops in Double, straight from the
/// definition y[s,i,j,o] = b[o] + Σ_{a,q,c} x[s, i·sh − pad_top + a, j·sw − pad_left + q, c]·w[a,q,c,o]:
/// the forward output, and for an upstream gradient r, ∂(Σ r·y)/∂x and ∂(Σ r·y)/∂w.
private func directConv2d(
  _ x: Tensor, _ w: Tensor, _ b: Tensor?, _ r: Tensor, _ g: Conv2DGeometry
) -> (y: [Float], dx: [Float], dw: [Float]) {
  let n = x.shape[0], h = g.height, wd = g.width, ci = g.inputChannels, co = g.outputChannels
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
              let ih = i * h.stride - h.padBefore + a, iw = j * wd.stride - wd.padBefore + q
              guard ih >= 0, ih < h.input, iw >= 0, iw < wd.input else { continue }
              for c in 0..<ci {
                let xi = ((s * h.input + ih) * wd.input + iw) * ci + c
                let wi = ((a * wd.window + q) * ci + c) * co + o
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

/// Stride-1 convolutions with at least 16 input channels run as one GEMM per kernel tap over the
/// padded input (`ShiftedConv2D`); these cases check that route against the definition.
@Suite struct ShiftedConv2DTests {
  static let cases: [ConvCase] = [
    ConvCase(input: [2, 20, 18, 16], kernel: [3, 3, 16, 5], stride: 1, padding: .same),
    ConvCase(input: [2, 20, 18, 16], kernel: [3, 3, 16, 5], stride: 1, padding: .valid),
    ConvCase(input: [3, 20, 18, 17], kernel: [2, 4, 17, 3], stride: 1, padding: .same),  // uneven padding
  ]

  // Tolerance: float32 sums of up to 9·17 products of magnitude ≤ 0.5 against Double loops.
  @Test(arguments: cases) func matchesDirectLoops(c: ConvCase) throws {
    let g = try c.geometry()
    #expect(ShiftedConv2D.applies(g))
    let n = c.input[0]
    let x = sinTensor(c.input, frequency: 0.71), w = cosTensor(c.kernel, frequency: 0.13)
    let b = referenceBias(c.kernel[3])
    let r = randomTensor(g.outputShape(batch: n), name: "r")
    let expected = directConv2d(x, w, b, r, g)
    for byteLimit in [Conv2DWorkspace.defaultByteLimit, 4] {  // one chunk; one sample per chunk
      let ws = Conv2DWorkspace(byteLimit: byteLimit)
      let y = Tensor(repeating: .nan, shape: g.outputShape(batch: n))
      conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: ws)
      expectClose(y.toArray(), expected.y, absolute: 1e-5, relative: 1e-5, "y, limit \(byteLimit)")
      conv2dForward(input: x, kernel: w, bias: nil, output: y, geometry: g, workspace: ws)
      let shifted = zip(expected.y, 0..<expected.y.count).map { v, i in v - b.buffer[i % c.kernel[3]] }
      expectClose(y.toArray(), shifted, absolute: 1e-5, relative: 1e-5, "y without bias")

      let dx = Tensor(repeating: 7, shape: x.shape)  // overwritten
      let dw = Tensor(repeating: 1, shape: w.shape)  // accumulated onto 1
      let db = Tensor(repeating: 0, shape: b.shape)
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: dx, kernelGradient: dw, biasGradient: db,
        geometry: g, workspace: ws)
      expectClose(dx.toArray(), expected.dx, absolute: 1e-5, relative: 1e-5, "dx, limit \(byteLimit)")
      expectClose(dw.toArray().map { $0 - 1 }, expected.dw, absolute: 1e-4, relative: 1e-5, "dw")

      let dx2 = Tensor(repeating: 1, shape: x.shape)  // accumulated onto 1
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: dx2, kernelGradient: nil, biasGradient: nil,
        geometry: g, workspace: ws, accumulateInputGradient: true)
      expectClose(dx2.toArray(), expected.dx.map { $0 + 1 }, absolute: 1e-5, relative: 1e-5, "accumulated dx")
    }
  }

  @Test func routeNeedsStrideOneChannelsAndSmallMargins() throws {
    let wide = try ConvCase(input: [1, 32, 32, 16], kernel: [3, 3, 16, 4], stride: 1, padding: .same)
      .geometry()
    #expect(ShiftedConv2D.applies(wide))
    let strided = try ConvCase(input: [1, 32, 32, 16], kernel: [3, 3, 16, 4], stride: 2, padding: .same)
      .geometry()
    #expect(!ShiftedConv2D.applies(strided))
    let few = try ConvCase(input: [1, 32, 32, 3], kernel: [3, 3, 3, 4], stride: 1, padding: .same).geometry()
    #expect(!ShiftedConv2D.applies(few))
    let small = try ConvCase(input: [1, 6, 6, 64], kernel: [3, 3, 64, 4], stride: 1, padding: .valid)
      .geometry()
    #expect(!ShiftedConv2D.applies(small))  // 36 padded pixels for 16 outputs
  }
}
