/// TensorBoard 2's histogram summary, as `tf.summary.histogram` computes it (TensorFlow 2 and Keras
/// 3 write this format; tensorboard's `plugins/histogram/summary_v2.py`, `_buckets`): a float64
/// tensor of shape `[k, 3]`, one `(left edge, right edge, count)` row per bucket, with plugin
/// `histograms` (empty content: `HistogramPluginData` version 0). TensorBoard's Histograms and
/// Distributions dashboards read it; `EventAccumulator.Tensors(tag)` returns it.
///
/// Buckets, as TensorFlow's: `k` (default 30) buckets of equal width spanning the data's
/// min...max, computed in float64; a value goes to bucket `floor((x - min) / width)`, clamped to the
/// last; edges are `min + i * width` with the last edge exactly `max`. When every value is the same,
/// every edge is that value and the last bucket holds the count; empty data gives `k` zero rows.
public enum TensorBoardHistogram {
  /// TensorFlow's default bucket count (`DEFAULT_BUCKET_COUNT`).
  public static let defaultBucketCount = 30
  /// The plugin that reads histograms.
  public static let pluginName = "histograms"

  /// The `[k, 3]` rows for `data`, flattened row-major; nil when `data` holds a NaN or an infinity
  /// (TensorFlow's edges would be NaN: such a histogram is not written).
  public static func buckets(_ data: UnsafeBufferPointer<Float>, count k: Int = defaultBucketCount)
    -> [Double]?
  {
    precondition(k >= 1, "a histogram needs at least one bucket")
    var rows = [Double](repeating: 0, count: 3 * k)
    guard !data.isEmpty else { return rows }
    var low = Double(data[0]), high = low
    for x in data {
      guard x.isFinite else { return nil }
      let d = Double(x)
      if d < low { low = d }
      if d > high { high = d }
    }
    let range = high - low
    if range == 0 {
      for i in 0..<k {
        rows[3 * i] = high
        rows[3 * i + 1] = high
      }
      rows[3 * k - 1] = Double(data.count)
      return rows
    }
    let width = range / Double(k)
    var counts = [Int](repeating: 0, count: k)
    for x in data {
      let index = Int(((Double(x) - low) / width).rounded(.down))
      counts[min(index, k - 1)] += 1
    }
    for i in 0..<k {
      rows[3 * i] = low + Double(i) * width
      rows[3 * i + 1] = i == k - 1 ? high : low + Double(i + 1) * width
      rows[3 * i + 2] = Double(counts[i])
    }
    return rows
  }

  /// The histogram summary of `data` under `tag`; nil when `data` is not all finite.
  public static func summary(
    tag: String, _ data: UnsafeBufferPointer<Float>, bucketCount: Int = defaultBucketCount
  ) -> TensorBoardTensorSummary? {
    guard let rows = buckets(data, count: bucketCount) else { return nil }
    return TensorBoardTensorSummary(tag: tag, pluginName: pluginName, shape: [bucketCount, 3], doubles: rows)
  }
}
