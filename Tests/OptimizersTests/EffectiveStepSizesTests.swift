import Foundation
import Optimizers
import Tensors
import Testing

/// `EffectiveStepSizes`: the step sizes it computes are the ones the rule's array API computed
/// before (`a / (√v·c + ε)` over the second-moment slot), and its claim that they never increase
/// with `v` — which lets a summary select order statistics on `v` — holds for every float, tested
/// on neighbouring floats across the whole range.
@Suite struct EffectiveStepSizesTests {
  /// The step size as `AdamRule.effectiveStepSizes` wrote it before the type existed.
  static func previous(_ v: [Float], a: Float, c: Float, epsilon: Float) -> [Float] {
    v.map { a / ($0.squareRoot() * c + epsilon) }
  }

  @Test(arguments: [UpdateFormula.keras, .pytorch], [false, true])
  func optimizerStepSizesAreTheFormulaOverTheSecondMoment(formula: UpdateFormula, amsgrad: Bool) throws {
    let adam = try Optimizer.adam(formula: formula, learningRate: 0.05, amsgrad: amsgrad)
    let p = parameter("kernel", [1, -2, 3, 0.5, 4, -1, 2])
    #expect(adam.stepSizes(for: p) == nil)
    for step in 0..<5 {
      setGradient(p, [0.3, -1, 2, 0, 5, -0.1, step % 2 == 0 ? 1 : -3].map { $0 * Float(step + 1) })
      adam.apply(to: [p])
    }
    let sizes = try #require(adam.stepSizes(for: p))
    let state = adam.saveState()
    let v = try #require(state.slots["kernel/" + (amsgrad ? "velocity_hat" : "velocity")])
    #expect(Array(sizes.secondMoments) == v)
    #expect(sizes.isNonIncreasing)
    let expected = Self.previous(v, a: sizes.a, c: sizes.c, epsilon: sizes.epsilon)
    #expect(sizes.values.map(\.bitPattern) == expected.map(\.bitPattern))
    #expect(try #require(adam.effectiveStepSizes(for: p)).map(\.bitPattern) == expected.map(\.bitPattern))
    var written = [Float](repeating: -1, count: v.count)
    written.withUnsafeMutableBufferPointer { sizes.write(into: $0) }
    #expect(written.map(\.bitPattern) == expected.map(\.bitPattern))
    #expect(v.map { sizes.stepSize(secondMoment: $0).bitPattern } == expected.map(\.bitPattern))
  }

  /// Factors that `isNonIncreasing` accepts: Keras's and PyTorch's at various steps and rates,
  /// and extremes (an ε so small that a/ε overflows, a tiny a).
  static let factors: [(a: Float, c: Float, epsilon: Float)] = [
    (0.01 * (1 - 0.999 as Float).squareRoot() / (1 - 0.9), 1, 1e-7), (0.001, 1, 1e-7), (0.5, 31.622776, 1e-8),
    (3e38, 1, 1e-30), (1e-30, 1, 1e-7), (0.01, 1e-20, 1e-7), (1, 1e20, 1),
  ]

  /// Neighbouring second moments: zeros of both signs, subnormals, each binade's first floats and
  /// a random float in it, the largest finite floats, infinity.
  static func neighbours() -> [(Float, Float)] {
    var pairs: [(Float, Float)] = [(-0.0, 0), (0, .leastNonzeroMagnitude), (.greatestFiniteMagnitude, .infinity)]
    var rng = SystemRandomNumberGenerator()
    var x = Float.leastNonzeroMagnitude
    while x.isFinite {
      pairs.append((x, x.nextUp))
      let inside = Float(sign: .plus, exponent: x.exponent, significand: Float.random(in: 1..<2, using: &rng))
      pairs.append((inside, inside.nextUp))
      x *= 2
    }
    for _ in 0..<20_000 {
      let v = Float(bitPattern: UInt32.random(in: 0..<0x7F80_0000, using: &rng))
      pairs.append((v, v.nextUp))
    }
    return pairs
  }

  @Test func stepSizesNeverIncreaseWithTheSecondMomentNorAreNaNOrMinusZero() {
    let pairs = Self.neighbours()
    for f in Self.factors {
      let sizes = EffectiveStepSizes(secondMoments: UnsafeBufferPointer(start: nil, count: 0), a: f.a, c: f.c, epsilon: f.epsilon)
      #expect(sizes.isNonIncreasing)
      var failures = 0
      for (v, w) in pairs {
        let (s, t) = (sizes.stepSize(secondMoment: v), sizes.stepSize(secondMoment: w))
        if !(s >= t) || s.isNaN || t.isNaN || (s == 0 && s.sign == .minus) || (t == 0 && t.sign == .minus) {
          failures += 1
          if failures < 5 { Issue.record("a \(f.a) c \(f.c) ε \(f.epsilon): s(\(v)) = \(s), s(\(w)) = \(t)") }
        }
      }
      #expect(failures == 0)
      // -0.0 and 0.0 give the same float.
      #expect(sizes.stepSize(secondMoment: -0.0).bitPattern == sizes.stepSize(secondMoment: 0).bitPattern)
    }
  }

  @Test func factorsOutsideTheClaimAreRefused() {
    let none = UnsafeBufferPointer<Float>(start: nil, count: 0)
    for (a, c, epsilon): (Float, Float, Float) in [
      (0, 1, 1e-7), (-0.01, 1, 1e-7), (.infinity, 1, 1e-7), (.nan, 1, 1e-7), (0.01, 0, 1e-7), (0.01, -1, 1e-7),
      (0.01, .infinity, 1e-7), (0.01, 1, 0), (0.01, 1, -1e-7), (0.01, 1, .infinity),
    ] {
      #expect(!EffectiveStepSizes(secondMoments: none, a: a, c: c, epsilon: epsilon).isNonIncreasing, "\(a) \(c) \(epsilon)")
    }
  }
}
