#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A built-in function of the expression language.
enum ExpressionFunction: String, Sendable, CaseIterable {
  case exp, log, sqrt, cos, sin, min, max, abs, floor, ceil

  /// Whether the function takes two or more arguments (`min`, `max`); the others take exactly one.
  var isVariadic: Bool { self == .min || self == .max }

  /// The function applied to one argument; `min` and `max` are folded pairwise by the caller.
  @inline(__always)
  func apply(_ x: Double) -> Double {
    switch self {
    case .exp: return libmExp(x)
    case .log: return libmLog(x)
    case .sqrt: return x.squareRoot()
    case .cos: return libmCos(x)
    case .sin: return libmSin(x)
    case .abs: return Swift.abs(x)
    case .floor: return x.rounded(.down)
    case .ceil: return x.rounded(.up)
    case .min, .max: return x
    }
  }

  /// `min`/`max` of two values; NaN if either is NaN (as numpy's `minimum`/`maximum`).
  @inline(__always)
  func combine(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    return self == .min ? Swift.min(a, b) : Swift.max(a, b)
  }
}

// The C library's functions, named apart from the enum cases that shadow them inside the enum.
@inline(__always) private func libmExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func libmCos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func libmSin(_ x: Double) -> Double { sin(x) }

/// `a` raised to `b`, as C's `pow`.
@inline(__always) func power(_ a: Double, _ b: Double) -> Double { pow(a, b) }
