import Foundation

/// Maps data values to pixels along one axis, linearly or logarithmically, and picks round ticks.
struct AxisScale {
  let low: Double
  let high: Double
  let pixelLow: Double
  let pixelHigh: Double
  let logarithmic: Bool
  /// Ticks only at whole numbers (epochs, steps).
  var integral = false

  /// A scale covering the finite (and, for log scales, positive) `values`, padded to round ticks.
  init(covering values: [Double], pixels: (Double, Double), logarithmic: Bool, integral: Bool = false) {
    let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
    var lo = usable.min() ?? (logarithmic ? 1 : 0)
    var hi = usable.max() ?? (logarithmic ? 10 : 1)
    if logarithmic {
      lo = pow(10, Swift.max(-323, log10(lo).rounded(.down)))
      hi = pow(10, Swift.min(308, log10(hi).rounded(.up)))
      if hi <= lo { hi = lo * 10 }
    } else {
      if hi <= lo {
        let pad = lo == 0 ? 1 : abs(lo) * 0.1
        lo -= pad
        hi += pad
      }
      let step = AxisScale.niceStep((hi - lo) / 5, integral: integral)
      lo = (lo / step).rounded(.down) * step
      hi = (hi / step).rounded(.up) * step
    }
    self.init(low: lo, high: hi, pixels: pixels, logarithmic: logarithmic)
    self.integral = integral
  }

  /// A scale over exactly `low ... high`.
  init(low: Double, high: Double, pixels: (Double, Double), logarithmic: Bool) {
    self.low = low
    self.high = high
    pixelLow = pixels.0
    pixelHigh = pixels.1
    self.logarithmic = logarithmic
  }

  /// The pixel of `v`, or nil if it cannot be shown (non-finite, or ≤ 0 on a log scale).
  func pixel(_ v: Double) -> Double? {
    guard v.isFinite, !logarithmic || v > 0 else { return nil }
    let t = logarithmic ? (log10(v) - log10(low)) / (log10(high) - log10(low)) : (v - low) / (high - low)
    return pixelLow + t * (pixelHigh - pixelLow)
  }

  /// Tick values and their labels.
  func ticks() -> [(value: Double, label: String)] {
    if logarithmic {
      let first = Int(log10(low).rounded())
      let last = Int(log10(high).rounded())
      let stride = Swift.max(1, (last - first + 7) / 8)
      return Swift.stride(from: first, through: last, by: stride).map { e in
        (pow(10, Double(e)), AxisScale.decadeLabel(e))
      }
    }
    let step = AxisScale.niceStep((high - low) / 5, integral: integral)
    let decimals = Swift.max(0, Int(-log10(step).rounded(.down)))
    let span = ((high - low) / step).rounded()
    // Extreme ranges (a diverged loss near the largest double) get just their two ends.
    guard span.isFinite, span <= 1000 else {
      return [(low, PythonFloat.repr(low)), (high, PythonFloat.repr(high))]
    }
    let count = Int(span)
    return (0...count).map { i in
      let v = low + Double(i) * step
      return (v, String(format: "%.\(decimals)f", v == 0 ? 0 : v))
    }
  }

  /// `0.001`, `1`, `1000` for decades a learning rate or a loss is read in (as specs write them);
  /// `1e-7`, `1e12` beyond, where the zeros could not be counted at a glance.
  static func decadeLabel(_ exponent: Int) -> String {
    guard (-4...4).contains(exponent) else { return "1e\(exponent)" }
    return exponent >= 0
      ? "1" + String(repeating: "0", count: exponent)
      : "0." + String(repeating: "0", count: -exponent - 1) + "1"
  }

  /// 1, 2 or 5 times a power of ten, at least `raw` (and at least 1 if `integral`).
  static func niceStep(_ raw: Double, integral: Bool = false) -> Double {
    guard raw > 0, raw.isFinite else { return 1 }
    if integral && raw < 1 { return 1 }
    let power = pow(10, log10(raw).rounded(.down))
    for m in [1.0, 2, 5, 10] where m * power >= raw * (1 - 1e-9) { return m * power }
    return 10 * power
  }
}
