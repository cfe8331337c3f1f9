import Testing

@testable import Tensors

@Suite struct UpSamplingConcatenateTests {
  // Hand: [[1, 2]] (1×1×2×1) up-sampled by (2, 2) → [[1, 1, 2, 2], [1, 1, 2, 2]].
  @Test func upSamplingHandWorked() {
    let x = Tensor(shape: [1, 1, 2, 1], values: [1, 2])
    let y = Tensor(zeros: [1, 2, 4, 1])
    upSampling2dForward(input: x, output: y, sizeHeight: 2, sizeWidth: 2)
    #expect(y.toArray() == [1, 1, 2, 2, 1, 1, 2, 2])
    let dx = Tensor(zeros: x.shape)
    upSampling2dBackward(
      outputGradient: Tensor(shape: [1, 2, 4, 1], values: [1, 2, 3, 4, 5, 6, 7, 8]), inputGradient: dx,
      sizeHeight: 2, sizeWidth: 2)
    #expect(dx.toArray() == [14, 22])  // 1+2+5+6, 3+4+7+8
  }

  // Against scripts/reference/kernels_reference.py.
  @Test func upSamplingMatchesNumpyReference() {
    let y = Tensor(zeros: [1, 4, 9, 2])
    upSampling2dForward(input: sinTensor([1, 2, 3, 2]), output: y, sizeHeight: 2, sizeWidth: 3)
    expectClose(y.toArray(), KernelReference.upSample2x3, absolute: 1e-7, relative: 1e-6)
  }

  @Test func upSamplingGradientMatchesFiniteDifferences() {
    let x = sinTensor([2, 3, 2, 3])
    let y = Tensor(zeros: [2, 6, 6, 3])
    let r = randomTensor(y.shape, name: "r")
    let dx = Tensor(zeros: x.shape)
    upSampling2dBackward(outputGradient: r, inputGradient: dx, sizeHeight: 2, sizeWidth: 3)
    let numeric = numericGradient(of: x, step: 1e-2) {
      upSampling2dForward(input: x, output: y, sizeHeight: 2, sizeWidth: 3)
      return weightedSum(r, y)
    }
    expectClose(dx.toArray(), numeric, absolute: 1e-4, relative: 1e-3, "up-sampling")
  }

  // Hand: rows [1, 2] and [10] → [1, 2, 10].
  @Test func concatenateHandWorked() {
    let y = Tensor(zeros: [2, 3])
    concatenateLastAxisForward(
      inputs: [Tensor(shape: [2, 2], values: [1, 2, 3, 4]), Tensor(shape: [2, 1], values: [10, 20])],
      output: y)
    #expect(y.toArray() == [1, 2, 10, 3, 4, 20])
  }

  @Test func concatenateMatchesNumpyReference() {
    let y = Tensor(zeros: [1, 2, 2, 5])
    let b = cosTensor([1, 2, 2, 3], frequency: 0.5, scale: 1)
    concatenateLastAxisForward(inputs: [sinTensor([1, 2, 2, 2]), b], output: y)
    expectClose(y.toArray(), KernelReference.concatSinCos, absolute: 1e-7, relative: 1e-6)
  }

  @Test func concatenateGradientMatchesFiniteDifferences() {
    let parts = [
      sinTensor([2, 3, 2, 1]), sinTensor([2, 3, 2, 4], frequency: 0.9), sinTensor([2, 3, 2, 2]),
    ]
    let y = Tensor(zeros: [2, 3, 2, 7])
    let r = randomTensor(y.shape, name: "r")
    let grads = parts.map { Tensor(repeating: 3, shape: $0.shape) }
    concatenateLastAxisBackward(outputGradient: r, inputGradients: grads)
    for (p, g) in zip(parts, grads) {
      let numeric = numericGradient(of: p, step: 1e-2) {
        concatenateLastAxisForward(inputs: parts, output: y)
        return weightedSum(r, y)
      }
      expectClose(g.toArray(), numeric, absolute: 1e-4, relative: 1e-3, "concatenate part \(p.shape)")
    }
    let accumulated = parts.map { Tensor(repeating: 1, shape: $0.shape) }
    concatenateLastAxisBackward(outputGradient: r, inputGradients: accumulated, accumulate: true)
    for (a, g) in zip(accumulated, grads) { #expect(a.toArray() == g.toArray().map { $0 + 1 }) }
  }
}
