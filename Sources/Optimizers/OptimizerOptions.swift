/// Options every optimizer takes besides its own arguments: gradient clipping and the names
/// excluded from weight decay.
public struct OptimizerOptions: Sendable, Equatable {
  /// `clipnorm`, `clipvalue` or `global_clipnorm`.
  public var clipping: GradientClipping
  /// Regular expressions searched in each parameter's own name; a match gets no weight decay.
  public var weightDecayExclusions: [String]

  /// Creates options; the defaults clip nothing and exclude nothing.
  public init(clipping: GradientClipping = .none, weightDecayExclusions: [String] = []) {
    self.clipping = clipping
    self.weightDecayExclusions = weightDecayExclusions
  }
}

/// Argument checks shared by the factories, throwing `OptimizerError.invalidArgument`.
struct ArgumentCheck {
  let owner: String

  func check(_ ok: Bool, _ argument: String, _ expected: String, _ value: Any) throws {
    guard ok else {
      throw OptimizerError.invalidArgument(
        owner: owner, argument: argument, expected: expected, received: "\(value)")
    }
  }

  func learningRate(_ lr: LearningRate) throws {
    if case .constant(let x) = lr { try check(x >= 0 && x.isFinite, "learning_rate", ">= 0", x) }
  }
  func unit(_ x: Double, _ argument: String) throws { try check(x >= 0 && x <= 1, argument, "in [0, 1]", x) }
  func beta(_ x: Double, _ argument: String) throws { try check(x >= 0 && x < 1, argument, "in [0, 1)", x) }
  func nonNegative(_ x: Double, _ argument: String) throws { try check(x >= 0, argument, ">= 0", x) }
  func positive(_ x: Double, _ argument: String) throws { try check(x > 0, argument, "> 0", x) }
  /// The Adam family's moment arguments: `beta_1` and `beta_2` in [0, 1), `epsilon` >= 0, in that order.
  func moments(beta1: Double, beta2: Double, epsilon: Double) throws {
    try beta(beta1, "beta_1")
    try beta(beta2, "beta_2")
    try nonNegative(epsilon, "epsilon")
  }
  func kerasOnly(_ formula: UpdateFormula, _ value: Any?, _ argument: String) throws {
    if formula == .pytorch, let value { try check(false, argument, "unset with formula: pytorch", value) }
  }
  func pytorchOnly(_ formula: UpdateFormula, _ value: Any?, _ argument: String) throws {
    if formula == .keras, let value { try check(false, argument, "unset with formula: keras", value) }
  }
}
