import Testing

@testable import Reporting

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
