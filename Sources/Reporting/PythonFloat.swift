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

  /// Writes `repr(x)` at the start of `out` (`capacity` bytes) and returns its length.
  ///
  /// Works on raw bytes with no nested function capturing a counter (each such access was a
  /// runtime exclusivity check) and no `String` (Swift's digits come through `ShortestText`).
  private static func write(_ x: Double, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
    let p = out.baseAddress!
    if x.isNaN { return copy("nan", to: p) }
    var n = 0
    if x.sign == .minus {
      p[0] = UInt8(ascii: "-")
      n = 1
    }
    if x.isInfinite { return n + copy("inf", to: p + n) }
    if x == 0 { return n + copy("0.0", to: p + n) }
    var digitStorage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes ≥ 17 digits
    return withUnsafeMutableBytes(of: &digitStorage) { raw in
      let digits = raw.bindMemory(to: UInt8.self)
      let (count, exponent) = shortestDigits(abs(x), into: digits)
      return n + layout(UnsafeBufferPointer(rebasing: digits[..<count]), exponent: exponent, into: p + n)
    }
  }

  /// Writes `0.d₁d₂… × 10^exponent` (the digits without leading or trailing zeros) at `p` in
  /// Python's layout and returns the length.
  private static func layout(_ digits: UnsafeBufferPointer<UInt8>, exponent decimalExponent: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let zero = UInt8(ascii: "0")
    let count = digits.count
    var n = 0
    if decimalExponent <= -4 || decimalExponent > 16 {
      let e = decimalExponent - 1
      p[n] = digits[0]
      n += 1
      if count > 1 {
        p[n] = UInt8(ascii: ".")
        n += 1
        for i in 1..<count {
          p[n] = digits[i]
          n += 1
        }
      }
      p[n] = UInt8(ascii: "e")
      p[n + 1] = e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
      n += 2
      let magnitude = abs(e)
      if magnitude >= 100 {
        p[n] = zero + UInt8(magnitude / 100)
        n += 1
      }
      p[n] = zero + UInt8(magnitude / 10 % 10)
      p[n + 1] = zero + UInt8(magnitude % 10)
      return n + 2
    }
    if decimalExponent <= 0 {
      p[0] = zero
      p[1] = UInt8(ascii: ".")
      n = 2
      for _ in 0..<(-decimalExponent) {
        p[n] = zero
        n += 1
      }
      for d in digits {
        p[n] = d
        n += 1
      }
      return n
    }
    if decimalExponent >= count {
      for d in digits {
        p[n] = d
        n += 1
      }
      for _ in 0..<(decimalExponent - count) {
        p[n] = zero
        n += 1
      }
      p[n] = UInt8(ascii: ".")
      p[n + 1] = zero
      return n + 2
    }
    for i in 0..<decimalExponent {
      p[n] = digits[i]
      n += 1
    }
    p[n] = UInt8(ascii: ".")
    n += 1
    for i in decimalExponent..<count {
      p[n] = digits[i]
      n += 1
    }
    return n
  }

  /// Copies `text` to `p` and returns its length.
  private static func copy(_ text: StaticString, to p: UnsafeMutablePointer<UInt8>) -> Int {
    p.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
    return text.utf8CodeUnitCount
  }

  /// Writes the shortest round-trip digits of a positive finite `x` (no leading or trailing zeros)
  /// into `digits` and returns their count and the exponent `e` with `x = 0.digits × 10^e`, read
  /// from Swift's shortest text for `x` ("123.45", "0.0001", "1e-05", "1.2345e+20"; the text of
  /// `description`).
  static func shortestDigits(_ x: Double, into digits: UnsafeMutableBufferPointer<UInt8>) -> (
    count: Int, exponent: Int
  ) {
    var text = ShortestText()
    x.write(to: &text)
    return withUnsafeBytes(of: text.storage) { raw in
      let bytes = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[..<text.count])
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

/// The text Swift prints for a float (`description`'s), captured in 32 bytes on the stack rather
/// than in a `String`: `Double.write(to:)` hands its ASCII digits to `_writeASCII`.
private struct ShortestText: TextOutputStream {
  /// At most 24 bytes are ever written ("-2.2250738585072014e-308").
  var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
  var count = 0

  mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
    precondition(count + buffer.count <= 32, "a float's text longer than 32 bytes")
    withUnsafeMutableBytes(of: &storage) { raw in
      UnsafeMutableRawBufferPointer(rebasing: raw[count..<(count + buffer.count)]).copyMemory(from: UnsafeRawBufferPointer(buffer))
    }
    count += buffer.count
  }

  mutating func write(_ string: String) {
    var string = string
    string.withUTF8 { _writeASCII($0) }
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
