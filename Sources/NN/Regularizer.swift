import Tensors

/// A weight penalty added to the loss, as Keras 3's `L1`, `L2` and `L1L2`:
/// `l1 · Σ|w| + l2 · Σw²` (no ½ on the L2 term). Keras's defaults are 0.01 for `l1` and `l2`.
public struct Regularizer: Sendable, Equatable {
  /// The L1 factor.
  public var l1: Float
  /// The L2 factor.
  public var l2: Float

  /// Creates a regularizer with both factors (either may be zero).
  public init(l1: Float = 0, l2: Float = 0) {
    precondition(l1 >= 0 && l2 >= 0, "regularization factors must be non-negative")
    self.l1 = l1
    self.l2 = l2
  }

  /// Keras's `l1` (default 0.01).
  public static func l1(_ factor: Float = 0.01) -> Regularizer { Regularizer(l1: factor) }
  /// Keras's `l2` (default 0.01).
  public static func l2(_ factor: Float = 0.01) -> Regularizer { Regularizer(l2: factor) }

  /// The penalty for `weights`, accumulated in Double.
  public func penalty(_ weights: Tensor) -> Float {
    var a: Double = 0
    var s: Double = 0
    for w in weights.buffer {
      a += Double(abs(w))
      s += Double(w) * Double(w)
    }
    return Float(Double(l1) * a + Double(l2) * s)
  }

  /// Adds d penalty / d w (`l1 · sign(w) + 2 · l2 · w`) into `gradient`.
  public func accumulateGradient(_ weights: Tensor, into gradient: Tensor) {
    precondition(weights.count == gradient.count)
    let w = weights.buffer
    let g = gradient.buffer
    let twoL2 = 2 * l2
    for i in 0..<w.count {
      let x = w[i]
      let sign: Float = x > 0 ? 1 : (x < 0 ? -1 : 0)
      g[i] += l1 * sign + twoL2 * x
    }
  }
}
