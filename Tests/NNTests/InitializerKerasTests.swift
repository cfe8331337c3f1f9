import Foundation
import Testing
import _TestSupport

@testable import NN
@testable import Tensors

/// The initializers Keras 3 has beside the Glorot/He family: statistics over large tensors (as
/// `InitializerTests`: 5 standard errors for the mean, 5% for the variance), truncation bounds,
/// orthogonality, exact identity, and variance_scaling equal to the named special cases.
@Suite struct InitializerKerasTests {
  static func values(_ initializer: Initializer, _ shape: Shape, seed: UInt64 = 1) -> [Double] {
    let t = Tensor(zeros: shape)
    initializer.fill(t, seed: seed, parameterName: "layer/kernel")
    return t.toArray().map(Double.init)
  }

  static func moments(_ v: [Double]) -> (mean: Double, variance: Double) {
    let n = Double(v.count)
    let mean = v.reduce(0, +) / n
    return (mean, v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n)
  }

  struct Case: Sendable, CustomStringConvertible {
    let initializer: Initializer
    let shape: Shape
    let mean: Double
    let variance: Double
    let bounds: ClosedRange<Double>
    var description: String { "\(initializer) \(shape)" }
  }

  static let truncatedVariance = 0.05 * 0.05 * 0.774_253_836_8  // N(0,1) truncated at ±2: variance 0.7742538
  static let cases: [Case] = [
    Case(
      initializer: .truncatedNormal(), shape: [100, 200], mean: 0, variance: truncatedVariance,
      bounds: -0.1...0.1),
    Case(
      initializer: .truncatedNormal(mean: 1, stddev: 0.5), shape: [100, 200], mean: 1,
      variance: 0.25 * 0.774_253_836_8, bounds: 0...2),
    Case(
      initializer: .randomUniform(), shape: [100, 200], mean: 0, variance: 0.01 / 12, bounds: -0.05...0.05),
    Case(
      initializer: .randomUniform(minval: 2, maxval: 3), shape: [100, 200], mean: 2.5, variance: 1.0 / 12,
      bounds: 2...3),
    Case(
      initializer: .lecunUniform, shape: [3, 3, 16, 140], mean: 0, variance: 1.0 / 144,
      bounds: -(3.0 / 144).squareRoot()...(3.0 / 144).squareRoot()),
    Case(
      initializer: .varianceScaling(scale: 3, mode: .fanOut, distribution: .untruncatedNormal),
      shape: [100, 200],
      mean: 0, variance: 3.0 / 200, bounds: -1...1),
    Case(
      initializer: .varianceScaling(scale: 0.5, mode: .fanAvg, distribution: .uniform), shape: [100, 200],
      mean: 0, variance: 0.5 / 150, bounds: -(1.5 / 150).squareRoot()...(1.5 / 150).squareRoot()),
    Case(
      initializer: .varianceScaling(), shape: [100, 200], mean: 0, variance: 1.0 / 100,
      bounds: -2 * 0.1 / 0.879_625_661...2 * 0.1 / 0.879_625_661),
  ]

  @Test(arguments: cases) func statistics(_ c: Case) {
    let v = Self.values(c.initializer, c.shape)
    let (mean, variance) = Self.moments(v)
    #expect(abs(mean - c.mean) < 5 * (c.variance / Double(v.count)).squareRoot(), "mean \(mean)")
    #expect(abs(variance / c.variance - 1) < 0.05, "variance \(variance), expected \(c.variance)")
    #expect(v.allSatisfy { c.bounds.contains($0) }, "outside \(c.bounds)")
  }

  /// The named initializers are variance_scaling with fixed arguments, draw for draw.
  @Test func varianceScalingEqualsNamed() {
    let pairs: [(Initializer, Initializer)] = [
      (.heNormal, .varianceScaling(scale: 2, mode: .fanIn, distribution: .truncatedNormal)),
      (.lecunNormal, .varianceScaling(scale: 1, mode: .fanIn, distribution: .truncatedNormal)),
      (.glorotNormal, .varianceScaling(scale: 1, mode: .fanAvg, distribution: .truncatedNormal)),
      (.heUniform, .varianceScaling(scale: 2, mode: .fanIn, distribution: .uniform)),
      (.lecunUniform, .varianceScaling(scale: 1, mode: .fanIn, distribution: .uniform)),
      (.glorotUniform, .varianceScaling(scale: 1, mode: .fanAvg, distribution: .uniform)),
    ]
    for (named, general) in pairs {
      for shape: Shape in [[30, 50], [3, 3, 8, 16]] {
        let a = Self.values(named, shape), b = Self.values(general, shape)
        #expect(allClose(a.map(Float.init), b, relative: 1e-6, absolute: 0), "\(named) \(shape)")
      }
    }
  }

  /// QᵀQ = I for tall weights, QQᵀ = I for wide ones (rows and columns as Keras flattens them).
  @Test(arguments: [[40, 12], [12, 40], [3, 3, 4, 8], [16, 16]] as [Shape])
  func orthogonal(_ shape: Shape) {
    let gain = 1.5
    let v = Self.values(.orthogonal(gain: Float(gain)), shape)
    let cols = shape[shape.rank - 1], rows = v.count / cols
    let (a, b) = rows >= cols ? (rows, cols) : (cols, rows)
    // Columns of the (a × b) matrix are orthonormal: for wide weights, read it transposed.
    func element(_ i: Int, _ j: Int) -> Double { rows >= cols ? v[i * cols + j] : v[j * cols + i] }
    var worst = 0.0
    for p in 0..<b {
      for q in 0..<b {
        var dot = 0.0
        for i in 0..<a { dot += element(i, p) * element(i, q) }
        worst = max(worst, abs(dot / (gain * gain) - (p == q ? 1 : 0)))
      }
    }
    #expect(worst < 1e-5, "\(shape): |QᵀQ − I| = \(worst)")
  }

  /// Given the same normal matrix, our Householder Q equals numpy's QR with Keras's sign fix.
  @Test func orthogonalMatchesNumPyQR() throws {
    let m = 7, n = 4
    var stream = RandomStream(seed: 3, name: "qr")
    let a = (0..<(m * n)).map { _ in Double(stream.nextNormal()) }
    // Column-major for our factorization; numpy gets the row-major matrix.
    var columns = (0..<(m * n)).map { a[($0 % m) * n + $0 / m] }
    let columnMajorQ = Initializer.orthonormalFactor(columnMajor: &columns, m: m, n: n)
    let q = (0..<(m * n)).map { columnMajorQ[($0 % n) * m + $0 / n] }  // row-major, as numpy prints
    let code = """
      import json, sys
      import numpy as np
      a = np.array(json.loads(sys.argv[1])).reshape(\(m), \(n))
      q, r = np.linalg.qr(a)
      q = q * np.sign(np.diag(r))
      print(json.dumps(q.ravel().tolist()))
      """
    let result = try TestPython.run(code: code, arguments: ["\(a)"])
    #expect(result.status == 0, "\(result.stderr)")
    let expected = try JSONDecoder().decode([Double].self, from: Data(result.stdout.utf8))
    #expect(expected.count == q.count)
    #expect(zip(q, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(q) vs \(expected)")
  }

  @Test func identityAndConstant() {
    #expect(Self.values(.identity(), [3, 3]) == [1, 0, 0, 0, 1, 0, 0, 0, 1])
    #expect(Self.values(.identity(gain: 2), [2, 3]) == [2, 0, 0, 0, 2, 0])
    #expect(Self.values(.identity(), [3, 2]) == [1, 0, 0, 1, 0, 0])
    #expect(Self.values(.constant(), [4]) == [0, 0, 0, 0])
    #expect(Self.values(.constant(value: 0.25), [2, 2]) == [0.25, 0.25, 0.25, 0.25])
    #expect(Initializer.identity().unsupportedShapeReason([3, 3, 2]) != nil)
    #expect(Initializer.orthogonal().unsupportedShapeReason([5]) != nil)
    #expect(Initializer.orthogonal().unsupportedShapeReason([5, 1]) == nil)
  }

  @Test func kerasNamesAndDefaults() {
    #expect(Initializer(name: "truncated_normal") == .truncatedNormal(mean: 0, stddev: 0.05))
    #expect(Initializer(name: "random_uniform") == .randomUniform(minval: -0.05, maxval: 0.05))
    #expect(
      Initializer(name: "variance_scaling")
        == .varianceScaling(scale: 1, mode: .fanIn, distribution: .truncatedNormal))
    #expect(Initializer(name: "orthogonal") == .orthogonal(gain: 1))
    #expect(Initializer(name: "identity") == .identity(gain: 1))
    #expect(Initializer(name: "constant") == .constant(value: 0))
    #expect(Initializer(name: "lecun_uniform") == .lecunUniform)
  }
}
