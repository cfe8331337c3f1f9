import Testing

@testable import Tensors

struct PoolCase: Sendable, CustomTestStringConvertible {
  var input: Shape
  var pool: Int
  var stride: Int
  var padding: Padding
  var testDescription: String { "\(input) pool \(pool) s\(stride) \(padding)" }

  func geometry() throws -> Pool2DGeometry {
    try Pool2DGeometry(
      inputHeight: input[1], inputWidth: input[2], channels: input[3], poolHeight: pool, poolWidth: pool,
      strideHeight: stride, strideWidth: stride, padding: padding)
  }
}

private func maxPool(_ x: Tensor, _ g: Pool2DGeometry) -> (Tensor, MaxPoolIndices) {
  let y = Tensor(repeating: .nan, shape: g.outputShape(batch: x.shape[0]))
  let idx = MaxPoolIndices(g, batch: x.shape[0])
  maxPool2dForward(input: x, output: y, indices: idx, geometry: g)
  return (y, idx)
}

private func avgPool(_ x: Tensor, _ g: Pool2DGeometry) -> Tensor {
  let y = Tensor(repeating: .nan, shape: g.outputShape(batch: x.shape[0]))
  averagePool2dForward(input: x, output: y, geometry: g)
  return y
}

@Suite struct Pooling2DTests {
  // Worked by hand: input 1…9 as 3×3, pool 2, stride 2, same: out 2×2, pad 0 before, 1 after,
  // windows rows {0,1} | {2}, columns {0,1} | {2}.
  // max: [5, 6, 8, 9]; average over valid elements only: [(1+2+4+5)/4, (3+6)/2, (7+8)/2, 9].
  @Test func handWorkedSamePadding() throws {
    let x = Tensor(shape: [1, 3, 3, 1], values: (1...9).map(Float.init))
    let g = try PoolCase(input: [1, 3, 3, 1], pool: 2, stride: 2, padding: .same).geometry()
    let (y, idx) = maxPool(x, g)
    #expect(y.toArray() == [5, 6, 8, 9])
    #expect(Array(idx.buffer) == [4, 5, 7, 8])
    #expect(avgPool(x, g).toArray() == [3, 4.5, 7.5, 9])
  }

  // Ties go to the first element of the window in row-major order, as does the gradient.
  @Test func maxTiesGoToFirst() throws {
    let x = Tensor(repeating: 3, shape: [1, 2, 2, 1])
    let g = try PoolCase(input: [1, 2, 2, 1], pool: 2, stride: 2, padding: .valid).geometry()
    let (y, idx) = maxPool(x, g)
    #expect(y.toArray() == [3])
    let dx = Tensor(repeating: 9, shape: x.shape)
    maxPool2dBackward(
      outputGradient: Tensor(shape: [1, 1, 1, 1], values: [2]), indices: idx, inputGradient: dx, geometry: g)
    #expect(dx.toArray() == [2, 0, 0, 0])
  }

  static let referenceCases: [(PoolCase, Bool, [Float])] = [
    (
      PoolCase(input: [1, 7, 5, 2], pool: 3, stride: 2, padding: .same), true,
      KernelReference.maxPool3x3S2Same
    ),
    (
      PoolCase(input: [1, 7, 5, 2], pool: 2, stride: 2, padding: .valid), true,
      KernelReference.maxPool2x2S2Valid
    ),
    (
      PoolCase(input: [1, 7, 5, 2], pool: 3, stride: 2, padding: .same), false,
      KernelReference.avgPool3x3S2Same
    ),
    (
      PoolCase(input: [1, 7, 5, 2], pool: 2, stride: 1, padding: .same), false,
      KernelReference.avgPool2x2S1Same
    ),
    (
      PoolCase(input: [1, 7, 5, 2], pool: 2, stride: 2, padding: .valid), false,
      KernelReference.avgPool2x2S2Valid
    ),
  ]

  // Against scripts/reference/kernels_reference.py (direct loops over each window).
  @Test(arguments: 0..<5) func matchesNumpyReference(index: Int) throws {
    let (c, isMax, expected) = Pooling2DTests.referenceCases[index]
    let g = try c.geometry()
    let x = sinTensor(c.input)
    let y = isMax ? maxPool(x, g).0 : avgPool(x, g)
    expectClose(y.toArray(), expected, absolute: 1e-6, relative: 1e-6, c.testDescription)
  }

  static let gradientCases: [PoolCase] = [
    PoolCase(input: [2, 7, 5, 2], pool: 3, stride: 2, padding: .same),
    PoolCase(input: [2, 7, 5, 2], pool: 3, stride: 1, padding: .same),  // overlapping windows
    PoolCase(input: [2, 7, 5, 2], pool: 2, stride: 2, padding: .valid),
    PoolCase(input: [2, 7, 5, 2], pool: 2, stride: 1, padding: .same),
  ]

  // Finite differences (step 1e-3, smaller than half the 1/140 gap between distinct inputs, so
  // no arg-max changes); both poolings are piecewise linear, tolerance 1e-3 covers float32 rounding.
  @Test(arguments: gradientCases) func maxGradientMatchesFiniteDifferences(c: PoolCase) throws {
    let g = try c.geometry()
    let x = distinctTensor(c.input)
    let r = randomTensor(g.outputShape(batch: c.input[0]), name: "r")
    let (_, idx) = maxPool(x, g)
    let dx = Tensor(repeating: 5, shape: x.shape)
    maxPool2dBackward(outputGradient: r, indices: idx, inputGradient: dx, geometry: g)
    let numeric = numericGradient(of: x, step: 1e-3) { weightedSum(r, maxPool(x, g).0) }
    expectClose(dx.toArray(), numeric, absolute: 1e-3, relative: 1e-3, "max \(c.testDescription)")
  }

  @Test(arguments: gradientCases) func averageGradientMatchesFiniteDifferences(c: PoolCase) throws {
    let g = try c.geometry()
    let x = sinTensor(c.input)
    let r = randomTensor(g.outputShape(batch: c.input[0]), name: "r")
    let dx = Tensor(repeating: 1, shape: x.shape)
    averagePool2dBackward(outputGradient: r, inputGradient: dx, geometry: g, accumulate: true)
    let numeric = numericGradient(of: x, step: 1e-2) { weightedSum(r, avgPool(x, g)) }
    expectClose(
      dx.toArray().map { $0 - 1 }, numeric, absolute: 1e-3, relative: 1e-3, "avg \(c.testDescription)")
  }

  // Hand: per-channel means of [[1, 2], [3, 4]] (channel 0) and [[10, 20], [30, 40]] (channel 1).
  @Test func globalAverage() {
    let x = Tensor(shape: [1, 2, 2, 2], values: [1, 10, 2, 20, 3, 30, 4, 40])
    let y = Tensor(zeros: [1, 2])
    globalAveragePool2dForward(input: x, output: y)
    #expect(y.toArray() == [2.5, 25])
    let dx = Tensor(zeros: x.shape)
    globalAveragePool2dBackward(outputGradient: Tensor(shape: [1, 2], values: [4, 8]), inputGradient: dx)
    #expect(dx.toArray() == [1, 2, 1, 2, 1, 2, 1, 2])
  }

  @Test func globalAverageGradientMatchesFiniteDifferences() {
    let x = sinTensor([3, 5, 3, 4])
    let r = randomTensor([3, 4], name: "r")
    let y = Tensor(zeros: [3, 4])
    let dx = Tensor(zeros: x.shape)
    globalAveragePool2dBackward(outputGradient: r, inputGradient: dx)
    let numeric = numericGradient(of: x, step: 1e-2) {
      globalAveragePool2dForward(input: x, output: y)
      return weightedSum(r, y)
    }
    expectClose(dx.toArray(), numeric, absolute: 1e-4, relative: 1e-3, "global average")
  }
}
