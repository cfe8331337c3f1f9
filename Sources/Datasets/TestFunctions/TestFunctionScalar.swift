#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A floating-point type the optimizer test functions can be computed in: `Float` (as Keras's
/// float32 variables) or `Double`.
public protocol TestFunctionScalar: BinaryFloatingPoint, Sendable {
  /// e raised to `x`.
  static func exponential(_ x: Self) -> Self
  /// The cosine of `x` (radians).
  static func cosine(_ x: Self) -> Self
  /// The sine of `x` (radians).
  static func sine(_ x: Self) -> Self
}

extension Float: TestFunctionScalar {
  /// e raised to `x`, by the C library's `expf`.
  public static func exponential(_ x: Float) -> Float { expf(x) }
  /// The cosine of `x`, by `cosf`.
  public static func cosine(_ x: Float) -> Float { cosf(x) }
  /// The sine of `x`, by `sinf`.
  public static func sine(_ x: Float) -> Float { sinf(x) }
}

extension Double: TestFunctionScalar {
  /// e raised to `x`, by the C library's `exp`.
  public static func exponential(_ x: Double) -> Double { exp(x) }
  /// The cosine of `x`, by `cos`.
  public static func cosine(_ x: Double) -> Double { cos(x) }
  /// The sine of `x`, by `sin`.
  public static func sine(_ x: Double) -> Double { sin(x) }
}
