/// A summary of one parameter tensor's per-element effective step sizes: min, 5th, 50th and 95th
/// percentiles, max. Percentiles interpolate linearly between order statistics (numpy's default,
/// `np.percentile(x, q)`).
public struct StepSizeSummary: Sendable, Equatable {
  /// Smallest value.
  public var min: Float
  /// 5th percentile.
  public var p5: Float
  /// Median.
  public var p50: Float
  /// 95th percentile.
  public var p95: Float
  /// Largest value.
  public var max: Float

  /// Summarises `values`; nil when empty.
  public init?(values: [Float]) {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    func percentile(_ q: Double) -> Float {
      let position = q / 100 * Double(sorted.count - 1)
      let lower = Int(position.rounded(.down))
      let upper = Swift.min(lower + 1, sorted.count - 1)
      let fraction = Float(position - Double(lower))
      return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
    min = sorted[0]
    p5 = percentile(5)
    p50 = percentile(50)
    p95 = percentile(95)
    max = sorted[sorted.count - 1]
  }
}
