import Testing

@testable import Tensors

/// Few-channel im2col convolutions with the bias as one more GEMM column (`BiasColumn`): forward,
/// kernel, bias and input gradients against the direct loops in Double (`direct`,
/// DilatedGroupedConv2DTests.swift), and against the route it replaces (no bias, bias added after).
@Suite struct BiasColumnTests {
  static let cases: [DilatedGroupedCase] = [
    DilatedGroupedCase(input: [2, 9, 8, 1], filters: 12, kernel: (3, 3)),  // U-Net c1-like, k = 9 (12 filters: not SmallPatchConv2D)
    DilatedGroupedCase(input: [3, 10, 9, 3], filters: 8, kernel: (3, 3), padding: .valid),  // CIFAR-like
    DilatedGroupedCase(input: [1, 7, 5, 3], filters: 5, kernel: (3, 2), stride: 2),  // batch 1, odd sizes
    DilatedGroupedCase(input: [2, 11, 10, 2], filters: 4, kernel: (3, 3), dilation: (2, 1)),
    DilatedGroupedCase(input: [2, 6, 7, 7], filters: 3, kernel: (3, 3)),  // k = 63: the last that applies
    DilatedGroupedCase(input: [2, 8, 8, 16], filters: 3, kernel: (1, 3), padding: .valid),  // k = 48, 1×3
  ]

  // Tolerance: float32 sums of at most 64 products of magnitude ≤ 0.5 against Double loops.
  @Test(arguments: cases) func matchesDirectLoops(c: DilatedGroupedCase) throws {
    let g = try c.geometry()
    #expect(BiasColumn.applies(g) && !ShiftedConv2D.applies(g) && !SmallPatchConv2D.applies(g))
    let n = c.input[0]
    let x = sinTensor(c.input, frequency: 0.71), w = cosTensor(g.kernelShape, frequency: 0.13)
    let b = sinTensor([c.filters], frequency: 1.3)
    let r = sinTensor(g.outputShape(batch: n), frequency: 0.29)
    let expected = direct(x, w, b, r, g)
    // Default limit (one chunk) and 4 bytes (one sample per chunk).
    for byteLimit in [Conv2DWorkspace.defaultByteLimit, 4] {
      let ws = Conv2DWorkspace(byteLimit: byteLimit)
      let y = Tensor(repeating: .nan, shape: g.outputShape(batch: n))  // overwritten
      conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: ws)
      expectClose(y.toArray(), expected.y, absolute: 1e-5, relative: 1e-5, "y, limit \(byteLimit)")

      let dx = Tensor(repeating: .nan, shape: x.shape)  // overwritten
      let dw = Tensor(repeating: 1, shape: w.shape), db = Tensor(repeating: 2, shape: [c.filters])
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: dx, kernelGradient: dw, biasGradient: db,
        geometry: g, workspace: ws)
      expectClose(dx.toArray(), expected.dx, absolute: 1e-5, relative: 1e-5, "dx")
      expectClose(dw.toArray().map { $0 - 1 }, expected.dw, absolute: 1e-4, relative: 1e-5, "dw")
      let sums = (0..<c.filters).map { o in
        stride(from: o, to: r.count, by: c.filters).reduce(0.0) { $0 + Double(r.buffer[$1]) }
      }
      expectClose(db.toArray().map { $0 - 2 }, sums.map { Float($0) }, absolute: 1e-4, relative: 1e-5, "db")

      // First layer: no input gradient; kernel and bias gradients still accumulate.
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: nil, kernelGradient: dw, biasGradient: db,
        geometry: g, workspace: ws)
      expectClose(
        dw.toArray().map { $0 - 1 }, expected.dw.map { 2 * $0 }, absolute: 2e-4, relative: 1e-5, "2 dw")
      expectClose(
        db.toArray().map { $0 - 2 }, sums.map { Float(2 * $0) }, absolute: 2e-4, relative: 1e-5, "2 db")
    }
  }

  /// Against the old route (GEMM without bias, bias added after; `sumRows` for the bias gradient),
  /// on a U-Net-c1-like layer: same values up to float32 summation order; bit-identical reruns.
  @Test func matchesSeparateBiasAndIsDeterministic() throws {
    let c = DilatedGroupedCase(input: [4, 33, 31, 1], filters: 24, kernel: (3, 3))  // 24: not SmallPatchConv2D
    let g = try c.geometry()
    let x = sinTensor(c.input, frequency: 0.37), w = cosTensor(g.kernelShape, frequency: 0.11)
    let b = cosTensor([c.filters], frequency: 0.7)
    let r = sinTensor(g.outputShape(batch: 4), frequency: 0.23)
    let ws = Conv2DWorkspace()
    let plain = Tensor(zeros: g.outputShape(batch: 4))
    conv2dForward(input: x, kernel: w, bias: nil, output: plain, geometry: g, workspace: ws)
    let old = plain.toArray().enumerated().map { $0.element + b.buffer[$0.offset % c.filters] }
    let oldDw = Tensor(zeros: w.shape)
    conv2dBackward(
      input: x, kernel: w, outputGradient: r, inputGradient: nil, kernelGradient: oldDw, biasGradient: nil,
      geometry: g, workspace: ws)
    let oldDb = Tensor(zeros: b.shape)
    sumRows(r.buffer, columns: c.filters, into: oldDb.buffer)
    var runs: [[Float]] = []
    for _ in 0..<2 {
      let y = Tensor(repeating: .nan, shape: plain.shape)
      conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: ws)
      let dw = Tensor(zeros: w.shape), db = Tensor(zeros: b.shape)
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: nil, kernelGradient: dw, biasGradient: db,
        geometry: g, workspace: ws)
      expectClose(y.toArray(), old, absolute: 1e-6, relative: 1e-6, "y")
      expectClose(dw.toArray(), oldDw.toArray(), absolute: 1e-4, relative: 1e-5, "dw")
      expectClose(db.toArray(), oldDb.toArray(), absolute: 1e-4, relative: 1e-5, "db")
      runs.append(y.toArray() + dw.toArray() + db.toArray())
    }
    #expect(runs[0] == runs[1])
  }

  @Test func routeBoundaries() throws {
    func applies(_ c: DilatedGroupedCase) throws -> Bool { BiasColumn.applies(try c.geometry()) }
    #expect(try applies(DilatedGroupedCase(input: [1, 8, 8, 7], filters: 4, kernel: (3, 3))))  // k = 63
    #expect(try !applies(DilatedGroupedCase(input: [1, 8, 8, 4], filters: 4, kernel: (4, 4))))  // k = 64
    #expect(try !applies(DilatedGroupedCase(input: [1, 8, 8, 4], filters: 4, kernel: (3, 3), groups: 2)))
    #expect(try !applies(DilatedGroupedCase(input: [1, 8, 8, 4], filters: 4, kernel: (1, 1))))  // pointwise
    #expect(try applies(DilatedGroupedCase(input: [1, 8, 8, 4], filters: 4, kernel: (1, 1), stride: 2)))
    // A short patch with ≥ 16 channels on a large image takes the shifted route in conv2d instead.
    let shifted = try DilatedGroupedCase(input: [1, 18, 18, 16], filters: 3, kernel: (1, 2)).geometry()
    #expect(BiasColumn.applies(shifted) && ShiftedConv2D.applies(shifted))
  }
}
