/// Min, 5th, 50th and 95th percentile and max of a set of values, as numpy's `np.percentile`
/// computes them with its default `linear` method: for `q` in percent over `n` sorted values, the
/// position `q/100 · (n-1)` interpolated linearly between its two neighbours.
///
/// Any NaN makes every field NaN (as numpy's `np.percentile`, `np.min`, `np.max`); no values give NaN.
public struct PercentileSummary: Sendable, Equatable {
  /// The smallest value.
  public var min: Double
  /// The 5th percentile.
  public var p5: Double
  /// The median.
  public var p50: Double
  /// The 95th percentile.
  public var p95: Double
  /// The largest value.
  public var max: Double

  /// Creates a summary from known values.
  public init(min: Double, p5: Double, p50: Double, p95: Double, max: Double) {
    self.min = min
    self.p5 = p5
    self.p50 = p50
    self.p95 = p95
    self.max = max
  }

  /// Summarizes `values`, sorting a copy in `scratch` (reused across calls to avoid allocation).
  public init(values: UnsafeBufferPointer<Float>, scratch: inout [Float]) {
    guard !values.isEmpty, !values.contains(where: \.isNaN) else {
      self.init(min: .nan, p5: .nan, p50: .nan, p95: .nan, max: .nan)
      return
    }
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: values)
    scratch.sort()
    let sorted = scratch
    func percentile(_ q: Double) -> Double {
      let position = q / 100 * Double(sorted.count - 1)
      let lower = Int(position.rounded(.down))
      let upper = Swift.min(lower + 1, sorted.count - 1)
      let t = position - Double(lower)
      let a = Double(sorted[lower])
      let b = Double(sorted[upper])
      // numpy's _lerp: a + (b - a)·t, from the upper end when t ≥ 0.5, exact at both ends.
      return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
    }
    self.init(
      min: Double(sorted[0]), p5: percentile(5), p50: percentile(50), p95: percentile(95),
      max: Double(sorted[sorted.count - 1]))
  }
}
