import Foundation
import Optimizers
import Testing

@testable import Reporting
import _TestSupport

/// `PercentileTracker` gives, bit for bit, `PercentileSummary(values:scratch:)`'s result (itself
/// checked against a stable sort in `OrderStatisticsTests`), call after call: on series that drift
/// as Adam's state does, that jump, change size, hold ties, zeros of both signs, infinities and
/// NaN; and for Adam's step sizes found from the second moments, against the step sizes computed.
@Suite struct PercentileTrackerTests {

  static func bits(_ s: PercentileSummary) -> [UInt64] { OrderStatisticsTests.bits(s) }

  static func reference(_ values: [Float]) -> PercentileSummary {
    var scratch: [Float] = []
    return values.withUnsafeBufferPointer { PercentileSummary(values: $0, scratch: &scratch) }
  }

  /// A series of `steps` buffers of `n` values, each derived from the one before in the manner of
  /// `kind`.
  static func series(_ kind: Int, count n: Int, steps: Int, _ rng: inout SplitMixGenerator) -> [[Float]] {
    var x = (0..<n).map { _ in Float(exp(Double.random(in: -8...2, using: &rng))) }
    var out: [[Float]] = []
    for step in 0..<steps {
      switch kind {
      case 0:  // Adam's v: a decaying average of squared gradients (small moves, a common drift)
        x = x.map { v in
          let g = Float.random(in: -1...1, using: &rng)
          return v + (g * g - v) * 0.001
        }
      case 1:  // everything grows by 0.4 % a step: windows fall behind on one side
        x = x.map { $0 * 1.004 }
      case 2:  // now and then an element jumps by orders of magnitude
        for _ in 0..<Swift.max(1, n / 50) { x[Int.random(in: 0..<n, using: &rng)] *= Float(exp(Double.random(in: -9...9, using: &rng))) }
      case 3:  // many ties: values on a coarse grid that shift
        x = (0..<n).map { _ in Float(Int.random(in: 0..<4, using: &rng)) * 0.5 + (step % 3 == 0 ? 0 : 0.25) }
      case 4:  // zeros of both signs among negative and positive values, shuffled anew
        x = (0..<n).map { _ in [Float(0), -0.0, -0.0, 0, 1.5, -2, 7][Int.random(in: 0..<7, using: &rng)] }
      case 5:  // infinities, subnormals and extremes, a little changed each step
        x = x.map { v in
          switch Int.random(in: 0..<40, using: &rng) {
          case 0: return .infinity
          case 1: return -.infinity
          case 2: return .leastNonzeroMagnitude * Float(Int.random(in: 1...9, using: &rng))
          case 3: return .greatestFiniteMagnitude
          default: return v.isFinite ? v * Float.random(in: 0.99...1.01, using: &rng) : 1
          }
        }
      case 6:  // a NaN in some steps only
        x = x.map { $0 * Float.random(in: 0.999...1.001, using: &rng) }
        out.append(step % 7 == 3 ? x.enumerated().map { $0.offset == n / 2 ? .nan : $0.element } : x)
        continue
      default:  // fresh random values every step: no window survives
        x = (0..<n).map { _ in Float.random(in: -1...1, using: &rng) }
      }
      out.append(x)
    }
    return out
  }

  static let sizes = [1, 2, 3, 5, 20, 64, 101, 640, 2048]

  @Test(arguments: 0..<8) func seriesSummariesEqualTheSelection(kind: Int) {
    var rng = SplitMixGenerator(seed: UInt64(kind) &* 7919 &+ 3)
    for n in Self.sizes {
      let tracker = PercentileTracker()
      for (step, values) in Self.series(kind, count: n, steps: 60, &rng).enumerated() {
        let got = values.withUnsafeBufferPointer { tracker.summary(of: $0) }
        #expect(Self.bits(got) == Self.bits(Self.reference(values)), "kind \(kind), n \(n), step \(step)")
      }
    }
  }

  @Test func windowsAreUsedOnASlowlyDriftingSeries() {
    // Not a matter of results (those are checked above): that the fast path is the one taken.
    var rng = SplitMixGenerator(seed: 5)
    let tracker = PercentileTracker()
    for values in Self.series(0, count: 2048, steps: 200, &rng) {
      _ = values.withUnsafeBufferPointer { tracker.summary(of: $0) }
    }
    #expect(tracker.windowHits + tracker.widenedHits > 9 * tracker.fullSelections)
  }

  @Test func oneTrackerFollowsABufferThatChangesSize() {
    var rng = SplitMixGenerator(seed: 11)
    let tracker = PercentileTracker()
    for n in [640, 64, 640, 1, 2, 2048, 640] {
      for values in Self.series(0, count: n, steps: 5, &rng) {
        let got = values.withUnsafeBufferPointer { tracker.summary(of: $0) }
        #expect(Self.bits(got) == Self.bits(Self.reference(values)), "n \(n)")
      }
    }
    let empty = [Float]().withUnsafeBufferPointer { tracker.summary(of: $0) }
    #expect(Self.bits(empty) == Self.bits(.nan))
  }

  @Test func zerosKeepTheSignAStableSortGivesThem() {
    // Sorted stably: [-1, 0.0, -0.0, -0.0, 0.0, 2]; the window path must put the same zeros at
    // each rank as the selection, call after call.
    let tracker = PercentileTracker()
    for values: [Float] in [[0.0, -0.0, 2, -0.0, -1, 0.0], [-0.0, 0.0, 2, 0.0, -1, -0.0], [0.0, 0.0, -0.0, -0.0, 0.0, -0.0]] {
      for _ in 0..<3 {
        let got = values.withUnsafeBufferPointer { tracker.summary(of: $0) }
        #expect(Self.bits(got) == Self.bits(Self.reference(values)), "\(values)")
      }
    }
  }
}

/// Adam's step sizes summarized from the second moments (`PercentileTracker.summary(of:
/// EffectiveStepSizes)`) equal the summary of the step sizes computed one by one
/// (`EffectiveStepSizes.values`), bit for bit.
@Suite struct StepSizeSummaryTests {

  /// The factors of Keras's Adam at `step` (lr 0.01, β₁ 0.9, β₂ 0.999, ε 1e-7), as `AdamRule` computes them.
  static func keras(_ v: UnsafeBufferPointer<Float>, step: Int, lr: Float = 0.01) -> EffectiveStepSizes {
    let t = Float(step)
    let a = lr * (1 - pow(0.999, t)).squareRoot() / (1 - pow(0.9, t))
    return EffectiveStepSizes(secondMoments: v, a: a, c: 1, epsilon: 1e-7)
  }

  static func check(
    _ v: [Float], a: Float? = nil, c: Float = 1, epsilon: Float = 1e-7, tracker: PercentileTracker = PercentileTracker(),
    _ comment: Comment? = nil
  ) {
    v.withUnsafeBufferPointer { buffer in
      var sizes = keras(buffer, step: 7)
      if let a { sizes = EffectiveStepSizes(secondMoments: buffer, a: a, c: c, epsilon: epsilon) }
      let got = tracker.summary(of: sizes)
      let want = PercentileTrackerTests.reference(sizes.values)
      #expect(OrderStatisticsTests.bits(got) == OrderStatisticsTests.bits(want), comment)
    }
  }

  /// Second moments of `kind`: typical, with zeros of both signs, duplicates, subnormals, huge and
  /// tiny values, infinities.
  static func moments(_ kind: Int, count n: Int, _ rng: inout SplitMixGenerator) -> [Float] {
    switch kind {
    case 0: return (0..<n).map { _ in Float(exp(Double.random(in: -30...2, using: &rng))) }
    case 1: return (0..<n).map { _ in [Float(0), -0.0, 1e-8, 1e-8, 4e-6][Int.random(in: 0..<5, using: &rng)] }
    case 2: return (0..<n).map { _ in Float.leastNonzeroMagnitude * Float(Int.random(in: 0..<100, using: &rng)) }
    case 3:
      return (0..<n).map { _ in
        [Float.greatestFiniteMagnitude, .infinity, 1e30, 1e-30, .leastNormalMagnitude, 0][Int.random(in: 0..<6, using: &rng)]
      }
    case 4: return [Float](repeating: 2.5e-5, count: n)
    default:  // adjacent floats: distinct v whose step sizes round to equal or adjacent floats
      let base = Float(exp(Double.random(in: -20...0, using: &rng)))
      return (0..<n).map { _ in var x = base; for _ in 0..<Int.random(in: 0..<40, using: &rng) { x = x.nextUp }; return x }
    }
  }

  @Test(arguments: 0..<6) func mappedOrderStatisticsEqualTheComputedOnes(kind: Int) {
    var rng = SplitMixGenerator(seed: UInt64(kind) &+ 101)
    for n in [1, 2, 3, 4, 7, 20, 64, 101, 640, 2048] {
      for _ in 0..<4 { Self.check(Self.moments(kind, count: n, &rng), "kind \(kind), n \(n)") }
    }
  }

  @Test func otherFactorsAndTheirLimits() {
    var rng = SplitMixGenerator(seed: 77)
    for _ in 0..<20 {
      let v = Self.moments(Int.random(in: 0..<6, using: &rng), count: 101, &rng)
      // PyTorch's formula (c ≠ 1), no bias correction, ε tiny enough for a/ε to overflow.
      Self.check(v, a: 0.012, c: 1 / (1 - 0.999 as Float).squareRoot(), "pytorch")
      Self.check(v, a: 0.001, c: 1, epsilon: 1e-8, "no bias correction")
      Self.check(v, a: 3e38, c: 1, epsilon: 1e-30, "a/ε overflows")
      // Not non-increasing (a ≤ 0 or not finite, c = 0): every step size is computed.
      Self.check(v, a: 0, "a = 0")
      Self.check(v, a: -0.01, "a < 0")
      Self.check(v, a: .infinity, "a = ∞")
      Self.check(v, a: 0.01, c: 0, "c = 0")
    }
  }

  @Test func negativeOrNaNMomentsFallBackToComputedStepSizes() {
    // Never produced by Adam, but the summary must still be the computed one (all NaN here, as
    // √ of a negative number and NaN are NaN).
    let tracker = PercentileTracker()
    Self.check([1e-4, -1e-6, 2e-4], tracker: tracker, "negative")
    Self.check([1e-4, .nan, 2e-4], tracker: tracker, "NaN")
    Self.check([1e-4, 3e-6, 2e-4], tracker: tracker, "valid again")
  }

  @Test func aTrainingRunsSeriesOfStepSizes() {
    // v as Adam updates it, summarized at every step with one tracker per parameter.
    var rng = SplitMixGenerator(seed: 2024)
    for n in [1, 32, 64, 640, 2048] {
      let tracker = PercentileTracker()
      var v = [Float](repeating: 0, count: n)
      for step in 1...150 {
        for i in v.indices {
          // Some elements never get a gradient (a dead unit): their v stays exactly 0.
          let g: Float = i % 9 == 0 ? 0 : Float.random(in: -1...1, using: &rng) * Float(i % 5 + 1)
          v[i] += (g * g - v[i]) * (1 - 0.999)
        }
        v.withUnsafeBufferPointer { buffer in
          let sizes = Self.keras(buffer, step: step)
          let got = tracker.summary(of: sizes)
          let want = PercentileTrackerTests.reference(sizes.values)
          #expect(OrderStatisticsTests.bits(got) == OrderStatisticsTests.bits(want), "n \(n), step \(step)")
        }
      }
    }
  }
}

/// `lr_per_parameter.csv` rows from the second moments are the rows from the computed step sizes.
@Suite struct StepSizeLogTests {
  @Test func rowsFromMomentsEqualRowsFromValues() throws {
    var rng = SplitMixGenerator(seed: 9)
    let logs = try (0..<2).map { i in
      try LearningRateLog(
        folder: try RunFolder.create(at: try makeTemporaryFolder().appendingPathComponent("run\(i)")), perParameter: true)
    }
    var v = [Float](repeating: 0, count: 640)
    for step in 1...40 {
      for i in v.indices {
        let g = Float.random(in: -1...1, using: &rng)
        v[i] += (g * g - v[i]) * 0.001
      }
      v.withUnsafeBufferPointer { buffer in
        let sizes = StepSizeSummaryTests.keras(buffer, step: step)
        logs[0].record(step: step, parameter: "dense/kernel", stepSizes: sizes)
        sizes.values.withUnsafeBufferPointer { logs[1].record(step: step, parameter: "dense/kernel", values: $0) }
      }
    }
    for log in logs { try log.flush() }
    let texts = try logs.map { try readText($0.perParameter!.url) }
    #expect(texts[0].split(separator: "\n").count == 41)
    #expect(texts[0] == texts[1])
    #expect(logs[0].medians["dense/kernel"]!.map(\.p50) == logs[1].medians["dense/kernel"]!.map(\.p50))
  }
}

/// `WindowScan` against plain loops: counts below and in each window, the first values in each
/// (in buffer order, up to the capacity), extremes and the floor check, for sizes that do and do
/// not fill whole groups of four lanes.
@Suite struct WindowScanTests {
  @Test func countsAndWindowsEqualPlainLoops() {
    var rng = SplitMixGenerator(seed: 31)
    for n in [1, 3, 4, 5, 8, 13, 64, 101, 640] {
      for trial in 0..<20 {
        let values: [Float] =
          trial % 4 == 0
          ? (0..<n).map { _ in Float(Int.random(in: 0..<5, using: &rng)) }  // ties: windows over equal values
          : (0..<n).map { _ in Float.random(in: -1...1, using: &rng) }
        var bounds = (0..<6).map { _ in values[Int.random(in: 0..<n, using: &rng)] }
        for g in 0..<3 where bounds[2 * g] > bounds[2 * g + 1] { bounds.swapAt(2 * g, 2 * g + 1) }
        let capacity = Int.random(in: 0...6, using: &rng)
        let floor: Float = trial % 3 == 0 ? -0.5 : -.infinity
        var windows = [Float](repeating: .nan, count: 3 * (capacity + 1))
        let scan = values.withUnsafeBufferPointer { v in
          windows.withUnsafeMutableBufferPointer {
            WindowScan(
              v, lower: (bounds[0], bounds[2], bounds[4]), upper: (bounds[1], bounds[3], bounds[5]), floor: floor,
              windows: $0.baseAddress!, capacity: capacity)
          }
        }
        #expect(scan.min == values.min()! && scan.max == values.max()!)
        #expect(scan.invalid == values.contains { !($0 >= floor) })
        for g in 0..<3 {
          let (low, high) = (bounds[2 * g], bounds[2 * g + 1])
          let inside = values.filter { $0 >= low && $0 <= high }
          #expect(scan.below(g) == values.filter { $0 < low }.count, "n \(n), window \(g)")
          #expect(scan.upTo(g) - scan.below(g) == inside.count, "n \(n), window \(g)")
          let stored = Array(windows[(g * (capacity + 1))..<(g * (capacity + 1) + min(inside.count, capacity + 1))])
          #expect(stored == Array(inside.prefix(capacity + 1)), "n \(n), window \(g)")
        }
      }
    }
  }
}

/// `LearningRateLog.appendInteger` spells integers as `String(n)` does.
@Suite struct LogIntegerTests {
  @Test func integersAreSpelledAsStringDoes() {
    var rng = SplitMixGenerator(seed: 4)
    var values = [0, 1, 9, 10, 99, 100, -1, -10, Int.max, Int.min, 1600, 123_456_789]
    for _ in 0..<2000 { values.append(Int(truncatingIfNeeded: rng.next()) >> Int.random(in: 0..<63, using: &rng)) }
    for n in values {
      var out: [UInt8] = [7]
      LearningRateLog.appendInteger(n, to: &out)
      #expect(out == [7] + Array(String(n).utf8), "\(n)")
    }
  }
}
