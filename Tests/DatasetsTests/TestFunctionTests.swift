import Testing

@testable import Datasets

/// Values, gradients and minima of the optimizer test functions.
@Suite struct TestFunctionTests {
  /// The quadratic's scales in the reference script (f = 3x² + 0.5y²).
  static let scales = (a: 3.0, b: 0.5)

  /// Printed by `scripts/reference/test_functions.py`: function, x, y, f (float64), ∂f/∂x and ∂f/∂y
  /// by the complex-step method (accurate to rounding, independent of our hand-derived gradients),
  /// f computed by numpy in float32.
  static let reference: [(TestFunction, Double, Double, Double, Double, Double, Double)] = [
    (.rosenbrock, -1.5, 2.5, 12.5, 145.00000000000003, 50.0, 12.5),
    (.rosenbrock, 0.3, -0.7, 62.89999999999999, 93.39999999999999, -158.0, 62.899993896484375),
    (.rosenbrock, 1.2, 0.8, 40.999999999999986, 307.59999999999997, -127.99999999999997, 41.00000762939453),
    (.rosenbrock, -2.0, -1.0, 2509.0, -4006.0, -1000.0, 2509.0),
    (.rosenbrock, 2.5, 1.5, 2258.5, 4753.0, -949.9999999999999, 2258.5),
    (.himmelblau, -1.5, 2.5, 44.125, 33.00000000000001, -35.0, 44.125),
    (.himmelblau, 0.3, -0.7, 173.35619999999997, -26.352, -5.832000000000001, 173.356201171875),
    (.himmelblau, 1.2, 0.8, 103.3632, -52.368, -34.032000000000004, 103.36320495605469),
    (.himmelblau, -2.0, -1.0, 128.0, 48.0, 16.0, 128.0),
    (.himmelblau, 2.5, 1.5, 15.625, -36.99999999999999, -20.0, 15.625),
    (.beale, -1.5, 2.5, 405.17578125, -626.203125, 1172.953125, 405.17578125),
    (.beale, 0.3, -0.7, 10.315237410000002, -11.4735006, 0.7924122, 10.315237998962402),
    (.beale, 1.2, 0.8, 9.051876360000001, -3.803414399999999, 19.4026752, 9.05187702178955),
    (.beale, -2.0, -1.0, 79.203125, -48.5, -83.5, 79.203125),
    (.beale, 2.5, 1.5, 109.76953125, 56.859375, 383.35937500000006, 109.76953125),
    (.booth, -1.5, 2.5, 42.5, -29.0, -25.0, 42.5),
    (.booth, 0.3, -0.7, 91.62, -36.599999999999994, -42.6, 91.62001037597656),
    (.booth, 1.2, 0.8, 20.88, -15.6, -20.4, 20.87999725341797),
    (.booth, -2.0, -1.0, 221.0, -62.0, -64.0, 221.0),
    (.booth, 2.5, 1.5, 4.5, 3.0, -3.0, 4.5),
    (.matyas, -1.5, 2.5, 4.01, -1.9800000000000002, 2.02, 4.010000228881836),
    (.matyas, 0.3, -0.7, 0.2516, 0.49199999999999994, -0.508, 0.2515999972820282),
    (.matyas, 1.2, 0.8, 0.08000000000000007, 0.24000000000000007, -0.15999999999999992, 0.08000001311302185),
    (.matyas, -2.0, -1.0, 0.3400000000000001, -0.56, 0.4399999999999999, 0.3399999737739563),
    (.matyas, 2.5, 1.5, 0.41000000000000014, 0.5800000000000001, -0.41999999999999993, 0.4100000858306885),
    (.rastrigin, -1.5, 2.5, 48.5, -3.000000000000023, 5.000000000000038, 48.5),
    (.rastrigin, 0.3, -0.7, 26.760339887498947, 60.35664329483111, 58.35664329483112, 26.760343551635742),
    (.rastrigin, 1.2, 0.8, 15.89966011250105, 62.15664329483111, -58.15664329483111, 15.899664878845215),
    (.rastrigin, -2.0, -1.0, 5.0, -3.9999999999999694, -1.9999999999999847, 5.0),
    (.rastrigin, 2.5, 1.5, 48.5, 5.000000000000038, 3.000000000000023, 48.5),
    (.ackley, -1.5, 2.5, 9.10803008998326, -0.9635241126271592, 1.6058735210452657, 9.10802936553955),
    (.ackley, 0.3, -0.7, 4.026234224967311, 3.1939799821642985, -0.14071448930505204, 4.026232719421387),
    (.ackley, 1.2, 0.8, 5.046309234254689, 5.988862132847703, -2.7902301149416533, 5.046309471130371),
    (.ackley, -2.0, -1.0, 5.422131717799509, -1.843970688067188, -0.921985344033594, 5.422133445739746),
    (.ackley, 2.5, 1.5, 9.10803008998326, 1.6058735210452657, 0.9635241126271592, 9.10802936553955),
    (.styblinskiTang, -1.5, 2.5, -43.4375, 19.75, -6.250000000000002, -43.4375),
    (.styblinskiTang, 0.3, -0.7, -5.515899999999999, -2.246, 13.013999999999998, -5.515899658203125),
    (.styblinskiTang, 1.2, 0.8, -10.398400000000002, -13.243999999999998, -9.276, -10.39840030670166),
    (.styblinskiTang, -2.0, -1.0, -39.0, 18.5, 16.5, -39.0),
    (.styblinskiTang, 2.5, 1.5, -35.9375, -6.250000000000002, -14.749999999999998, -35.9375),
    (.quadratic, -1.5, 2.5, 9.875, -9.0, 2.5, 9.875),
    (.quadratic, 0.3, -0.7, 0.515, 1.8, -0.7, 0.5149999856948853),
    (.quadratic, 1.2, 0.8, 4.640000000000001, 7.2, 0.8, 4.640000343322754),
    (.quadratic, -2.0, -1.0, 12.5, -12.0, -1.0, 12.5),
    (.quadratic, 2.5, 1.5, 19.875, 15.0, 1.5, 19.875),
  ]

  @Test func valuesAndGradientsMatchTheReference() {
    for (f, x, y, value, dx, dy, _) in Self.reference {
      let got = f.value(x: x, y: y, scales: Self.scales)
      let g = f.gradient(x: x, y: y, scales: Self.scales)
      // Same formulas evaluated in a different order: agreement to ~1e-15 relative is expected;
      // 1e-12 (values) and 1e-10 (gradients, which lose a little more to cancellation) leave margin.
      #expect(abs(got - value) <= 1e-12 * max(1, abs(value)), "\(f) at (\(x), \(y))")
      #expect(abs(g.x - dx) <= 1e-10 * max(1, abs(dx)), "\(f) ∂x at (\(x), \(y)): \(g.x) vs \(dx)")
      #expect(abs(g.y - dy) <= 1e-10 * max(1, abs(dy)), "\(f) ∂y at (\(x), \(y)): \(g.y) vs \(dy)")
    }
  }

  @Test func floatEntryPointComputesInFloat32() {
    for (f, x, y, value, _, _, numpyFloat32) in Self.reference {
      let scales = (a: Float(Self.scales.a), b: Float(Self.scales.b))
      let got = f.value(x: Float(x), y: Float(y), scales: scales)
      // float32 has ε = 1.2e-7 and these formulas take a dozen roundings with mild cancellation;
      // numpy's own float32 results stray from float64 by at most 3.2e-7 relative on these points
      // (Ackley at (−2, −1)). We allow 4e-6 relative to float64 and to numpy's float32.
      #expect(abs(Double(got) - value) <= 4e-6 * max(1, abs(value)), "\(f) at (\(x), \(y)): \(got)")
      #expect(abs(Double(got) - numpyFloat32) <= 4e-6 * max(1, abs(value)), "\(f) at (\(x), \(y))")
      let g = f.gradient(x: Float(x), y: Float(y), scales: scales)
      let gd = f.gradient(x: x, y: y, scales: Self.scales)
      #expect(abs(Double(g.x) - gd.x) <= 4e-5 * max(1, abs(gd.x)), "\(f) ∂x at (\(x), \(y))")
      #expect(abs(Double(g.y) - gd.y) <= 4e-5 * max(1, abs(gd.y)), "\(f) ∂y at (\(x), \(y))")
    }
  }

  static let finiteDifferencePoints: [(Double, Double)] = [
    (-1.5, 2.5), (0.3, -0.7), (1.2, 0.8), (-2, -1), (2.5, 1.5), (0.05, 0.1), (-0.9, 1.7), (3.1, -2.2),
  ]

  @Test(arguments: TestFunction.allCases)
  func gradientMatchesCentralDifferences(_ f: TestFunction) {
    // Central differences with h = 1e-5: truncation error h²|f′′′|/6 is at most ~1e-7 here (Rastrigin's
    // f′′′ reaches 10(2π)³ ≈ 2.5e3, Rosenbrock's 2400|x|), rounding error ε|f|/h at most ~2e-7 for
    // |f| < 1e4. A tolerance of 2e-6 (relative above 1) is ten times both.
    let h = 1e-5
    for (x, y) in Self.finiteDifferencePoints {
      let g = f.gradient(x: x, y: y, scales: Self.scales)
      let fx =
        (f.value(x: x + h, y: y, scales: Self.scales) - f.value(x: x - h, y: y, scales: Self.scales))
        / (2 * h)
      let fy =
        (f.value(x: x, y: y + h, scales: Self.scales) - f.value(x: x, y: y - h, scales: Self.scales))
        / (2 * h)
      #expect(abs(g.x - fx) <= 2e-6 * max(1, abs(fx)), "\(f) ∂x at (\(x), \(y)): \(g.x) vs \(fx)")
      #expect(abs(g.y - fy) <= 2e-6 * max(1, abs(fy)), "\(f) ∂y at (\(x), \(y)): \(g.y) vs \(fy)")
    }
  }

  @Test(arguments: TestFunction.allCases)
  func minimaAreMinimal(_ f: TestFunction) {
    for m in f.minima {
      // The non-integer minimizers are given to 6 decimals (error δ ≤ 5e-7 per coordinate), so f is
      // within ½·|H|·δ² ≈ 1e-11 of the minimum and the gradient within |H|·δ ≈ 1e-4 (Himmelblau's
      // Hessian norm is below 100 there).
      #expect(abs(f.value(x: m.x, y: m.y) - f.minimumValue) <= 1e-9, "\(f) at \(m)")
      let g = f.gradient(x: m.x, y: m.y)
      #expect((g.x * g.x + g.y * g.y).squareRoot() <= 1e-4, "\(f) gradient \(g) at \(m)")
      // Nearby points are higher.
      for (dx, dy) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
        #expect(f.value(x: m.x + dx, y: m.y + dy) > f.minimumValue, "\(f) near \(m)")
      }
    }
  }

  @Test func styblinskiTangMinimumAtTheExactRoot() {
    // The script solves 2x³ − 16x + 2.5 = 0: x = −2.9035340277711783, f = −78.33233140754282.
    let root = -2.9035340277711783
    #expect(abs(TestFunction.styblinskiTang.value(x: root, y: root) - -78.33233140754282) <= 1e-12)
    #expect(abs(TestFunction.styblinskiTang.minima[0].x - root) <= 5e-7)
  }

  // Values worked by hand from the definitions.
  static let published: [(TestFunction, Double, Double, Double)] = [
    (.rosenbrock, 0, 0, 1), (.rosenbrock, -1, 1, 4), (.himmelblau, 0, 0, 170), (.beale, 0, 0, 14.203125),
    (.beale, 1, 1, 14.203125), (.booth, 0, 0, 74), (.matyas, 1, 1, 0.04), (.matyas, 1, -1, 1),
    (.rastrigin, 1, 1, 2), (.rastrigin, 0.5, 0, 20.25), (.ackley, 0, 0, 0), (.styblinskiTang, 0, 0, 0),
    (.styblinskiTang, 1, 1, -10), (.quadratic, 2, 3, 13),
  ]

  @Test(arguments: published)
  func publishedValues(_ f: TestFunction, _ x: Double, _ y: Double, _ expected: Double) {
    #expect(abs(f.value(x: x, y: y) - expected) <= 1e-12 * max(1, abs(expected)))
  }

  @Test func quadraticScales() {
    let f = TestFunction.quadratic
    #expect(f.value(x: 2.0, y: 3.0, scales: (a: 3, b: 0.5)) == 16.5)
    #expect(f.gradient(x: 2.0, y: 3.0, scales: (a: 3, b: 0.5)) == (12, 3))
    #expect(f.gradient(x: 2.0, y: 3.0) == (4, 6))
  }

  @Test func ackleyGradientAtTheOriginIsZero() {
    #expect(TestFunction.ackley.gradient(x: 0.0, y: 0.0) == (0, 0))
    #expect(TestFunction.ackley.gradient(x: Float(0), y: Float(0)) == (0, 0))
  }

  @Test func nearestMinimum() {
    let h = TestFunction.himmelblau.nearestMinimum(x: -4, y: 4)
    #expect(h.point == (-2.805118, 3.131312))
    #expect(
      abs(h.distance - ((4 - 2.805118) * (4 - 2.805118) + (4 - 3.131312) * (4 - 3.131312)).squareRoot())
        < 1e-15)
    #expect(TestFunction.himmelblau.nearestMinimum(x: 4, y: -2).point == (3.584428, -1.848126))
    #expect(TestFunction.himmelblau.nearestMinimum(x: -3, y: -3).point == (-3.779310, -3.283186))
    #expect(TestFunction.himmelblau.nearestMinimum(x: 3.1, y: 2.1).point == (3, 2))
    let r = TestFunction.rosenbrock.nearestMinimum(x: -1.5, y: 2.5)
    #expect(r.point == (1, 1))
    #expect(r.distance == (8.5).squareRoot())
  }

  @Test func namesAreTheSpecNames() {
    #expect(
      TestFunction.allCases.map(\.rawValue) == [
        "rosenbrock", "himmelblau", "beale", "booth", "matyas", "rastrigin", "ackley", "styblinski_tang",
        "quadratic",
      ])
    #expect(TestFunction(rawValue: "styblinski_tang") == .styblinskiTang)
  }
}
