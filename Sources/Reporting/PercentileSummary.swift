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

  /// Every field NaN.
  static let nan = PercentileSummary(min: .nan, p5: .nan, p50: .nan, p95: .nan, max: .nan)

  /// Summarizes `values`, selecting the few order statistics it needs with `scratch` as work space
  /// (reused across calls to avoid allocation).
  ///
  /// A per-step, per-parameter learning-rate history summarizes every parameter tensor at every
  /// step, so this runs in linear time (selection, not a sort). The result equals what a stable
  /// sort of `values` gives, `-0.0` against `0.0` included (see `OrderStatistics`). A series of
  /// similar buffers is summarized faster by `PercentileTracker`, with the same result.
  public init(values: UnsafeBufferPointer<Float>, scratch: inout [Float]) {
    guard !values.isEmpty, !values.contains(where: \.isNaN) else {
      self = .nan
      return
    }
    let n = values.count
    let positions = PercentileSummary.positions(count: n)
    var ranks: [Int] = []
    for position in [positions.0, positions.1, positions.2] {
      let lower = Int(position.rounded(.down))
      ranks += [lower, Swift.min(lower + 1, n - 1)]
    }
    if scratch.count < n { scratch = [Float](repeating: 0, count: n) }
    let selected = scratch.withUnsafeMutableBufferPointer {
      OrderStatistics.select(ranks: ranks, in: UnsafeMutableBufferPointer(rebasing: $0[..<n]), original: values)
    }
    let (low, high) = OrderStatistics.extremes(values)
    self.init(
      min: Double(low),
      p5: PercentileSummary.interpolate(Double(selected[0]), Double(selected[1]), at: positions.0),
      p50: PercentileSummary.interpolate(Double(selected[2]), Double(selected[3]), at: positions.1),
      p95: PercentileSummary.interpolate(Double(selected[4]), Double(selected[5]), at: positions.2),
      max: Double(high))
  }

  /// The positions `q/100 · (n-1)` of the 5th, 50th and 95th percentile among `n` sorted values;
  /// each lies between ranks `⌊position⌋` and `min(⌊position⌋ + 1, n - 1)`.
  @inline(__always)
  static func positions(count n: Int) -> (Double, Double, Double) {
    let last = Double(n - 1)
    return (5.0 / 100 * last, 50.0 / 100 * last, 95.0 / 100 * last)
  }

  /// The percentile at `position` from the values `a` at rank `⌊position⌋` and `b` at the rank above.
  @inline(__always)
  static func interpolate(_ a: Double, _ b: Double, at position: Double) -> Double {
    let t = position - position.rounded(.down)
    // numpy's _lerp: a + (b - a)·t, from the upper end when t ≥ 0.5, exact at both ends.
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
  }
}
