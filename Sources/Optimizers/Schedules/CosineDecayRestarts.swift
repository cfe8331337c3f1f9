#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `cosine_decay_restarts` (Keras `CosineDecayRestarts`, SGDR of Loshchilov & Hutter 2016).
///
/// The multiplier decays from 1 to `alpha` over `first_decay_steps`; then a warm restart, each
/// period `t_mul` times longer and starting `m_mul` times lower. With `f = step / first_decay_steps`:
/// `i = floor(f)` and `f -= i` when `t_mul == 1`, else `i = floor(log(1 − f(1 − t_mul)) / log t_mul)`,
/// `f = (f − (1 − t_mul^i)/(1 − t_mul)) / t_mul^i`;
/// `lr = initial · ((1 − alpha) · m_mul^i · ½(1 + cos(π f)) + alpha)`.
public struct CosineDecayRestarts: LearningRateSchedule {
  /// The rate at step 0 (`initial_learning_rate`).
  public let initialLearningRate: Double
  /// `first_decay_steps`.
  public let firstDecaySteps: Int
  /// `t_mul`: each period is this many times longer.
  public let tMul: Double
  /// `m_mul`: each restart starts this many times lower.
  public let mMul: Double
  /// `alpha`: the floor, as a fraction of the starting rate.
  public let alpha: Double

  /// Creates the schedule with Keras's defaults (`t_mul` 2, `m_mul` 1, `alpha` 0).
  public init(
    initialLearningRate: Double, firstDecaySteps: Int, tMul: Double = 2, mMul: Double = 1, alpha: Double = 0
  ) throws {
    try requirePositive(firstDecaySteps, "first_decay_steps", in: "cosine_decay_restarts")
    guard tMul > 0 else {
      throw OptimizerError.invalidArgument(
        owner: "cosine_decay_restarts", argument: "t_mul", expected: "> 0", received: "\(tMul)")
    }
    self.initialLearningRate = initialLearningRate
    self.firstDecaySteps = firstDecaySteps
    self.tMul = tMul
    self.mMul = mMul
    self.alpha = alpha
  }

  /// The learning rate at `step`.
  public func callAsFunction(_ step: Int) -> Double {
    var fraction = Double(step) / Double(firstDecaySteps)
    let restart: Double
    if tMul == 1 {
      restart = fraction.rounded(.down)
      fraction -= restart
    } else {
      restart = (log(1 - fraction * (1 - tMul)) / log(tMul)).rounded(.down)
      let sum = (1 - pow(tMul, restart)) / (1 - tMul)
      fraction = (fraction - sum) / pow(tMul, restart)
    }
    let cosine = 0.5 * pow(mMul, restart) * (1 + cos(Double.pi * fraction))
    return initialLearningRate * ((1 - alpha) * cosine + alpha)
  }
}
