/// Formats numbers exactly as Python's `repr(float)` does, which is what Keras's `CSVLogger`
/// (through the `csv` module) and Python's `json` module write.
///
/// The digits are the shortest that round-trip to the same float64 (Swift's `description` and
/// Python's `repr` both produce those); the layout is Python's `format_float_short` in `'r'` mode:
/// positional when the decimal exponent `e` of `0.d₁d₂… × 10^e` satisfies `-4 < e <= 16`
/// (`0.0001`, `1000000000000000.0`), scientific otherwise with a sign and at least two exponent
/// digits (`1e-05`, `1e+16`, `1.5e+20`); whole numbers end in `.0`;
/// `nan`, `inf`, `-inf`, `-0.0` as Python spells them.
public enum PythonFloat {
  /// Python's `repr(x)` for a float64.
  public static func repr(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
    let (digits, decimalExponent) = shortestDigits(abs(x))
    let sign = x < 0 ? "-" : ""
    let n = digits.count
    if decimalExponent <= -4 || decimalExponent > 16 {
      let e = decimalExponent - 1
      let mantissa = n == 1 ? String(digits) : String(digits.prefix(1)) + "." + String(digits.dropFirst())
      let exponentDigits = String(abs(e))
      let padded = exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits
      return sign + mantissa + "e" + (e < 0 ? "-" : "+") + padded
    }
    if decimalExponent <= 0 {
      return sign + "0." + String(repeating: "0", count: -decimalExponent) + String(digits)
    }
    if decimalExponent >= n {
      return sign + String(digits) + String(repeating: "0", count: decimalExponent - n) + ".0"
    }
    return sign + String(digits.prefix(decimalExponent)) + "." + String(digits.dropFirst(decimalExponent))
  }

  /// The shortest round-trip digits of a positive finite `x` (no leading or trailing zeros) and
  /// the exponent `e` with `x = 0.digits × 10^e`, read from Swift's shortest `description`.
  static func shortestDigits(_ x: Double) -> (digits: [Character], exponent: Int) {
    let text = x.description  // "123.45", "0.0001", "1e-05", "1.2345e+20"
    let parts = text.split(separator: "e", maxSplits: 1)
    let mantissa = parts[0]
    let exponent = parts.count == 2 ? Int(parts[1])! : 0
    let pointIndex = mantissa.firstIndex(of: ".")
    let integerDigitCount =
      pointIndex.map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
    var digits = Array(mantissa.filter { $0 != "." })
    let leadingZeros = digits.prefix { $0 == "0" }.count
    digits.removeFirst(leadingZeros)
    while digits.last == "0" { digits.removeLast() }
    return (digits, integerDigitCount - leadingZeros + exponent)
  }
}

extension PythonFloat {
  /// Reads back what `repr` wrote (`0.1`, `1e-05`, `nan`, `inf`, `-inf`), exactly.
  public static func parse(_ text: String) -> Double? {
    switch text {
    case "nan": return .nan
    case "inf": return .infinity
    case "-inf": return -.infinity
    default: return Double(text)
    }
  }
}
