/// Keras's gradient clipping options, of which at most one may be set.
///
/// - `norm(c)` (`clipnorm`): each gradient tensor is scaled to `g · c / max(‖g‖, c)`.
/// - `value(c)` (`clipvalue`): each element is clamped to `[-c, c]`.
/// - `globalNorm(c)` (`global_clipnorm`): all gradients are scaled by
///   `c · min(1/‖G‖, 1/c)` where `‖G‖` is the norm of all gradients together.
///
/// As in Keras (`BaseOptimizer._clip_gradients`), a value `<= 0` means no clipping.
public enum GradientClipping: Sendable, Equatable {
  /// No clipping.
  case none
  /// Per-tensor norm clipping (`clipnorm`).
  case norm(Double)
  /// Element-wise value clipping (`clipvalue`).
  case value(Double)
  /// Norm clipping over all gradients together (`global_clipnorm`).
  case globalNorm(Double)

  /// Builds the option from Keras's three arguments; more than one given is an error.
  public init(clipnorm: Double? = nil, clipvalue: Double? = nil, globalClipnorm: Double? = nil) throws {
    let given = [clipnorm, clipvalue, globalClipnorm].compactMap { $0 }
    if given.count > 1 {
      throw OptimizerError.conflictingClipping(
        clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }
    if let c = clipnorm, c > 0 {
      self = .norm(c)
    } else if let c = globalClipnorm, c > 0 {
      self = .globalNorm(c)
    } else if let c = clipvalue, c > 0 {
      self = .value(c)
    } else {
      self = .none
    }
  }
}
