/// An `UpdateRule` whose update is written once, generic over the scalar type.
///
/// A rule implements `apply` for any `OptimizerScalar`; this protocol's extension supplies both
/// `UpdateRule.update` methods by calling it with `Float` (`Optimizer`) and with `Double`
/// (`Optimizer64`), so the compiler emits a specialised copy for each type.
public protocol ScalarGenericUpdateRule: UpdateRule {
  /// Updates `weights` in place from `gradient` (already clipped) and this parameter's `slots`, in
  /// `T`; `step` is the 1-based step number (see `UpdateRule.update`).
  func apply<T: OptimizerScalar>(
    weights: UnsafeMutableBufferPointer<T>, gradient: UnsafeBufferPointer<T>, slots: SlotBuffers<T>,
    learningRate: T, step: Int)
}

extension ScalarGenericUpdateRule {
  /// The float32 update: `apply` specialised for `Float`.
  public func update(
    weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
    slots: SlotBuffers<Float>, learningRate: Float, step: Int
  ) { apply(weights: weights, gradient: gradient, slots: slots, learningRate: learningRate, step: step) }

  /// The float64 update: `apply` specialised for `Double`.
  public func update(
    weights: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>,
    slots: SlotBuffers<Double>, learningRate: Double, step: Int
  ) { apply(weights: weights, gradient: gradient, slots: slots, learningRate: learningRate, step: step) }
}
