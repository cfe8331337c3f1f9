/// One pass over a buffer for `PercentileTracker`: its extremes, whether a value is NaN or below a
/// floor, and for each of three windows `[lower, upper]` how many values lie below it, how many
/// in it, and the values in it (up to a capacity).
///
/// Four lanes at a time (one SSE register: the package builds for baseline x86-64, where eight
/// lanes spilled more of the accumulators and were slower): the counts below, extremes and checks
/// are lane-wise compares, and a group of four is looked at value by value only when one of them
/// falls in a window, which is rare for windows of a few dozen values in buffers of hundreds or
/// thousands; the values in a window are counted there too, rather than by three more lane-wise
/// counts for every group (a window of equal values may hold many more than it stores: only
/// their count matters).
struct WindowScan {
  /// The smallest and largest value (meaningless if `invalid`).
  var min: Float
  var max: Float
  /// Whether a value is NaN or below the floor.
  var invalid: Bool
  /// For each window, the count of values `< lower`.
  var below: (Int, Int, Int)
  /// For each window, the count of values `<= upper`; `upTo - below` values lie in the window.
  var upTo: (Int, Int, Int)

  /// Scans `values` (not empty). Window `g`'s values go to `windows[g·(capacity + 1)...]` in buffer
  /// order, the first `capacity + 1` of them (all are counted); the windows' bounds must be ordered
  /// (`lower ≤ upper`) and not NaN.
  init(
    _ values: UnsafeBufferPointer<Float>, lower: (Float, Float, Float), upper: (Float, Float, Float), floor: Float,
    windows: UnsafeMutablePointer<Float>, capacity: Int
  ) {
    typealias V = SIMD4<Float>
    typealias I = SIMD4<Int32>
    let n = values.count
    let base = values.baseAddress!
    let l0 = V(repeating: lower.0), l1 = V(repeating: lower.1), l2 = V(repeating: lower.2)
    let u0 = V(repeating: upper.0), u1 = V(repeating: upper.1), u2 = V(repeating: upper.2)
    let floorV = V(repeating: floor)
    let one = I(repeating: 1)
    let laneBits = I(1, 2, 4, 8)
    var below0 = I(), below1 = I(), below2 = I()
    var low = V(repeating: base[0]), high = low
    var bad = SIMDMask<I>(repeating: false)
    let w0 = windows, w1 = windows + (capacity + 1), w2 = windows + 2 * (capacity + 1)
    var c0 = 0, c1 = 0, c2 = 0
    // Counts the lanes of x in `inside` for window w, and stores them while it has room.
    @inline(__always) func append(_ x: V, _ inside: SIMDMask<I>, _ w: UnsafeMutablePointer<Float>, _ c: inout Int) {
      var lanes = Int(I().replacing(with: laneBits, where: inside).wrappedSum())
      while lanes != 0 {
        if c <= capacity { w[c] = x[lanes.trailingZeroBitCount] }
        c += 1
        lanes &= lanes - 1
      }
    }
    // The same for one value.
    @inline(__always) func collect(_ x: Float) {
      if !(x < lower.0), x <= upper.0 {
        if c0 <= capacity { w0[c0] = x }
        c0 += 1
      }
      if !(x < lower.1), x <= upper.1 {
        if c1 <= capacity { w1[c1] = x }
        c1 += 1
      }
      if !(x < lower.2), x <= upper.2 {
        if c2 <= capacity { w2[c2] = x }
        c2 += 1
      }
    }
    var i = 0
    while i + 4 <= n {
      let x = UnsafeRawPointer(base + i).loadUnaligned(as: V.self)
      low = low.replacing(with: x, where: x .< low)
      high = high.replacing(with: x, where: x .> high)
      bad = bad .| .!(x .>= floorV)
      let b0 = x .< l0, b1 = x .< l1, b2 = x .< l2
      let t0 = x .<= u0, t1 = x .<= u1, t2 = x .<= u2
      below0 &+= I().replacing(with: one, where: b0)
      below1 &+= I().replacing(with: one, where: b1)
      below2 &+= I().replacing(with: one, where: b2)
      let in0 = .!b0 .& t0, in1 = .!b1 .& t1, in2 = .!b2 .& t2
      // Not `any(_:)`, a minimum across lanes that SSE2 has no instruction for.
      let anyIn = I().replacing(with: one, where: in0 .| in1 .| in2)
      if (anyIn.lowHalf | anyIn.highHalf) != .zero {
        append(x, in0, w0, &c0)
        append(x, in1, w1, &c1)
        append(x, in2, w2, &c2)
      }
      i += 4
    }
    var lowest = low.min(), highest = high.max()
    var invalid = any(bad)
    var below = (Int(below0.wrappedSum()), Int(below1.wrappedSum()), Int(below2.wrappedSum()))
    while i < n {
      let x = base[i]
      if x < lowest { lowest = x }
      if x > highest { highest = x }
      if !(x >= floor) { invalid = true }
      if x < lower.0 { below.0 += 1 }
      if x < lower.1 { below.1 += 1 }
      if x < lower.2 { below.2 += 1 }
      collect(x)
      i += 1
    }
    self.min = lowest
    self.max = highest
    self.invalid = invalid
    self.below = below
    self.upTo = (below.0 + c0, below.1 + c1, below.2 + c2)
  }

  /// Window `g`'s count of values below it.
  func below(_ g: Int) -> Int { g == 0 ? below.0 : g == 1 ? below.1 : below.2 }
  /// Window `g`'s count of values at most its upper end.
  func upTo(_ g: Int) -> Int { g == 0 ? upTo.0 : g == 1 ? upTo.1 : upTo.2 }
}
