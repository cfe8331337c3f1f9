import Tensors
import Testing

/// `sumRows` (the convolutions' bias gradient) keeps up to 64 columns in registers over all rows;
/// each column must still be the float32 sum down the rows in order, bit for bit as a plain loop,
/// for column counts around the 16-lane blocks and the 64-column groups.
@Suite struct SumRowsTests {
  @Test(arguments: [1, 3, 15, 16, 17, 32, 48, 63, 64, 65, 80, 130])
  func matchesAPlainLoop(columns: Int) {
    for rows in [0, 1, 7, 300] {
      for accumulate in [false, true] {
        // Values of very different magnitudes, so that another summation order would round differently.
        var x = (0..<(rows * columns)).map { (i: Int) -> Float in
          let scale: Float = i % 3 == 0 ? 1e-4 : 1.7
          return Float((i &* 2_654_435_761) % 2001 - 1000) * scale
        }
        let start = (0..<columns).map { Float($0) * 0.25 - 3 }
        var expected = accumulate ? start : [Float](repeating: 0, count: columns)
        for r in 0..<rows {
          for c in 0..<columns { expected[c] += x[r * columns + c] }
        }
        var out = start
        x.withUnsafeMutableBufferPointer { xs in
          out.withUnsafeMutableBufferPointer { sumRows(xs, columns: columns, into: $0, accumulate: accumulate) }
        }
        #expect(
          out.map(\.bitPattern) == expected.map(\.bitPattern),
          "\(rows) rows × \(columns) columns, accumulate \(accumulate)")
      }
    }
  }
}
