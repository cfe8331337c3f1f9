import Foundation

/// See run.sh. Second moments evolve as Keras's Adam makes them (`v += (g² − v)·0.001`) from
/// gradients whose scale differs per element and drifts, so ranks move a little every step.
@main struct PercentileBench {
  /// SplitMix64, so every run replays the same series.
  struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static let sizes = [640, 64, 2048, 32, 32, 1]
  static let steps = 1600

  /// Every step's second moments of every tensor, in call order.
  static func series() -> [[Float]] {
    var rng = SplitMix(state: 13)
    var scales = sizes.map { n in (0..<n).map { _ in Float(exp(Double.random(in: -6...0, using: &rng))) } }
    var v = sizes.map { [Float](repeating: 0, count: $0) }
    var out: [[Float]] = []
    out.reserveCapacity(steps * sizes.count)
    for _ in 0..<steps {
      for k in sizes.indices {
        for i in v[k].indices {
          scales[k][i] *= Float.random(in: 0.98...1.02, using: &rng)
          let g = Float.random(in: -1...1, using: &rng) * scales[k][i]
          v[k][i] += (g * g - v[k][i]) * (1 - 0.999)
        }
        out.append(v[k])
      }
    }
    return out
  }

  /// Keras's Adam factors at `step` (lr 0.01, β₁ 0.9, β₂ 0.999, ε 1e-7).
  static func sizes(_ v: UnsafeBufferPointer<Float>, step: Int) -> EffectiveStepSizes {
    let t = Float(step)
    let a = 0.01 * (1 - pow(0.999, t)).squareRoot() / (1 - pow(0.9, t))
    return EffectiveStepSizes(secondMoments: v, a: a, c: 1, epsilon: 1e-7)
  }

  static func main() {
    var repeats = 15
    if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--repeats" {
      repeats = Int(CommandLine.arguments[2]) ?? repeats
    }
    let all = series()
    func step(_ i: Int) -> Int { i / sizes.count + 1 }
    func bits(_ s: PercentileSummary) -> [UInt64] { [s.min, s.p5, s.p50, s.p95, s.max].map(\.bitPattern) }

    // The previous path, then the tracker: equal summaries, or no timings.
    var scratch: [Float] = []
    var trackers = sizes.map { _ in PercentileTracker() }
    var mismatches = 0
    for (i, v) in all.enumerated() {
      v.withUnsafeBufferPointer { buffer in
        let previous = sizes(buffer, step: step(i)).values.withUnsafeBufferPointer {
          PercentileSummary(values: $0, scratch: &scratch)
        }
        let now = trackers[i % sizes.count].summary(of: sizes(buffer, step: step(i)))
        if bits(previous) != bits(now) { mismatches += 1 }
      }
    }
    print("\(all.count) summaries, \(mismatches) differ from the previous code's")
    guard mismatches == 0 else { exit(1) }
    let hits = trackers.map(\.windowHits).reduce(0, +)
    let widened = trackers.map(\.widenedHits).reduce(0, +)
    let full = trackers.map(\.fullSelections).reduce(0, +)
    print("percentiles from their window: \(hits), from a widened window: \(widened), by whole-buffer selection: \(full)")

    func best(_ body: () -> Double) -> Double {
      var b = Double.infinity
      for _ in 0..<repeats {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let sink = body()
        let t = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        if sink.isNaN { print("") }
        b = min(b, t)
      }
      return b
    }
    let previous = best {
      var sink = 0.0
      for (i, v) in all.enumerated() {
        v.withUnsafeBufferPointer { buffer in
          let values = sizes(buffer, step: step(i)).values
          sink += values.withUnsafeBufferPointer { PercentileSummary(values: $0, scratch: &scratch) }.p50
        }
      }
      return sink
    }
    let tracked = best {
      var sink = 0.0
      trackers = sizes.map { _ in PercentileTracker() }
      for (i, v) in all.enumerated() {
        v.withUnsafeBufferPointer { sink += trackers[i % sizes.count].summary(of: sizes($0, step: step(i))).p50 }
      }
      return sink
    }
    print(String(format: "previous path: %.2f ms; tracker on the second moments: %.2f ms (best of %d)", previous, tracked, repeats))
  }
}
