/// Options every optimizer takes besides its own arguments: gradient clipping and the names
/// excluded from weight decay.
public struct OptimizerOptions: Sendable, Equatable {
  /// `clipnorm`, `clipvalue` or `global_clipnorm`.
  public var clipping: GradientClipping
  /// Parameters whose name contains one of these get no weight decay.
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
  func kerasOnly(_ formula: UpdateFormula, _ value: Any?, _ argument: String) throws {
    if formula == .pytorch, let value { try check(false, argument, "unset with formula: pytorch", value) }
  }
  func pytorchOnly(_ formula: UpdateFormula, _ value: Any?, _ argument: String) throws {
    if formula == .keras, let value { try check(false, argument, "unset with formula: keras", value) }
  }
}
