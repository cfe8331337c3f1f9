#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A floating-point type the update rules compute in: `Float` (Keras's float32 variables, the
/// `Optimizer`) or `Double` (`objective.dtype: float64`, the `Optimizer64`).
///
/// Each rule writes its update once, generic over this protocol (`ScalarGenericUpdateRule.apply`),
/// and the compiler specialises it for `Float` and for `Double`.
public protocol OptimizerScalar: BinaryFloatingPoint, Sendable {
  /// `base` raised to `exponent`, by the C library (`powf` for `Float`, `pow` for `Double`).
  static func power(_ base: Self, _ exponent: Self) -> Self
}

extension Float: OptimizerScalar {
  /// `base` raised to `exponent`, by `powf`.
  @inlinable public static func power(_ base: Float, _ exponent: Float) -> Float { powf(base, exponent) }
}

extension Double: OptimizerScalar {
  /// `base` raised to `exponent`, by `pow`.
  @inlinable public static func power(_ base: Double, _ exponent: Double) -> Double { pow(base, exponent) }
}
