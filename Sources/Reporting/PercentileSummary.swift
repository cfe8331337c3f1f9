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

  /// Summarizes `values`, selecting the few order statistics it needs with `scratch` as work space
  /// (reused across calls to avoid allocation).
  ///
  /// A per-step, per-parameter learning-rate history summarizes every parameter tensor at every
  /// step, so this runs in linear time (selection, not a sort). The result equals what a stable
  /// sort of `values` gives, `-0.0` against `0.0` included (see `OrderStatistics`).
  public init(values: UnsafeBufferPointer<Float>, scratch: inout [Float]) {
    guard !values.isEmpty, !values.contains(where: \.isNaN) else {
      self.init(min: .nan, p5: .nan, p50: .nan, p95: .nan, max: .nan)
      return
    }
    let n = values.count
    let quantiles: [Double] = [5, 50, 95]
    let positions = quantiles.map { $0 / 100 * Double(n - 1) }
    var ranks: [Int] = []
    for position in positions {
      let lower = Int(position.rounded(.down))
      ranks += [lower, Swift.min(lower + 1, n - 1)]
    }
    if scratch.count < n { scratch = [Float](repeating: 0, count: n) }
    let selected = scratch.withUnsafeMutableBufferPointer {
      OrderStatistics.select(ranks: ranks, in: UnsafeMutableBufferPointer(rebasing: $0[..<n]), original: values)
    }
    func percentile(_ i: Int) -> Double {
      let position = positions[i]
      let t = position - position.rounded(.down)
      let a = Double(selected[2 * i])
      let b = Double(selected[2 * i + 1])
      // numpy's _lerp: a + (b - a)·t, from the upper end when t ≥ 0.5, exact at both ends.
      return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
    }
    let (low, high) = OrderStatistics.extremes(values)
    self.init(min: Double(low), p5: percentile(0), p50: percentile(1), p95: percentile(2), max: Double(high))
  }
}
