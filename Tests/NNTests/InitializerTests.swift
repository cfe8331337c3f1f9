import NN
import Tensors
import Testing

/// Initializer statistics against Keras 3's definitions (`keras/src/initializers/`). With n = 20,000
/// draws the sample variance has a relative standard error of √(2/n) ≈ 1%, so 5% is > 4σ; the
/// mean is checked within 5 standard errors (σ/√n).
@Suite struct InitializerTests {
  struct Case: Sendable, CustomStringConvertible {
    let initializer: Initializer
    let shape: Shape
    let variance: Double
    let bound: Double?
    var description: String { "\(initializer) \(shape)" }
  }

  static let cases: [Case] = [
    // dense (100, 200): fan_in 100, fan_out 200
    Case(
      initializer: .glorotUniform, shape: [100, 200], variance: 6.0 / 300 / 3, bound: (6.0 / 300).squareRoot()
    ),
    Case(initializer: .glorotNormal, shape: [100, 200], variance: 2.0 / 300, bound: nil),
    Case(
      initializer: .heUniform, shape: [100, 200], variance: 6.0 / 100 / 3, bound: (6.0 / 100).squareRoot()),
    // conv (3, 3, 16, 140): fan_in 3·3·16 = 144, fan_out 3·3·140 = 1260
    Case(initializer: .heNormal, shape: [3, 3, 16, 140], variance: 2.0 / 144, bound: nil),
    Case(initializer: .lecunNormal, shape: [3, 3, 16, 140], variance: 1.0 / 144, bound: nil),
    Case(
      initializer: .glorotUniform, shape: [3, 3, 16, 140], variance: 6.0 / 1404 / 3,
      bound: (6.0 / 1404).squareRoot()),
    Case(initializer: .randomNormal(), shape: [100, 200], variance: 0.05 * 0.05, bound: nil),
  ]

  @Test(arguments: cases)
  func statistics(_ c: Case) {
    let t = Tensor(zeros: c.shape)
    c.initializer.fill(t, seed: 1, parameterName: "layer/kernel")
    let values = t.toArray().map(Double.init)
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
    #expect(abs(mean) < 5 * (c.variance / n).squareRoot(), "mean \(mean)")
    #expect(abs(variance / c.variance - 1) < 0.05, "variance \(variance), expected \(c.variance)")
    if let bound = c.bound {
      #expect(values.allSatisfy { abs($0) <= bound })
      #expect(values.map(abs).max()! > 0.99 * bound)  // uniform fills the whole range
    }
  }

  /// Truncated normals never exceed 2σ, σ = √(scale / n) / 0.87962566103423978.
  @Test func truncatedAtTwoStandardDeviations() {
    let t = Tensor(zeros: [200, 100])
    Initializer.heNormal.fill(t, seed: 4, parameterName: "d/kernel")
    let sigma = (2.0 / 200).squareRoot() / 0.879_625_661_034_239_78
    let values = t.toArray().map { abs(Double($0)) }
    #expect(values.allSatisfy { $0 <= 2 * sigma + 1e-6 })
    #expect(values.max()! > 1.9 * sigma)
  }

  @Test func constantsAndDeterminism() {
    let a = Tensor(zeros: [3, 4])
    Initializer.ones.fill(a, seed: 1, parameterName: "x")
    #expect(a.toArray() == Array(repeating: 1, count: 12))
    let b = Tensor(zeros: [3, 4])
    let c = Tensor(zeros: [3, 4])
    Initializer.glorotUniform.fill(b, seed: 8, parameterName: "conv2d/kernel")
    Initializer.glorotUniform.fill(c, seed: 8, parameterName: "conv2d/kernel")
    #expect(b.toArray() == c.toArray())
    Initializer.glorotUniform.fill(c, seed: 8, parameterName: "conv2d_1/kernel")
    #expect(b.toArray() != c.toArray())
    #expect(Initializer(name: "he_normal") == .heNormal)
    #expect(Initializer(name: "he_truncated") == nil)
  }

  @Test func fans() {
    #expect(Initializer.fans(of: [3, 3, 16, 32]) == (144, 288))
    #expect(Initializer.fans(of: [10, 5]) == (10, 5))
  }

  /// Keras's L2 adds l2·Σw² (no ½), L1 adds l1·Σ|w|; gradients 2·l2·w and l1·sign(w).
  @Test func regularizers() {
    let w = Tensor(shape: [3], values: [1, -2, 0])
    #expect(Regularizer.l2(0.01).penalty(w) == 0.01 * 5)
    #expect(Regularizer.l1(0.1).penalty(w) == Float(0.1) * 3)
    let g = Tensor(zeros: [3])
    Regularizer(l1: 0.1, l2: 0.01).accumulateGradient(w, into: g)
    #expect(g.toArray() == [0.1 + 0.02, -0.1 - 0.04, 0])
  }
}
