/// The k-th smallest values of a buffer of non-NaN floats by selection, exactly as they stand in a
/// stable ascending sort.
///
/// Quickselect over several ranks at once: the middle rank is placed first, then the ranks below
/// it are searched only to its left and the others to its right. Pivots of large ranges are
/// taken from a small sorted sample at the wanted rank's relative position. Partitions are branch-free
/// (Lomuto with an unconditional swap), since comparisons against a pivot are unpredictable and
/// mispredicted branches were most of the cost. (A radix pass to narrow large buffers first was
/// tried: no faster on 640–2048 learning rates.)
///
/// The only values `<` cannot tell apart but that print differently are `-0.0` and `0.0`: a stable
/// sort keeps them in input order, which a selection does not, so a zero result is replaced by the
/// zero a stable sort would put at that rank (looked up in the original order).
enum OrderStatistics {
  /// The values of ranks `ranks` (0-based, each `< buffer.count`), in the order given.
  /// `buffer` (as long as `original`) is overwritten. Without `stableZeros`, a zero comes back
  /// with either sign (for callers to which `-0.0` and `0.0` are the same).
  static func select(
    ranks: [Int], in buffer: UnsafeMutableBufferPointer<Float>, original: UnsafeBufferPointer<Float>,
    stableZeros: Bool = true
  ) -> [Float] {
    precondition(buffer.count == original.count && ranks.allSatisfy { $0 >= 0 && $0 < buffer.count })
    buffer.baseAddress!.update(from: original.baseAddress!, count: original.count)
    var distinct = Array(Set(ranks)).sorted()
    distinct.withUnsafeMutableBufferPointer { place($0, in: buffer, lo: 0, hi: buffer.count - 1) }
    return ranks.map { stableZeros && buffer[$0] == 0 ? stableZero(rank: $0, original) : buffer[$0] }
  }

  /// The smallest and largest value, as a stable sort puts them first and last (a zero is the
  /// first or last of its ties).
  static func extremes(_ values: UnsafeBufferPointer<Float>) -> (min: Float, max: Float) {
    var low = values[0]
    var high = values[0]
    for v in values {
      low = Swift.min(low, v)
      high = Swift.max(high, v)
    }
    return (
      low == 0 ? stableZero(rank: 0, values) : low, high == 0 ? stableZero(rank: values.count - 1, values) : high
    )
  }

  /// Puts the values of `ranks` (ascending, all within `lo...hi`) at their indices, given that
  /// everything before `lo` is ≤ and everything after `hi` ≥ the elements of `lo...hi`.
  private static func place(
    _ ranks: UnsafeMutableBufferPointer<Int>, in a: UnsafeMutableBufferPointer<Float>, lo: Int, hi: Int
  ) {
    guard !ranks.isEmpty else { return }
    let middle = ranks.count / 2
    let k = ranks[middle]
    selectInPlace(k, in: a, lo: lo, hi: hi)
    place(UnsafeMutableBufferPointer(rebasing: ranks[..<middle]), in: a, lo: lo, hi: k - 1)
    place(UnsafeMutableBufferPointer(rebasing: ranks[(middle + 1)...]), in: a, lo: k + 1, hi: hi)
  }

  /// Puts the rank-`k` value of `lo...hi` at index `k`, smaller or equal ones before it, larger or
  /// equal after.
  private static func selectInPlace(_ k: Int, in a: UnsafeMutableBufferPointer<Float>, lo: Int, hi: Int) {
    var lo = lo
    var hi = hi
    var rounds = 0
    while lo < hi {
      if k == lo || k == hi {  // an extreme of the range: one pass
        var m = lo
        if k == lo {
          for j in (lo + 1)...hi where a[j] < a[m] { m = j }
        } else {
          for j in (lo + 1)...hi where a[j] >= a[m] { m = j }
        }
        a.swapAt(k, m)
        return
      }
      rounds += 1
      if rounds > 64 {  // adversarial input: sort what is left
        var rest = UnsafeMutableBufferPointer(rebasing: a[lo...hi])
        rest.sort()
        return
      }
      if hi - lo >= 64 {
        // A pivot near rank k: of 15 evenly spaced elements, the one at k's relative position,
        // so the side left to search is a fraction of the range rather than about half.
        var sample: [(value: Float, index: Int)] = []
        sample.reserveCapacity(15)
        for i in 0..<15 {
          let index = lo + (hi - lo) * i / 14
          sample.append((a[index], index))
        }
        sample.sort { $0.value < $1.value || ($0.value == $1.value && $0.index < $1.index) }
        let chosen = sample[(14 * (k - lo) + (hi - lo) / 2) / (hi - lo)].index
        a.swapAt(chosen, hi)
      } else {
        // Median of three, moved to `hi`.
        let mid = lo + (hi - lo) / 2
        if a[mid] < a[lo] { a.swapAt(mid, lo) }
        if a[hi] < a[lo] { a.swapAt(hi, lo) }
        if a[mid] < a[hi] { a.swapAt(hi, mid) }
      }
      let pivot = a[hi]
      // [lo, less) < pivot, [less, j) ≥ pivot.
      let less = partition(a, lo: lo, end: hi) { $0 < pivot }
      a.swapAt(less, hi)
      if k < less {
        hi = less - 1
        continue
      }
      if k == less { return }
      // Many values equal to the pivot would leave the right side barely smaller: split off
      // those equal to it, which need no further search.
      let equalEnd = partition(a, lo: less + 1, end: hi + 1) { !(pivot < $0) }
      if k < equalEnd { return }
      lo = equalEnd
    }
  }

  /// Moves the elements of `lo..<end` that satisfy `isLeft` before the others, without branches
  /// on the comparison, and returns the index of the first other element.
  @inline(__always)
  private static func partition(
    _ a: UnsafeMutableBufferPointer<Float>, lo: Int, end: Int, _ isLeft: (Float) -> Bool
  ) -> Int {
    var store = lo
    for j in lo..<end {
      let v = a[j]
      a[j] = a[store]
      a[store] = v
      store += isLeft(v) ? 1 : 0
    }
    return store
  }

  /// The zero a stable sort puts at rank `k`, given that the value there compares equal to zero:
  /// zeros follow the negative values, in input order.
  static func stableZero(rank k: Int, _ original: UnsafeBufferPointer<Float>) -> Float {
    var negatives = 0
    for v in original where v < 0 { negatives += 1 }
    var index = k - negatives
    for v in original where v == 0 {
      if index == 0 { return v }
      index -= 1
    }
    preconditionFailure("rank \(k) holds no zero")
  }
}
