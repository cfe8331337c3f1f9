import Optimizers

/// `PercentileSummary`s of a series of buffers that change little from one call to the next (one
/// parameter's effective step sizes, step after step), each found in about one pass over the
/// buffer, with no allocation once the buffers have their size.
///
/// Each percentile needs the values at two adjacent ranks `r`, `r + 1` of the sorted buffer. For
/// each, the tracker keeps a window of values `[lower, upper]` that held the ranks `r - margin ...
/// r + 1 + margin` at the previous call. One pass (`WindowScan`) counts the values below each
/// window and collects those inside it, with the extremes. If a window still holds both ranks —
/// `below ≤ r` and `r + 1 < below + inside` — they are its values at `r - below` and
/// `r + 1 - below` once its few values are sorted, and it gives the next call's window. A window
/// the ranks moved out of is widened five times and the buffer scanned again; only if that misses
/// too (the first call, another size, values that moved far, a window grown too large) are the
/// ranks selected in the whole buffer (`OrderStatistics`). The windows decide only how fast, never
/// what: the result is `PercentileSummary(values:scratch:)`'s bit for bit.
///
/// One parameter's ranks barely move from one Adam step to the next: in `specs/mlp_regression.yaml`
/// the previous step's value at a percentile's rank is 0–1 ranks away at the median step and at
/// most 14 at the 99th percentile of steps.
final class PercentileTracker {
  /// What the windows are windows of: the values summarized, or the second moments behind step sizes.
  private enum Space: Equatable {
    case values
    case secondMoments
  }

  private var space = Space.values
  /// The buffer size the windows were found for; they are used only for the same size.
  private var trackedCount = -1
  /// Window g's bounds at `2g` (lower) and `2g + 1` (upper), then each pair's values at `6 + 2g`,
  /// `7 + 2g`.
  private let state = UnsafeMutableBufferPointer<Float>.allocate(capacity: 12)
  /// Each window's values: `capacity + 1` slots per window.
  private var windows = UnsafeMutableBufferPointer<Float>.allocate(capacity: 0)
  /// Work space for whole-buffer selection, and step sizes computed when they cannot be mapped.
  private var scratch = UnsafeMutableBufferPointer<Float>.allocate(capacity: 0)
  private var stepSizes = UnsafeMutableBufferPointer<Float>.allocate(capacity: 0)
  /// Percentiles answered from their window, and by selection in the whole buffer.
  private(set) var windowHits = 0
  private(set) var fullSelections = 0
  /// Percentiles found in a widened window after missing their window.
  private(set) var widenedHits = 0

  init() { state.initialize(repeating: 0) }

  deinit {
    state.deallocate()
    windows.deallocate()
    scratch.deallocate()
    stepSizes.deallocate()
  }

  /// Ranks of margin on each side of a percentile's pair in a new window.
  static func margin(count n: Int) -> Int { 2 + n / 512 }
  /// The most values a window may hold (more: selection in the whole buffer).
  static func capacity(count n: Int) -> Int { 4 * margin(count: n) + 16 }

  /// `buffer` with room for `count` floats (reallocated, contents lost, if it has less).
  private static func reserve(_ buffer: inout UnsafeMutableBufferPointer<Float>, _ count: Int) {
    guard buffer.count < count else { return }
    buffer.deallocate()
    buffer = .allocate(capacity: count)
    buffer.initialize(repeating: 0)
  }

  /// The summary of `values`, equal to `PercentileSummary(values:scratch:)`.
  func summary(of values: UnsafeBufferPointer<Float>) -> PercentileSummary {
    summarize(values, space: .values, floor: -.infinity)
  }

  /// The summary of the step sizes `sizes` describes, equal to `PercentileSummary(values:scratch:)`
  /// of `sizes.values`.
  ///
  /// When `sizes.isNonIncreasing` and no second moment is NaN or below zero, the order statistics
  /// are found among the second moments `v` and only they are mapped: the k-th smallest step size
  /// is the step size of the k-th largest `v` (ranks `n - 1 - k`), since the step size never
  /// increases with `v`; it is the same float whichever of several equal `v` (or `-0.0` and `0.0`)
  /// is picked, and it is never `-0.0` or NaN, so which of equal step sizes a stable sort puts
  /// at a rank does not matter. Interpolation then uses the same two floats as from the step sizes.
  /// Otherwise every step size is computed and summarized.
  func summary(of sizes: EffectiveStepSizes) -> PercentileSummary {
    let v = sizes.secondMoments
    let n = v.count
    if sizes.isNonIncreasing, n >= 2 {
      // floor 0: a NaN or negative v makes the scan report `invalid` (-0.0 is not below 0).
      let result = selectPairs(in: v, lowRanks: PercentileTracker.lowRanks(count: n, descending: true),
        space: .secondMoments, floor: 0, stableZeros: false)
      if let result {
        let positions = PercentileSummary.positions(count: n)
        // In ascending v, rank n-1-⌊p⌋ (a percentile's lower neighbour among the step sizes) is the
        // pair's upper member, and n-2-⌊p⌋ its lower one.
        func s(_ v: Float) -> Double { Double(sizes.stepSize(secondMoment: v)) }
        return PercentileSummary(
          min: s(result.max),
          p5: PercentileSummary.interpolate(s(result.pairs.0.1), s(result.pairs.0.0), at: positions.0),
          p50: PercentileSummary.interpolate(s(result.pairs.1.1), s(result.pairs.1.0), at: positions.1),
          p95: PercentileSummary.interpolate(s(result.pairs.2.1), s(result.pairs.2.0), at: positions.2),
          max: s(result.min))
      }
    }
    PercentileTracker.reserve(&stepSizes, n)
    let out = UnsafeMutableBufferPointer(rebasing: stepSizes[..<n])
    sizes.write(into: out)
    return summarize(UnsafeBufferPointer(out), space: .values, floor: -.infinity)
  }

  /// The summary of `values` in `space`; `floor` -∞ means only NaN is invalid.
  private func summarize(_ values: UnsafeBufferPointer<Float>, space: Space, floor: Float) -> PercentileSummary {
    let n = values.count
    guard n >= 2 else {
      guard n == 1, !values[0].isNaN else { return .nan }
      let x = Double(values[0])
      let positions = PercentileSummary.positions(count: 1)
      return PercentileSummary(
        min: x, p5: PercentileSummary.interpolate(x, x, at: positions.0),
        p50: PercentileSummary.interpolate(x, x, at: positions.1),
        p95: PercentileSummary.interpolate(x, x, at: positions.2), max: x)
    }
    guard
      let result = selectPairs(
        in: values, lowRanks: PercentileTracker.lowRanks(count: n, descending: false), space: space, floor: floor,
        stableZeros: true)
    else { return .nan }
    let positions = PercentileSummary.positions(count: n)
    return PercentileSummary(
      min: Double(result.min),
      p5: PercentileSummary.interpolate(Double(result.pairs.0.0), Double(result.pairs.0.1), at: positions.0),
      p50: PercentileSummary.interpolate(Double(result.pairs.1.0), Double(result.pairs.1.1), at: positions.1),
      p95: PercentileSummary.interpolate(Double(result.pairs.2.0), Double(result.pairs.2.1), at: positions.2),
      max: Double(result.max))
  }

  /// The lower rank `r` of each percentile's pair `r, r + 1` among `n ≥ 2` values: `⌊position⌋`
  /// (below n - 1 for every percentile under 100), or for descending order `n - 2 - ⌊position⌋`.
  static func lowRanks(count n: Int, descending: Bool) -> (Int, Int, Int) {
    let p = PercentileSummary.positions(count: n)
    let r = (Int(p.0.rounded(.down)), Int(p.1.rounded(.down)), Int(p.2.rounded(.down)))
    return descending ? (n - 2 - r.0, n - 2 - r.1, n - 2 - r.2) : r
  }

  /// What `selectPairs` finds.
  struct Selection {
    /// Each percentile's values at ranks `r` and `r + 1`.
    var pairs: ((Float, Float), (Float, Float), (Float, Float))
    var min: Float
    var max: Float
  }

  /// The values at ranks `r`, `r + 1` of each pair and the extremes of `values` (n ≥ 2), as a stable
  /// sort places them (with `stableZeros`: a zero takes the sign a stable sort gives its rank;
  /// without, either zero may come back); nil if a value is NaN or below `floor`.
  private func selectPairs(
    in values: UnsafeBufferPointer<Float>, lowRanks r: (Int, Int, Int), space: Space, floor: Float,
    stableZeros: Bool
  ) -> Selection? {
    let n = values.count
    let margin = PercentileTracker.margin(count: n)
    let capacity = PercentileTracker.capacity(count: n)
    if space != self.space || n != trackedCount {
      self.space = space
      trackedCount = n
      // Windows of +∞ alone: the first call selects in the whole buffer (unless ranks hold +∞).
      for i in 0..<6 { state[i] = .infinity }
    }
    PercentileTracker.reserve(&windows, 3 * (4 * capacity + 1))
    func rank(_ g: Int) -> Int { g == 0 ? r.0 : g == 1 ? r.1 : r.2 }
    var scan = WindowScan(
      values, lower: (state[0], state[2], state[4]), upper: (state[1], state[3], state[5]), floor: floor,
      windows: windows.baseAddress!, capacity: capacity)
    if scan.invalid { return nil }
    var missed = 0  // bit g: pair g is not found yet
    for g in 0..<3 where !take(g, rank: rank(g), scan: scan, capacity: capacity, margin: margin) { missed |= 1 << g }
    windowHits += 3 - missed.nonzeroBitCount
    if missed != 0 {
      // Values moved past a window's edge (usually by a rank or two): scan again with the windows
      // that missed five times as wide (others empty), before selecting in the whole buffer.
      var bounds = (lower: (Float.infinity, Float.infinity, Float.infinity), upper: (Float.infinity, Float.infinity, Float.infinity))
      var widened = 0  // bit g: window g is scanned again (its state holds the scan's bounds)
      for g in 0..<3 where missed & (1 << g) != 0 {
        let (low, high) = (state[2 * g], state[2 * g + 1])
        let width = high - low
        guard width > 0, width.isFinite else { continue }
        widened |= 1 << g
        let wide = (low - 2 * width, high + 2 * width)
        switch g {
        case 0: (bounds.lower.0, bounds.upper.0) = wide
        case 1: (bounds.lower.1, bounds.upper.1) = wide
        default: (bounds.lower.2, bounds.upper.2) = wide
        }
        state[2 * g] = wide.0
        state[2 * g + 1] = wide.1
      }
      scan = WindowScan(
        values, lower: bounds.lower, upper: bounds.upper, floor: floor, windows: windows.baseAddress!,
        capacity: 4 * capacity)
      for g in 0..<3 where widened & (1 << g) != 0 {
        if take(g, rank: rank(g), scan: scan, capacity: 4 * capacity, margin: margin) {
          missed &= ~(1 << g)
          widenedHits += 1
        }
      }
    }
    if missed != 0 { selectMissed(missed, in: values, rank: rank, margin: margin) }
    fullSelections += missed.nonzeroBitCount
    func value(_ i: Int, rank: Int) -> Float {
      let x = state[i]
      return stableZeros && x == 0 ? OrderStatistics.stableZero(rank: rank, values) : x
    }
    return Selection(
      pairs: (
        (value(6, rank: r.0), value(7, rank: r.0 + 1)), (value(8, rank: r.1), value(9, rank: r.1 + 1)),
        (value(10, rank: r.2), value(11, rank: r.2 + 1))
      ),
      min: stableZeros && scan.min == 0 ? OrderStatistics.stableZero(rank: 0, values) : scan.min,
      max: stableZeros && scan.max == 0 ? OrderStatistics.stableZero(rank: n - 1, values) : scan.max)
  }

  /// If window `g` of `scan` holds ranks `rank` and `rank + 1`, stores their values and the window
  /// for the next call (ranks `margin` beyond them, as far as this window reaches) and returns true.
  ///
  /// The values below the window come first in the sorted buffer, then the window's, so a value's
  /// rank is `below` plus its rank in the window.
  private func take(_ g: Int, rank: Int, scan: WindowScan, capacity: Int, margin: Int) -> Bool {
    let below = scan.below(g)
    let inside = scan.upTo(g) - below
    let (low, high) = (state[2 * g], state[2 * g + 1])
    guard below <= rank, rank + 1 < below + inside, low == high || inside <= capacity else { return false }
    if low == high {
      // Every value in the window equals its bounds (zeros aside): the window stays.
      state[6 + 2 * g] = low
      state[7 + 2 * g] = low
      return true
    }
    let start = g * (capacity + 1)
    let window = UnsafeMutableBufferPointer(rebasing: windows[start..<(start + inside)])
    // Indices in the window of the pair and of the next window's ends, which may lie outside it.
    let pair = rank - below
    let (first, last) = (pair - margin, pair + 1 + margin)
    let (inFirst, inLast) = (Swift.max(first, 0), Swift.min(last, inside - 1))
    let least: Float
    let most: Float
    if inside <= 48 {
      PercentileTracker.insertionSort(window)
      (least, most) = (window[0], window[inside - 1])
      state[6 + 2 * g] = window[pair]
      state[7 + 2 * g] = window[pair + 1]
      state[2 * g] = window[inFirst]
      state[2 * g + 1] = window[inLast]
    } else {
      PercentileTracker.reserve(&scratch, inside)
      let selected = OrderStatistics.select(
        ranks: [0, inFirst, pair, pair + 1, inLast, inside - 1],
        in: UnsafeMutableBufferPointer(rebasing: scratch[..<inside]), original: UnsafeBufferPointer(window),
        stableZeros: false)
      (least, most) = (selected[0], selected[5])
      state[2 * g] = selected[1]
      state[6 + 2 * g] = selected[2]
      state[7 + 2 * g] = selected[3]
      state[2 * g + 1] = selected[4]
    }
    if first < 0 || last > inside - 1 {
      // All values drift together (step sizes grow as the bias correction fades), so the side a
      // window's values drift towards would have less margin at every call: beyond the window's
      // reach, extend it by the window's mean spacing per missing rank instead.
      let spacing = (most - least) / Float(inside - 1)
      if spacing.isFinite {
        if first < 0 { state[2 * g] = least - spacing * Float(-first) }
        if last > inside - 1 { state[2 * g + 1] = most + spacing * Float(last - (inside - 1)) }
      }
    }
    return true
  }

  /// Selects in the whole of `values` the pairs of the windows in `missed` (bit g for pair g) and
  /// the ranks `margin` beyond them, which become their windows.
  private func selectMissed(
    _ missed: Int, in values: UnsafeBufferPointer<Float>, rank: (Int) -> Int, margin: Int
  ) {
    let n = values.count
    let groups = (0..<3).filter { missed & (1 << $0) != 0 }
    var wanted: [Int] = []
    for g in groups {
      let r = rank(g)
      wanted += [Swift.max(r - margin, 0), r, r + 1, Swift.min(r + 1 + margin, n - 1)]
    }
    PercentileTracker.reserve(&scratch, n)
    let selected = OrderStatistics.select(
      ranks: wanted, in: UnsafeMutableBufferPointer(rebasing: scratch[..<n]), original: values, stableZeros: false)
    for (i, g) in groups.enumerated() {
      state[2 * g] = selected[4 * i]
      state[6 + 2 * g] = selected[4 * i + 1]
      state[7 + 2 * g] = selected[4 * i + 2]
      state[2 * g + 1] = selected[4 * i + 3]
    }
  }

  /// Sorts a window of a few dozen values at most.
  private static func insertionSort(_ a: UnsafeMutableBufferPointer<Float>) {
    guard a.count > 1 else { return }
    for i in 1..<a.count {
      let x = a[i]
      var j = i
      while j > 0, x < a[j - 1] {
        a[j] = a[j - 1]
        j -= 1
      }
      a[j] = x
    }
  }
}
