/// The known global minima of the test functions.
extension TestFunction {
  /// Every global minimizer (x, y); Himmelblau's four to 6 decimals, the others exact except
  /// Styblinski-Tang's (−2.903534, −2.903534), a root of 2x³ − 16x + 2.5 = 0 to 6 decimals.
  /// For `quadratic` this assumes positive scales.
  public var minima: [(x: Double, y: Double)] {
    switch self {
    case .rosenbrock: return [(1, 1)]
    case .himmelblau:
      return [(3, 2), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]
    case .beale: return [(3, 0.5)]
    case .booth: return [(1, 3)]
    case .matyas, .rastrigin, .ackley, .quadratic: return [(0, 0)]
    case .styblinskiTang: return [(-2.903534, -2.903534)]
    }
  }

  /// The global minimum value: 0, except Styblinski-Tang's −78.33233140754282 (2 × −39.16616570377141,
  /// at the exact root; `scripts/reference/test_functions.py`).
  public var minimumValue: Double { self == .styblinskiTang ? -78.33233140754282 : 0 }

  /// The known minimizer closest to (x, y) and its Euclidean distance from (x, y).
  public func nearestMinimum(x: Double, y: Double) -> (point: (x: Double, y: Double), distance: Double) {
    var best = minima[0]
    var bestDistance = Double.infinity
    for m in minima {
      let d = ((m.x - x) * (m.x - x) + (m.y - y) * (m.y - y)).squareRoot()
      if d < bestDistance {
        best = m
        bestDistance = d
      }
    }
    return (best, bestDistance)
  }
}
