/// A two-variable function with known minima, for watching optimizers at work
/// (`objective: {function: rosenbrock, start: [-1.5, 2.5]}`).
///
/// Definitions (Surjanovic & Bingham, *Virtual Library of Simulation Experiments*; Wikipedia, "Test
/// functions for optimization"), each with its analytic gradient:
/// - `rosenbrock`: (1 − x)² + 100(y − x²)² (a = 1, b = 100)
/// - `himmelblau`: (x² + y − 11)² + (x + y² − 7)²
/// - `beale`: (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
/// - `booth`: (x + 2y − 7)² + (2x + y − 5)²
/// - `matyas`: 0.26(x² + y²) − 0.48xy
/// - `rastrigin`: 20 + Σ (xᵢ² − 10 cos 2πxᵢ) (A = 10, n = 2)
/// - `ackley`: −20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20 (a = 20, b = 0.2,
///   c = 2π); its gradient at the origin, where it is not differentiable, is taken as (0, 0)
/// - `styblinskiTang` (`styblinski_tang`): ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ)
/// - `quadratic`: a·x² + b·y² with `scales` (a, b), (1, 1) by default; other functions ignore `scales`
///
/// Computed in the argument type: `Float` like Keras's float32 variables, `Double` on request.
public enum TestFunction: String, Sendable, CaseIterable {
  case rosenbrock, himmelblau, beale, booth, matyas, rastrigin, ackley
  case styblinskiTang = "styblinski_tang"
  case quadratic

  /// f(x, y); `scales` are the (a, b) of `quadratic` and ignored by the others.
  public func value<T: TestFunctionScalar>(x: T, y: T, scales: (a: T, b: T) = (1, 1)) -> T {
    switch self {
    case .rosenbrock:
      let u = 1 - x
      let v = y - x * x
      return u * u + 100 * v * v
    case .himmelblau:
      let u = x * x + y - 11
      let v = x + y * y - 7
      return u * u + v * v
    case .beale:
      let (u, v, w) = bealeTerms(x, y)
      return u * u + v * v + w * w
    case .booth:
      let u = x + 2 * y - 7
      let v = 2 * x + y - 5
      return u * u + v * v
    case .matyas:
      return T(0.26) * (x * x + y * y) - T(0.48) * x * y
    case .rastrigin:
      let twoPi = 2 * T.pi
      return 20 + (x * x - 10 * T.cosine(twoPi * x)) + (y * y - 10 * T.cosine(twoPi * y))
    case .ackley:
      let twoPi = 2 * T.pi
      let r = ((x * x + y * y) / 2).squareRoot()
      let e = T.exponential(1)
      return -20 * T.exponential(T(-0.2) * r) - T.exponential((T.cosine(twoPi * x) + T.cosine(twoPi * y)) / 2)
        + e + 20
    case .styblinskiTang:
      return (x * x * x * x - 16 * x * x + 5 * x + y * y * y * y - 16 * y * y + 5 * y) / 2
    case .quadratic:
      return scales.a * x * x + scales.b * y * y
    }
  }

  /// (∂f/∂x, ∂f/∂y) at (x, y); `scales` as in `value`.
  public func gradient<T: TestFunctionScalar>(x: T, y: T, scales: (a: T, b: T) = (1, 1)) -> (x: T, y: T) {
    switch self {
    case .rosenbrock:
      let v = y - x * x
      return (-2 * (1 - x) - 400 * x * v, 200 * v)
    case .himmelblau:
      let u = x * x + y - 11
      let v = x + y * y - 7
      return (4 * x * u + 2 * v, 2 * u + 4 * y * v)
    case .beale:
      let (u, v, w) = bealeTerms(x, y)
      let y2 = y * y
      return (
        2 * u * (y - 1) + 2 * v * (y2 - 1) + 2 * w * (y2 * y - 1),
        2 * x * (u + 2 * v * y + 3 * w * y2)
      )
    case .booth:
      let u = x + 2 * y - 7
      let v = 2 * x + y - 5
      return (2 * u + 4 * v, 4 * u + 2 * v)
    case .matyas:
      return (T(0.52) * x - T(0.48) * y, T(0.52) * y - T(0.48) * x)
    case .rastrigin:
      let twoPi = 2 * T.pi
      let k = 10 * twoPi
      return (2 * x + k * T.sine(twoPi * x), 2 * y + k * T.sine(twoPi * y))
    case .ackley:
      let twoPi = 2 * T.pi
      let r = ((x * x + y * y) / 2).squareRoot()
      // d/dx of −20 exp(−0.2 r) is 20·0.2·exp(−0.2 r)·x/(2r) = 2x·exp(−0.2 r)/r.
      let radial = r > 0 ? 2 * T.exponential(T(-0.2) * r) / r : 0
      let wave = T.pi * T.exponential((T.cosine(twoPi * x) + T.cosine(twoPi * y)) / 2)
      return (radial * x + wave * T.sine(twoPi * x), radial * y + wave * T.sine(twoPi * y))
    case .styblinskiTang:
      return (2 * x * x * x - 16 * x + T(2.5), 2 * y * y * y - 16 * y + T(2.5))
    case .quadratic:
      return (2 * scales.a * x, 2 * scales.b * y)
    }
  }

  private func bealeTerms<T: TestFunctionScalar>(_ x: T, _ y: T) -> (T, T, T) {
    (T(1.5) - x + x * y, T(2.25) - x + x * y * y, T(2.625) - x + x * y * y * y)
  }
}
