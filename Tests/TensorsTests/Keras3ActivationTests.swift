import Foundation
import Testing
import _TestSupport

@testable import Tensors

/// The Keras 3 activations (selu, relu6, softplus, softsign, hard_sigmoid, hard_silu, mish,
/// exponential, the ReLU layer's rectifier, log_softmax) against numpy in float64, run by the test
/// through the tests' Python (`TestPython`), and against finite differences.
@Suite struct Keras3ActivationTests {
  /// 24 values from −4.2 to 7.2, each at least 0.1 from every kink (−3, 0, 0.5, 1, 2.5, 3, 6),
  /// then extremes for stability.
  static let inputs: [Float] = [
    -4.2, -3.5, -2.7, -2.2, -1.6, -1.1, -0.7, -0.35, -0.1, 0.15, 0.3, 0.7, 0.85, 1.2, 1.6, 2.0, 2.3, 2.7, 3.3,
    3.8, 4.5, 5.5, 6.5, 7.2,
  ]
  static let extremes: [Float] = [-200, -60, -20, 20, 60, 200]

  static let functions: [(String, ActivationFunction)] = [
    ("selu", .selu), ("relu6", .relu6), ("softplus", .softplus), ("softsign", .softsign),
    ("hard_sigmoid", .hardSigmoid), ("hard_silu", .hardSilu), ("mish", .mish), ("exponential", .exponential),
    ("rectifier", .rectifier(negativeSlope: 0.5, maxValue: 2.5, threshold: 1)),
    ("rectifier_uncapped", .rectifier(negativeSlope: 0.25, maxValue: .infinity, threshold: 0.5)),
  ]

  /// numpy's values of every function on `x` (float64, straight from the definitions).
  static func numpyReference(_ x: [Float]) throws -> [String: [Double]] {
    let code = """
      import json, sys
      import numpy as np
      x = np.array(json.loads(sys.argv[1]), dtype=np.float64)
      softplus = np.logaddexp(0.0, x)
      alpha, scale = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
      def rectifier(x, slope, top, t):
          return np.where(x > t, np.minimum(x, top), slope * (x - t))
      with np.errstate(over="ignore"):
          exponential = np.exp(x)
      out = {
          "selu": np.where(x > 0, scale * x, scale * alpha * np.expm1(x)),
          "relu6": np.clip(x, 0, 6),
          "softplus": softplus,
          "softsign": x / (1 + np.abs(x)),
          "hard_sigmoid": np.clip(x + 3, 0, 6) / 6,
          "hard_silu": x * np.clip(x + 3, 0, 6) / 6,
          "mish": x * np.tanh(softplus),
          "exponential": exponential,
          "rectifier": rectifier(x, 0.5, 2.5, 1.0),
          "rectifier_uncapped": rectifier(x, 0.25, np.inf, 0.5),
      }
      rows = x.reshape(-1, 4) if x.size % 4 == 0 else x.reshape(1, -1)
      m = rows.max(axis=1, keepdims=True)
      out["log_softmax"] = (rows - m - np.log(np.exp(rows - m).sum(axis=1, keepdims=True))).ravel()
      print(json.dumps({k: [float(v) if np.isfinite(v) else None for v in a] for k, a in out.items()}))
      """
    let json = "[" + x.map { "\($0)" }.joined(separator: ", ") + "]"
    let result = try TestPython.run(code: code, arguments: [json])
    #expect(result.status == 0, "\(result.stderr)")
    let decoded = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [Any]]
    return (decoded ?? [:]).mapValues { $0.map { ($0 as? Double) ?? .infinity } }
  }

  @Test func forwardMatchesNumPy() throws {
    let reference = try Self.numpyReference(Self.inputs + Self.extremes)
    let all = Self.inputs + Self.extremes
    for (name, f) in Self.functions {
      let x = Tensor(shape: [all.count], values: all)
      let y = Tensor(zeros: x.shape)
      activationForward(f, input: x, output: y)
      let expected = reference[name] ?? []
      // exp overflows float32 above 88.7: compare the finite part only.
      let n = f == .exponential ? Self.inputs.count : all.count
      #expect(
        allClose(Array(y.toArray().prefix(n)), Array(expected.prefix(n)), relative: 2e-6, absolute: 1e-6),
        "\(name): \(y.toArray()) vs \(expected)")
      activationForward(f, input: x, output: x)  // in place
      #expect(x.toArray() == y.toArray(), "\(name) in place")
    }
  }

  @Test func logSoftmaxMatchesNumPyAndIsStable() throws {
    let all = Self.inputs + Self.extremes + [1000, 1001, 1002, -1000, 999, 5]
    let reference = try Self.numpyReference(all)
    let x = Tensor(shape: [all.count / 4, 4], values: all)
    let y = Tensor(zeros: x.shape)
    logSoftmaxForward(input: x, output: y)
    let values = y.toArray(), expected = reference["log_softmax"] ?? []
    #expect(values.allSatisfy { $0.isFinite })
    let n = Self.inputs.count
    #expect(allClose(Array(values.prefix(n)), Array(expected.prefix(n)), relative: 2e-6, absolute: 2e-6))
    // Rows with |x| up to 2000: float32 spacing there is 1.2e-4, so x − shift carries that much.
    #expect(
      allClose(Array(values.dropFirst(n)), Array(expected.dropFirst(n)), relative: 2e-6, absolute: 2.5e-4))
  }

  // Finite differences as ActivationTests (step 1e-3, Double loss, tolerance 1e-3): the inputs
  // stay ≥ 0.1 from every kink, so the step never crosses one.
  @Test(arguments: 0..<10) func backwardMatchesFiniteDifferences(_ k: Int) {
    let (name, f) = Self.functions[k]
    let shape: Shape = [4, 6]
    let x = Tensor(shape: shape, values: Self.inputs)
    let kinks: [Float] = [-3, 0, 0.5, 1, 2.5, 3, 6]
    #expect(Self.inputs.allSatisfy { v in kinks.allSatisfy { abs(v - $0) >= 0.099 } })
    let y = Tensor(zeros: shape)
    let r = randomTensor(shape, name: "r")
    activationForward(f, input: x, output: y)
    let dx = Tensor(zeros: shape)
    activationBackward(f, input: x, output: y, outputGradient: r, inputGradient: dx)
    let scratch = Tensor(zeros: shape)
    let numeric = numericGradient(of: x, step: 1e-3) {
      activationForward(f, input: x, output: scratch)
      return weightedSum(r, scratch)
    }
    expectClose(dx.toArray(), numeric, absolute: 1e-3, relative: 1e-3, name)
  }

  @Test func logSoftmaxBackwardMatchesFiniteDifferences() {
    let x = sinTensor([3, 5], frequency: 1.3)
    let y = Tensor(zeros: x.shape)
    let r = randomTensor(x.shape, name: "r")
    logSoftmaxForward(input: x, output: y)
    let dx = Tensor(zeros: x.shape)
    logSoftmaxBackward(output: y, outputGradient: r, inputGradient: dx)
    let scratch = Tensor(zeros: x.shape)
    let numeric = numericGradient(of: x, step: 1e-3) {
      logSoftmaxForward(input: x, output: scratch)
      return weightedSum(r, scratch)
    }
    expectClose(dx.toArray(), numeric, absolute: 1e-3, relative: 1e-3, "log_softmax")
  }

  /// Large inputs give finite values and derivatives (no exp overflow inside softplus or mish).
  @Test func stableForLargeInputs() {
    for f in [ActivationFunction.softplus, .mish, .selu, .softsign, .hardSilu] {
      let x = Tensor(shape: [6], values: Self.extremes)
      let y = Tensor(zeros: x.shape), dx = Tensor(zeros: x.shape)
      activationForward(f, input: x, output: y)
      activationBackward(
        f, input: x, output: y, outputGradient: Tensor(repeating: 1, shape: [6]), inputGradient: dx)
      let finite = y.toArray().allSatisfy { $0.isFinite } && dx.toArray().allSatisfy { $0.isFinite }
      #expect(finite, "\(f)")
    }
    let x = Tensor(shape: [2], values: [100, -100])
    let y = Tensor(zeros: x.shape)
    activationForward(.softplus, input: x, output: y)
    #expect(y.buffer[0] == 100 && y.buffer[1] > 0 && y.buffer[1] < 1e-40)  // e^−100, not log(1 + 0)
  }
}
