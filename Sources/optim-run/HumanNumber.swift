import Foundation

/// Numbers for people to read on the terminal: `printf`-style, but NaN and infinities spelled as
/// Keras and numpy print them (`nan`, `inf`, `-inf`; never glibc's `-nan`).
enum HumanNumber {
  /// `v` through `String(format: spec, v)` when finite; `nan`, `inf` or `-inf` otherwise.
  static func format(_ v: Double, _ spec: String) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v < 0 ? "-inf" : "inf" }
    return String(format: spec, v)
  }

  /// A metric or learning rate as Keras's progress bar shows it: four decimals (`0.8510`,
  /// `learning_rate: 0.0010`), scientific notation below 1e-3 in magnitude (`1.0000e-04`), and
  /// `0.0000` for zero.
  static func metric(_ v: Double) -> String {
    // Keras tests `abs(v) > 1e-3` on float32 values, where 0.001 is a hair above 1e-3 and prints
    // as 0.0010; `>=` gives the same on our doubles.
    if v == 0 || abs(v) >= 1e-3 { return format(v, "%.4f") }
    return format(v, "%.4e")
  }
}
