/// Formats numbers exactly as Python's `repr(float)` does, which is what Keras's `CSVLogger`
/// (through the `csv` module) and Python's `json` module write.
///
/// The digits are the shortest that round-trip to the same float64 (Swift's `description` and
/// Python's `repr` both produce those); the layout is Python's `format_float_short` in `'r'` mode:
/// positional when the decimal exponent `e` of `0.d₁d₂… × 10^e` satisfies `-4 < e <= 16`
/// (`0.0001`, `1000000000000000.0`), scientific otherwise with a sign and at least two exponent
/// digits (`1e-05`, `1e+16`, `1.5e+20`); whole numbers end in `.0`;
/// `nan`, `inf`, `-inf`, `-0.0` as Python spells them.
///
/// Logs write a number per value per step (the per-parameter learning-rate history writes five per
/// parameter per step), so the layout works on bytes in a stack buffer, with no `Character`s.
public enum PythonFloat {
  /// Python's `repr(x)` for a float64.
  public static func repr(_ x: Double) -> String {
    withRepr(x) { String(decoding: $0, as: UTF8.self) }
  }

  /// Appends the UTF-8 of Python's `repr(x)` to `out`.
  public static func append(_ x: Double, to out: inout [UInt8]) {
    withRepr(x) { out.append(contentsOf: $0) }
  }

  /// The longest text: a sign, 17 digits, a point and `e-308`, or `0.000` and 17 digits.
  private static let capacity = 32

  /// Calls `body` with the bytes of `repr(x)`.
  private static func withRepr<R>(_ x: Double, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out in
      let n = write(x, into: out)
      return body(UnsafeBufferPointer(rebasing: out[..<n]))
    }
  }

  /// Writes `repr(x)` at the start of `out` and returns its length.
  private static func write(_ x: Double, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
    var n = 0
    func put(_ byte: UInt8) {
      out[n] = byte
      n += 1
    }
    func put(_ text: StaticString) {
      text.withUTF8Buffer { for b in $0 { put(b) } }
    }
    if x.isNaN {
      put("nan")
      return n
    }
    if x.sign == .minus { put(UInt8(ascii: "-")) }
    if x.isInfinite {
      put("inf")
      return n
    }
    if x == 0 {
      put("0.0")
      return n
    }
    var digitBuffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes ≥ 17 digits and zeros
    return withUnsafeMutableBytes(of: &digitBuffer) { raw in
      let digits = raw.bindMemory(to: UInt8.self)
      let (count, decimalExponent) = shortestDigits(abs(x), into: digits)
      let zero = UInt8(ascii: "0")
      if decimalExponent <= -4 || decimalExponent > 16 {
        let e = decimalExponent - 1
        put(digits[0])
        if count > 1 {
          put(UInt8(ascii: "."))
          for i in 1..<count { put(digits[i]) }
        }
        put(UInt8(ascii: "e"))
        put(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let magnitude = abs(e)
        if magnitude >= 100 { put(zero + UInt8(magnitude / 100)) }
        put(zero + UInt8(magnitude / 10 % 10))
        put(zero + UInt8(magnitude % 10))
      } else if decimalExponent <= 0 {
        put("0.")
        for _ in 0..<(-decimalExponent) { put(zero) }
        for i in 0..<count { put(digits[i]) }
      } else if decimalExponent >= count {
        for i in 0..<count { put(digits[i]) }
        for _ in 0..<(decimalExponent - count) { put(zero) }
        put(".0")
      } else {
        for i in 0..<decimalExponent { put(digits[i]) }
        put(UInt8(ascii: "."))
        for i in decimalExponent..<count { put(digits[i]) }
      }
      return n
    }
  }

  /// Writes the shortest round-trip digits of a positive finite `x` (no leading or trailing zeros)
  /// into `digits` and returns their count and the exponent `e` with `x = 0.digits × 10^e`, read
  /// from Swift's shortest `description` ("123.45", "0.0001", "1e-05", "1.2345e+20").
  static func shortestDigits(_ x: Double, into digits: UnsafeMutableBufferPointer<UInt8>) -> (
    count: Int, exponent: Int
  ) {
    var text = x.description
    return text.withUTF8 { bytes in
      var count = 0
      var integerDigits = 0
      var seenPoint = false
      var leadingZeros = 0
      var exponent = 0
      var i = 0
      while i < bytes.count {
        let b = bytes[i]
        if b == UInt8(ascii: ".") {
          seenPoint = true
        } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
          var j = i + 1
          let negative = bytes[j] == UInt8(ascii: "-")
          if negative || bytes[j] == UInt8(ascii: "+") { j += 1 }
          while j < bytes.count {
            exponent = exponent * 10 + Int(bytes[j] - UInt8(ascii: "0"))
            j += 1
          }
          if negative { exponent = -exponent }
          break
        } else {
          if !seenPoint { integerDigits += 1 }
          if count == 0 && b == UInt8(ascii: "0") {
            leadingZeros += 1
          } else {
            precondition(count < digits.count, "more digits than a float64 has")
            digits[count] = b
            count += 1
          }
        }
        i += 1
      }
      while count > 1 && digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
      return (count, integerDigits - leadingZeros + exponent)
    }
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
