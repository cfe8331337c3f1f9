/// One optimization algorithm's per-parameter update (Keras's `update_step`, MLX's `applySingle`).
///
/// The `Optimizer` owns the bookkeeping (slot storage, clipping, decoupled weight decay, the step
/// counter); a rule only declares its state slots and updates one parameter tensor in place, with
/// no allocation. Rules are classes so that algorithm-wide scalars (Nadam's running product) can
/// live in them; `scalarState` exposes those for save/restore.
///
/// Every rule updates in float32 (`Optimizer`, as Keras's variables) and in float64 (`Optimizer64`,
/// as Keras with `floatx` float64): rules conform through `ScalarGenericUpdateRule`, which derives
/// both `update` methods from one generic `apply`.
public protocol UpdateRule: AnyObject {
  /// The Keras name of the algorithm (`adam`, `sgd`, ...), used in error messages and state keys.
  var name: String { get }
  /// Names of the per-parameter state slots, in storage order (Keras's variable names).
  var slotNames: [String] { get }
  /// The value a slot starts at (Keras's initializer for it; zero unless stated), rounded to the
  /// computation's type by the optimizer.
  func initialValue(ofSlot index: Int) -> Double
  /// Called once per optimizer step before any parameter is updated; `step` is 1-based.
  func beginStep(_ step: Int)
  /// Updates `weights` in place from `gradient` (already clipped) and this parameter's `slots`.
  /// `step` is the 1-based step number (Keras's `iterations + 1`, PyTorch's `t`).
  func update(
    weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
    slots: SlotBuffers<Float>, learningRate: Float, step: Int)
  /// The same update in float64.
  func update(
    weights: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>,
    slots: SlotBuffers<Double>, learningRate: Double, step: Int)
  /// Algorithm-wide scalar state of the float32 path by name, for save/restore (empty for most rules).
  var scalarState: [String: Float] { get set }
  /// The per-element step size applied to the first moment after the last step, for rules that
  /// have one (the Adam family: `w -= m · s`), as a view of `slots`; `nil` otherwise.
  func stepSizes(slots: SlotBuffers<Float>, learningRate: Float, step: Int) -> EffectiveStepSizes?
  /// Whether `stepSizes` can return values (after the first step).
  var hasEffectiveStepSizes: Bool { get }
}

extension UpdateRule {
  /// Slots start at zero.
  public func initialValue(ofSlot index: Int) -> Double { 0 }
  /// No per-step work.
  public func beginStep(_ step: Int) {}
  /// No scalar state.
  public var scalarState: [String: Float] {
    get { [:] }
    set {}
  }
  /// No effective step size.
  public var hasEffectiveStepSizes: Bool { false }
  /// No effective step size.
  public func stepSizes(slots: SlotBuffers<Float>, learningRate: Float, step: Int) -> EffectiveStepSizes? {
    nil
  }
}

/// The state slots of one parameter: `slotCount` buffers of `count` elements, stored contiguously.
public struct SlotBuffers<Scalar: OptimizerScalar> {
  /// All slots, slot `i` at `i * count ..< (i + 1) * count`.
  public let storage: UnsafeMutableBufferPointer<Scalar>
  /// Elements per slot (the parameter's element count).
  public let count: Int

  /// Wraps `storage`, whose size must be a multiple of `count`.
  public init(storage: UnsafeMutableBufferPointer<Scalar>, count: Int) {
    precondition(count == 0 ? storage.isEmpty : storage.count % count == 0)
    self.storage = storage
    self.count = count
  }

  /// Slot `index` as its own buffer (a view, no copy).
  @inlinable public subscript(index: Int) -> UnsafeMutableBufferPointer<Scalar> {
    UnsafeMutableBufferPointer(rebasing: storage[(index * count)..<((index + 1) * count)])
  }
}
