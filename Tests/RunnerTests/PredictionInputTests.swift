import Testing

@testable import Runner

/// The non-finite check predict runs on each batch of inputs.
@Suite struct PredictionInputTests {
  @Test(arguments: [0, 1, 4095, 4096, 4097, 9999])
  func findsTheFirstNonFiniteValue(position: Int) {
    for bad in [Float.nan, .infinity, -.infinity, Float(bitPattern: 0xffc0_0001)] {
      var values = (0..<10_000).map { Float($0 % 97) - 48 }
      values[9_999 - (9_999 - position) / 2] = .nan  // a later one, not the first
      values[position] = bad
      let found = values.withUnsafeMutableBufferPointer { PredictionInput.firstNonFinite($0) }
      #expect(found == position, "\(bad) at \(position)")
    }
  }

  @Test func finiteExtremesAreAccepted() {
    var values: [Float] = [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -0.0]
    values += [Float](repeating: 1, count: 5_000)
    #expect(values.withUnsafeMutableBufferPointer { PredictionInput.firstNonFinite($0) } == nil)
    var empty: [Float] = []
    #expect(empty.withUnsafeMutableBufferPointer { PredictionInput.firstNonFinite($0) } == nil)
  }
}
