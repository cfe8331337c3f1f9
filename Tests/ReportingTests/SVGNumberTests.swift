import Testing

@testable import Reporting
import _TestSupport

/// Path coordinates written as bytes read exactly as `SVGDocument.number` writes them.
@Suite struct SVGNumberTests {
  @Test func bytesEqualTheNumberText() {
    var rng = SplitMixGenerator(seed: 11)
    var values: [Double] = [0, -0.0, 0.004, -0.004, 0.005, -0.005, 0.05, 0.5, 1, -1, 12.3, 12.34, -12.05, 1e12, -1e12, 1e13, -1e14, 1e20, -1e20]
    for _ in 0..<5000 { values.append(Double.random(in: -2000...2000, using: &rng)) }
    for _ in 0..<500 { values.append(Double(Int.random(in: -100_000...100_000, using: &rng)) / 100) }
    for v in values {
      var bytes: [UInt8] = []
      SVGDocument.appendNumber(v, to: &bytes)
      #expect(String(decoding: bytes, as: UTF8.self) == SVGDocument.number(v), "\(v)")
    }
  }
}
