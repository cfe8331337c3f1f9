import Testing

@testable import Reporting
import _TestSupport

@Suite struct PythonFloatTests {
  // Golden strings: Python 3's `repr(float)` of each value (`python3 -c 'print(repr(v))'`), which is
  // what Keras's CSVLogger (via `csv`) and `json.dumps` print.
  static let cases: [(Double, String)] = [
    (0.1, "0.1"), (1e-05, "1e-05"), (0.0001, "0.0001"), (1e16, "1e+16"), (1e15, "1000000000000000.0"),
    (123456789012345678.0, "1.2345678901234568e+17"), (1.5e20, "1.5e+20"), (2.5e-7, "2.5e-07"),
    (0.1 + 0.2, "0.30000000000000004"), (1.0 / 3.0, "0.3333333333333333"), (100.0, "100.0"),
    (12345.678, "12345.678"), (-0.0, "-0.0"), (Double.leastNonzeroMagnitude, "5e-324"),
    (1.7976931348623157e308, "1.7976931348623157e+308"), (0.5, "0.5"), (0x1p-20, "9.5367431640625e-07"),
    (Double(Float(0.1)), "0.10000000149011612"), (0.0003, "0.0003"), (3 * 0.0001, "0.00030000000000000003"),
    (-2.5, "-2.5"), (0.0, "0.0"), (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
  ]

  @Test(arguments: cases)
  func matchesPythonRepr(value: Double, expected: String) {
    #expect(PythonFloat.repr(value) == expected)
  }

  @Test func roundTripsRandomValues() {
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let x = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
      #expect(Double(PythonFloat.repr(x)) == x)
    }
  }
}

/// The byte-level `repr` writes what the `Character`-based code it replaced wrote.
@Suite struct PythonFloatLayoutTests {
  /// The previous implementation, kept as the reference.
  static func reference(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
    let text = abs(x).description
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
    let decimalExponent = integerDigitCount - leadingZeros + exponent
    let sign = x < 0 ? "-" : ""
    let n = digits.count
    if decimalExponent <= -4 || decimalExponent > 16 {
      let e = decimalExponent - 1
      let m = n == 1 ? String(digits) : String(digits.prefix(1)) + "." + String(digits.dropFirst())
      let exponentDigits = String(abs(e))
      let padded = exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits
      return sign + m + "e" + (e < 0 ? "-" : "+") + padded
    }
    if decimalExponent <= 0 {
      return sign + "0." + String(repeating: "0", count: -decimalExponent) + String(digits)
    }
    if decimalExponent >= n {
      return sign + String(digits) + String(repeating: "0", count: decimalExponent - n) + ".0"
    }
    return sign + String(digits.prefix(decimalExponent)) + "." + String(digits.dropFirst(decimalExponent))
  }

  @Test func matchesTheReferenceOnRandomBitPatterns() {
    var rng = SplitMixGenerator(seed: 7)
    for _ in 0..<20000 {
      let x = Double(bitPattern: rng.next())
      let got = PythonFloat.repr(x)
      #expect(got == Self.reference(x), "bits \(String(x.bitPattern, radix: 16))")
      var bytes: [UInt8] = [1]
      PythonFloat.append(x, to: &bytes)
      #expect(bytes == [1] + Array(got.utf8))
    }
  }

  @Test func matchesTheReferenceAtLayoutBoundaries() {
    var values: [Double] = [5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 123456789012345680]
    for e in -330...310 {
      for m in [1.0, 1.5, 9.999999999999999, 1.2345678901234567, 7] { values += [m * pow10(e), -m * pow10(e)] }
    }
    for f in [Float(0.1), 1e-5, 3.4028235e38, 1e-45, 0.001, 12345.678] { values.append(Double(f)) }
    for x in values { #expect(PythonFloat.repr(x) == Self.reference(x), "\(x)") }
  }

  private func pow10(_ e: Int) -> Double {
    var x = 1.0
    for _ in 0..<abs(e) { x = e < 0 ? x / 10 : x * 10 }
    return x
  }
}
