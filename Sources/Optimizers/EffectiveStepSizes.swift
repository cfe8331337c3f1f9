/// The per-element effective step sizes of one parameter under the Adam family, `s = a / (√v·c + ε)`
/// (the factor in `w -= m·s`), described by the second-moment slot `v` they come from rather than
/// computed: a per-step history summarises them at every step, and most of its order statistics
/// can be found on `v` (see `isNonIncreasing`) without computing `s` for every element.
///
/// A view of the optimizer's slot storage (no copy): valid until the optimizer's next step.
public struct EffectiveStepSizes {
  /// `v` of each element: Adam's second moment, or AMSGrad's running maximum of it.
  public let secondMoments: UnsafeBufferPointer<Float>
  /// The numerator (the bias-corrected learning rate).
  public let a: Float
  /// The factor of `√v` (PyTorch's bias correction; 1 for Keras).
  public let c: Float
  /// ε.
  public let epsilon: Float

  /// Describes `s = a / (√v·c + ε)` over `secondMoments`.
  public init(secondMoments: UnsafeBufferPointer<Float>, a: Float, c: Float, epsilon: Float) {
    self.secondMoments = secondMoments
    self.a = a
    self.c = c
    self.epsilon = epsilon
  }

  /// The number of elements.
  public var count: Int { secondMoments.count }

  /// `s` for one second moment `v`. Every path computes a step size with this one expression, in
  /// this order, so a value obtained here equals bit for bit the element of `values` with that `v`.
  @inline(__always)
  public func stepSize(secondMoment v: Float) -> Float { a / (v.squareRoot() * c + epsilon) }

  /// Writes every element's step size to `out` (as long as `secondMoments`).
  public func write(into out: UnsafeMutableBufferPointer<Float>) {
    precondition(out.count == count, "\(out.count) step sizes for \(count) elements")
    for i in 0..<count { out[i] = stepSize(secondMoment: secondMoments[i]) }
  }

  /// Every element's step size, in a new array.
  public var values: [Float] {
    [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      write(into: UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
      initialized = count
    }
  }

  /// Whether, for every `v` that is not NaN and not below zero (`-0.0` and `+∞` included),
  /// `stepSize(secondMoment:)` is neither NaN nor `-0.0`, and it never increases as `v` grows; then
  /// the k-th smallest step size is the step size of the k-th largest `v`.
  ///
  /// Holds when `a`, `c` and `ε` are finite and positive. Each IEEE operation, rounded to nearest,
  /// is monotone in each operand: `√v` does not decrease as `v` grows, nor does `√v·c` for `c > 0`
  /// (`√(-0.0)·c` is `-0.0`, `√∞·c` is `∞`, never `0·∞`), nor `√v·c + ε` (at least `ε > 0`, so
  /// `-0.0` and `+0.0` give the same sum), and `a / x` does not increase for `a > 0` and `x > 0`,
  /// and is `+0.0` or positive (or `+∞` if it overflows), never NaN. Rounding can map different
  /// `v` to the same step size, which is harmless: order statistics only need the order not to flip.
  public var isNonIncreasing: Bool {
    a.isFinite && a > 0 && c.isFinite && c > 0 && epsilon.isFinite && epsilon > 0
  }
}
