import Foundation
import Testing

@testable import Reporting
import _TestSupport

/// `PercentileSummary` by selection gives, bit for bit, what it gave by sorting a copy (the
/// reference below is the sort-based code it replaced): every field, at every size, with ties,
/// negative values and zeros of both signs, whose order a stable sort keeps.
@Suite struct OrderStatisticsTests {
  /// The previous implementation: a stable sort of a copy, then numpy's linear interpolation.
  static func reference(_ values: [Float]) -> PercentileSummary {
    guard !values.isEmpty, !values.contains(where: \.isNaN) else {
      return PercentileSummary(min: .nan, p5: .nan, p50: .nan, p95: .nan, max: .nan)
    }
    let sorted = values.sorted()
    func percentile(_ q: Double) -> Double {
      let position = q / 100 * Double(sorted.count - 1)
      let lower = Int(position.rounded(.down))
      let upper = Swift.min(lower + 1, sorted.count - 1)
      let t = position - Double(lower)
      let a = Double(sorted[lower])
      let b = Double(sorted[upper])
      return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
    }
    return PercentileSummary(
      min: Double(sorted[0]), p5: percentile(5), p50: percentile(50), p95: percentile(95),
      max: Double(sorted[sorted.count - 1]))
  }

  static func bits(_ s: PercentileSummary) -> [UInt64] { [s.min, s.p5, s.p50, s.p95, s.max].map(\.bitPattern) }

  static let sizes = [1, 2, 3, 4, 5, 7, 20, 21, 64, 100, 101, 640, 2048, 2049]

  static func samples(_ kind: Int, count n: Int, _ rng: inout SplitMixGenerator) -> [Float] {
    switch kind {
    case 0: return (0..<n).map { _ in Float.random(in: -1...1, using: &rng) }
    case 1: return (0..<n).map { _ in Float(exp(Double.random(in: -8...6, using: &rng))) }  // rates
    case 2: return (0..<n).map { _ in Float(Int.random(in: 0..<4, using: &rng)) }  // many ties
    case 3: return [Float](repeating: 0.25, count: n)
    case 4: return (0..<n).map { Float($0) }  // ascending
    case 5: return (0..<n).map { Float(n - $0) }  // descending
    default:  // zeros of both signs among a few negative and positive values
      return (0..<n).map { _ in [Float(0), -0.0, -0.0, 0, 1.5, -2][Int.random(in: 0..<6, using: &rng)] }
    }
  }

  @Test(arguments: 0..<7) func selectionEqualsTheSortBitForBit(kind: Int) {
    var rng = SplitMixGenerator(seed: UInt64(kind) &* 1000 &+ 17)
    var scratch: [Float] = []
    for n in Self.sizes {
      for _ in 0..<5 {
        let values = Self.samples(kind, count: n, &rng)
        let got = values.withUnsafeBufferPointer { PercentileSummary(values: $0, scratch: &scratch) }
        #expect(Self.bits(got) == Self.bits(Self.reference(values)), "kind \(kind), n \(n): \(values.prefix(12))")
      }
    }
  }

  @Test func zerosKeepTheSignAStableSortGivesThem() {
    // Sorted stably: [-1, 0.0, -0.0, -0.0, 0.0, 2]; ranks 1 and 4 are +0.0, ranks 2 and 3 are -0.0.
    let values: [Float] = [0.0, -0.0, 2, -0.0, -1, 0.0]
    var buffer = [Float](repeating: 0, count: values.count)
    let got = values.withUnsafeBufferPointer { original in
      buffer.withUnsafeMutableBufferPointer { OrderStatistics.select(ranks: [1, 2, 3, 4], in: $0, original: original) }
    }
    #expect(got.map(\.sign) == [.plus, .minus, .minus, .plus])
    let allZeros: [Float] = [-0.0, 0.0, -0.0]
    let (low, high) = allZeros.withUnsafeBufferPointer { OrderStatistics.extremes($0) }
    #expect(low.sign == .minus && high.sign == .minus)
  }

  @Test func selectsEveryRankOfAShuffledRange() {
    var rng = SplitMixGenerator(seed: 99)
    let n = 1000
    let values = (0..<n).map(Float.init).shuffled(using: &rng)
    var buffer = [Float](repeating: 0, count: n)
    let ranks = [999, 0, 500, 1, 998, 500, 250]
    let got = values.withUnsafeBufferPointer { original in
      buffer.withUnsafeMutableBufferPointer { OrderStatistics.select(ranks: ranks, in: $0, original: original) }
    }
    #expect(got == ranks.map(Float.init))
  }
}

