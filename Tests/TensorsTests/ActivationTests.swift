import Foundation
import Testing

@testable import Tensors

struct ActivationCase: Sendable, CustomTestStringConvertible {
  var function: ActivationFunction
  var reference: [Float]
  var testDescription: String { "\(function)" }
}

@Suite struct ActivationTests {
  // Reference values: scripts/reference/kernels_reference.py (numpy, scipy.special.erf for GELU).
  static let cases: [ActivationCase] = [
    ActivationCase(function: .linear, reference: KernelReference.activationInputs),
    ActivationCase(function: .relu, reference: KernelReference.relu),
    ActivationCase(function: .sigmoid, reference: KernelReference.sigmoid),
    ActivationCase(function: .tanh, reference: KernelReference.tanh),
    ActivationCase(function: .leakyRelu(), reference: KernelReference.leakyRelu02),
    ActivationCase(function: .elu(), reference: KernelReference.elu1),
    ActivationCase(function: .gelu(), reference: KernelReference.geluExact),
    ActivationCase(function: .gelu(approximate: true), reference: KernelReference.geluApproximate),
    ActivationCase(function: .swish, reference: KernelReference.swish),
  ]

  @Test(arguments: cases) func forwardMatchesReference(c: ActivationCase) {
    let x = Tensor(shape: [2, 4], values: KernelReference.activationInputs)
    let y = Tensor(zeros: x.shape)
    activationForward(c.function, input: x, output: y)
    expectClose(y.toArray(), c.reference, absolute: 1e-6, relative: 1e-5, "\(c.function)")
    activationForward(c.function, input: x, output: x)  // in place
    expectClose(x.toArray(), c.reference, absolute: 1e-6, relative: 1e-5, "\(c.function) in place")
  }

  @Test func kerasDefaults() {
    #expect(ActivationFunction.leakyRelu() == .leakyRelu(alpha: 0.2))
    #expect(ActivationFunction.elu() == .elu(alpha: 1))
    #expect(ActivationFunction.gelu() == .gelu(approximate: false))
  }

  // Finite differences (step 1e-3, Double loss) on inputs 3·sin(0.37 i + 0.1), none within 0.2 of
  // the kinks of relu / leaky_relu / elu at 0. Smooth functions: truncation O(ε²) ≈ 1e-6,
  // float32 rounding of y / 2ε ≈ 1e-4; tolerance 1e-3.
  @Test(arguments: cases) func backwardMatchesFiniteDifferences(c: ActivationCase) {
    let shape: Shape = [4, 6]
    let x = Tensor(shape: shape, values: (0..<24).map { Float(3 * sin(0.37 * Double($0) + 0.1)) })
    #expect(x.toArray().allSatisfy { abs($0) > 0.2 })
    let y = Tensor(zeros: shape)
    let r = randomTensor(shape, name: "r")
    activationForward(c.function, input: x, output: y)
    let dx = Tensor(zeros: shape)
    activationBackward(c.function, input: x, output: y, outputGradient: r, inputGradient: dx)
    let scratch = Tensor(zeros: shape)
    let numeric = numericGradient(of: x, step: 1e-3) {
      activationForward(c.function, input: x, output: scratch)
      return weightedSum(r, scratch)
    }
    expectClose(dx.toArray(), numeric, absolute: 1e-3, relative: 1e-3, "\(c.function)")
    // In place: the input gradient may overwrite the output gradient.
    let inPlace = Tensor(zeros: shape)
    inPlace.copy(from: r)
    activationBackward(c.function, input: x, output: y, outputGradient: inPlace, inputGradient: inPlace)
    #expect(inPlace.toArray() == dx.toArray())
  }

  // TensorFlow's conventions at the kink x = 0: relu′ = 0, leaky_relu′ = α, elu′ = α.
  @Test func derivativesAtZero() {
    let x = Tensor(zeros: [1]), dy = Tensor(repeating: 1, shape: [1]), dx = Tensor(zeros: [1])
    for (f, expected) in [(ActivationFunction.relu, Float(0)), (.leakyRelu(), 0.2), (.elu(alpha: 0.5), 0.5)] {
      let y = Tensor(zeros: [1])
      activationForward(f, input: x, output: y)
      activationBackward(f, input: x, output: y, outputGradient: dy, inputGradient: dx)
      #expect(dx.buffer[0] == expected, "\(f)")
    }
  }

  @Test func sigmoidIsStableForLargeInputs() {
    let x = Tensor(shape: [4], values: [-200, -90, 90, 200])
    let y = Tensor(zeros: [4])
    activationForward(.sigmoid, input: x, output: y)
    #expect(y.toArray().allSatisfy { $0.isFinite })
    #expect(y.buffer[0] == 0 && y.buffer[3] == 1)
  }

  @Test func softmaxMatchesReference() {
    let x = Tensor(shape: [2, 4], values: KernelReference.activationInputs)
    let y = Tensor(zeros: x.shape)
    softmaxForward(input: x, output: y)
    expectClose(y.toArray(), KernelReference.softmaxRows2x4, absolute: 1e-7, relative: 1e-6)
  }

  // Max subtraction: logits of 1000 would overflow exp without it; softmax is shift-invariant.
  @Test func softmaxIsStable() {
    let x = Tensor(shape: [1, 3], values: [1000, 1001, 1002])
    let y = Tensor(zeros: x.shape)
    softmaxForward(input: x, output: y)
    let shifted = Tensor(zeros: x.shape)
    softmaxForward(input: Tensor(shape: [1, 3], values: [0, 1, 2]), output: shifted)
    expectClose(y.toArray(), shifted.toArray(), absolute: 1e-7, relative: 1e-6)
  }

  @Test func softmaxBackwardMatchesFiniteDifferences() {
    let x = sinTensor([3, 5], frequency: 1.3)
    let y = Tensor(zeros: x.shape)
    let r = randomTensor(x.shape, name: "r")
    softmaxForward(input: x, output: y)
    let dx = Tensor(zeros: x.shape)
    softmaxBackward(output: y, outputGradient: r, inputGradient: dx)
    let scratch = Tensor(zeros: x.shape)
    let numeric = numericGradient(of: x, step: 1e-3) {
      softmaxForward(input: x, output: scratch)
      return weightedSum(r, scratch)
    }
    expectClose(dx.toArray(), numeric, absolute: 1e-3, relative: 1e-3, "softmax")
  }

  // Fused bias + activation equals bias add then activation, and keeps the pre-activation.
  @Test func fusedBiasActivation() {
    let x = sinTensor([5, 3])
    let bias = Tensor(shape: [3], values: [0.5, -0.25, 1])
    let expectedZ = Tensor(zeros: x.shape)
    expectedZ.copy(from: x)
    addBias(expectedZ, bias: bias)
    let expectedY = Tensor(zeros: x.shape)
    activationForward(.gelu(), input: expectedZ, output: expectedY)
    let z = Tensor(zeros: x.shape), y = Tensor(zeros: x.shape)
    addBiasActivationForward(
      .gelu(), input: x.buffer, bias: bias.buffer, preactivation: z.buffer, output: y.buffer)
    #expect(z.toArray() == expectedZ.toArray())
    #expect(y.toArray() == expectedY.toArray())
    addBiasActivationForward(
      .gelu(), input: x.buffer, bias: bias.buffer, preactivation: nil, output: x.buffer)
    #expect(x.toArray() == expectedY.toArray())
  }
}
