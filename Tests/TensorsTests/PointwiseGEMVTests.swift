import Testing

@testable import Tensors

/// 1×1 convolutions to one output channel (`PointwiseGEMV`) against the direct loops in Double
/// (`direct`, DilatedGroupedConv2DTests.swift) and against the GEMM route they replace.
@Suite struct PointwiseGEMVTests {
  static let cases: [DilatedGroupedCase] = [
    DilatedGroupedCase(input: [2, 5, 7, 64], filters: 1, kernel: (1, 1)),  // U-Net head, 4 SIMD blocks
    // Fewer channels than one SIMD block (tail only), batch 1.
    DilatedGroupedCase(input: [1, 3, 3, 5], filters: 1, kernel: (1, 1), padding: .valid),
    DilatedGroupedCase(input: [3, 4, 5, 37], filters: 1, kernel: (1, 1)),  // 2 blocks + tail of 5
  ]

  @Test(arguments: cases) func matchesDirectLoops(c: DilatedGroupedCase) throws {
    let g = try c.geometry()
    #expect(PointwiseGEMV.applies(g))
    let n = c.input[0]
    let x = sinTensor(c.input, frequency: 0.71), w = cosTensor(g.kernelShape, frequency: 0.13)
    let b = Tensor(repeating: 0.25, shape: [1])
    let r = sinTensor(g.outputShape(batch: n), frequency: 0.29)
    let expected = direct(x, w, b, r, g)
    let ws = Conv2DWorkspace()
    let y = Tensor(repeating: .nan, shape: g.outputShape(batch: n))
    conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: ws)
    expectClose(y.toArray(), expected.y, absolute: 1e-5, relative: 1e-5, "y")
    let unbiased = Tensor(repeating: .nan, shape: y.shape)
    conv2dForward(input: x, kernel: w, bias: nil, output: unbiased, geometry: g, workspace: ws)
    expectClose(unbiased.toArray(), expected.y.map { $0 - 0.25 }, absolute: 1e-5, relative: 1e-5, "no bias")

    let dx = Tensor(repeating: .nan, shape: x.shape)  // overwritten
    let dw = Tensor(repeating: 1, shape: w.shape), db = Tensor(repeating: 2, shape: [1])
    conv2dBackward(
      input: x, kernel: w, outputGradient: r, inputGradient: dx, kernelGradient: dw, biasGradient: db,
      geometry: g, workspace: ws)
    expectClose(dx.toArray(), expected.dx, absolute: 1e-6, relative: 1e-6, "dx")
    expectClose(dw.toArray().map { $0 - 1 }, expected.dw, absolute: 1e-4, relative: 1e-5, "dw")
    let sum = (0..<r.count).reduce(0.0) { $0 + Double(r.buffer[$1]) }
    expectClose(db.toArray(), [Float(sum) + 2], absolute: 1e-4, relative: 1e-5, "db")

    let added = Tensor(repeating: 3, shape: x.shape)  // accumulated onto 3
    conv2dBackward(
      input: x, kernel: w, outputGradient: r, inputGradient: added, kernelGradient: nil, biasGradient: nil,
      geometry: g, workspace: ws, accumulateInputGradient: true)
    expectClose(added.toArray(), expected.dx.map { $0 + 3 }, absolute: 1e-6, relative: 1e-6, "dx + 3")
  }

  /// More rows than one block of the kernel gradient's partial sums (4096), against the GEMM
  /// route (sgemm) it replaces; bit-identical on a rerun.
  @Test func manyRowsMatchGEMMAndAreDeterministic() throws {
    let g = try DilatedGroupedCase(input: [3, 50, 61, 24], filters: 1, kernel: (1, 1)).geometry()
    let rows = 3 * 50 * 61
    #expect(rows > 2 * PointwiseGEMV.blockRows)
    let x = sinTensor([3, 50, 61, 24], frequency: 0.37), w = cosTensor(g.kernelShape, frequency: 0.11)
    let r = sinTensor(g.outputShape(batch: 3), frequency: 0.23)
    let ws = Conv2DWorkspace()
    let gemmY = Tensor(zeros: r.shape), gemmDw = Tensor(zeros: w.shape)
    sgemm(
      m: rows, n: 1, k: 24, a: x.buffer.baseAddress!, lda: 24, b: w.buffer.baseAddress!, ldb: 1,
      c: gemmY.buffer.baseAddress!, ldc: 1)
    sgemm(
      transposeA: true, m: 24, n: 1, k: rows, a: x.buffer.baseAddress!, lda: 24, b: r.buffer.baseAddress!,
      ldb: 1, c: gemmDw.buffer.baseAddress!, ldc: 1)
    var runs: [[Float]] = []
    for _ in 0..<2 {
      let y = Tensor(zeros: r.shape), dw = Tensor(zeros: w.shape)
      conv2dForward(input: x, kernel: w, bias: nil, output: y, geometry: g, workspace: ws)
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: nil, kernelGradient: dw, biasGradient: nil,
        geometry: g, workspace: ws)
      expectClose(y.toArray(), gemmY.toArray(), absolute: 1e-5, relative: 1e-5, "y")
      expectClose(dw.toArray(), gemmDw.toArray(), absolute: 1e-3, relative: 1e-4, "dw")
      runs.append(y.toArray() + dw.toArray())
    }
    #expect(runs[0] == runs[1])
  }

  @Test func routeBoundaries() throws {
    func applies(_ c: DilatedGroupedCase) throws -> Bool { PointwiseGEMV.applies(try c.geometry()) }
    #expect(try applies(DilatedGroupedCase(input: [1, 4, 4, 8], filters: 1, kernel: (1, 1))))
    #expect(try !applies(DilatedGroupedCase(input: [1, 4, 4, 8], filters: 2, kernel: (1, 1))))
    #expect(try !applies(DilatedGroupedCase(input: [1, 4, 4, 8], filters: 1, kernel: (1, 1), stride: 2)))
    #expect(try !applies(DilatedGroupedCase(input: [1, 4, 4, 8], filters: 1, kernel: (3, 3))))
  }
}
