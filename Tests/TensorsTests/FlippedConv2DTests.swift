import Testing

@testable import Tensors

/// The input gradient of stride-1 convolutions with fewer output than input channels, taken as one
/// convolution of dY with the flipped kernel (`FlippedConv2D`), against the direct loops in Double
/// (`direct`, DilatedGroupedConv2DTests.swift) and against the route it replaces.
@Suite struct FlippedConv2DTests {
  static let cases: [DilatedGroupedCase] = [
    DilatedGroupedCase(input: [2, 12, 11, 24], filters: 8, kernel: (3, 3)),  // U-Net-like, odd width
    DilatedGroupedCase(input: [1, 9, 9, 5], filters: 3, kernel: (3, 3)),  // few channels: im2col route
    DilatedGroupedCase(input: [3, 20, 18, 17], filters: 5, kernel: (2, 4)),  // uneven `same` padding
    DilatedGroupedCase(input: [2, 21, 19, 16], filters: 7, kernel: (3, 3), padding: .valid),
    DilatedGroupedCase(input: [2, 18, 18, 16], filters: 3, kernel: (3, 2), dilation: (2, 3)),
    DilatedGroupedCase(input: [1, 17, 16, 20], filters: 19, kernel: (5, 5)),  // C_out = C_in − 1
    DilatedGroupedCase(input: [1, 6, 5, 4], filters: 1, kernel: (3, 3)),  // one output channel, batch 1
  ]

  // Tolerance: float32 sums of up to 25·19 products of magnitude ≤ 0.5 against Double loops.
  @Test(arguments: cases) func inputGradientMatchesDirectLoops(c: DilatedGroupedCase) throws {
    let g = try c.geometry()
    #expect(FlippedConv2D.applies(g))
    let n = c.input[0]
    let x = sinTensor(c.input, frequency: 0.71), w = cosTensor(g.kernelShape, frequency: 0.13)
    let r = sinTensor(g.outputShape(batch: n), frequency: 0.29)
    let expected = direct(x, w, nil, r, g)
    // Default limit (one chunk) and 4 bytes (one sample per chunk).
    for byteLimit in [Conv2DWorkspace.defaultByteLimit, 4] {
      let ws = Conv2DWorkspace(byteLimit: byteLimit)
      let dx = Tensor(repeating: .nan, shape: x.shape)  // overwritten
      let dw = Tensor(repeating: 1, shape: w.shape), db = Tensor(zeros: [c.filters])
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: dx, kernelGradient: dw, biasGradient: db,
        geometry: g, workspace: ws)
      expectClose(dx.toArray(), expected.dx, absolute: 1e-4, relative: 1e-4, "dx, limit \(byteLimit)")
      expectClose(dw.toArray().map { $0 - 1 }, expected.dw, absolute: 2e-3, relative: 1e-4, "dw")
      let sums = (0..<c.filters).map { o in
        stride(from: o, to: r.count, by: c.filters).reduce(0) { $0 + r.buffer[$1] }
      }
      expectClose(db.toArray(), sums, absolute: 1e-4, relative: 1e-5, "db")

      let added = Tensor(repeating: 2, shape: x.shape)  // accumulated onto 2, no kernel gradient
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: added, kernelGradient: nil, biasGradient: nil,
        geometry: g, workspace: ws, accumulateInputGradient: true)
      expectClose(added.toArray(), expected.dx.map { $0 + 2 }, absolute: 1e-4, relative: 1e-4, "dx + 2")
    }
  }

  /// Against the shifted route it replaces, on a layer shaped like the U-Net's `conv2d_2` (scaled
  /// down): same values up to float32 summation order; and bit-identical from run to run.
  @Test func matchesShiftedRouteAndIsDeterministic() throws {
    let g = try DilatedGroupedCase(input: [3, 18, 18, 48], filters: 16, kernel: (3, 3)).geometry()
    #expect(FlippedConv2D.applies(g) && ShiftedConv2D.applies(g))
    let x = sinTensor([3, 18, 18, 48], frequency: 0.37), w = cosTensor(g.kernelShape, frequency: 0.11)
    let r = sinTensor(g.outputShape(batch: 3), frequency: 0.23)
    let ws = Conv2DWorkspace()
    let old = Tensor(zeros: x.shape)
    ShiftedConv2D.backward(
      x.buffer.baseAddress!, w.buffer.baseAddress!, r.buffer.baseAddress!, dx: old.buffer.baseAddress!,
      dw: nil, g, batch: 3, workspace: ws)
    var runs: [[Float]] = []
    for _ in 0..<2 {
      let dx = Tensor(repeating: .nan, shape: x.shape)
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: dx, kernelGradient: nil, biasGradient: nil,
        geometry: g, workspace: ws)
      runs.append(dx.toArray())
    }
    expectClose(runs[0], old.toArray(), absolute: 1e-5, relative: 1e-5, "flipped vs shifted")
    #expect(runs[0] == runs[1])
  }

  @Test func routeBoundaries() throws {
    func applies(_ c: DilatedGroupedCase) throws -> Bool { FlippedConv2D.applies(try c.geometry()) }
    #expect(try applies(DilatedGroupedCase(input: [1, 32, 32, 32], filters: 31, kernel: (3, 3))))
    // C_out = C_in
    #expect(try !applies(DilatedGroupedCase(input: [1, 32, 32, 32], filters: 32, kernel: (3, 3))))
    #expect(try !applies(DilatedGroupedCase(input: [1, 32, 32, 32], filters: 16, kernel: (3, 3), stride: 2)))
    #expect(try !applies(DilatedGroupedCase(input: [1, 32, 32, 32], filters: 16, kernel: (3, 3), groups: 2)))
    // Pointwise
    #expect(try !applies(DilatedGroupedCase(input: [1, 32, 32, 32], filters: 16, kernel: (1, 1))))
    // valid: 18² inputs for 16² outputs (1.27×) do not take it; 20² for 18² (1.23×) do.
    #expect(
      try !applies(DilatedGroupedCase(input: [1, 18, 18, 32], filters: 16, kernel: (3, 3), padding: .valid)))
    #expect(
      try applies(DilatedGroupedCase(input: [1, 20, 20, 32], filters: 16, kernel: (3, 3), padding: .valid)))
  }
}
