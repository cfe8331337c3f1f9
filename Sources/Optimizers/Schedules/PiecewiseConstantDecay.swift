/// `piecewise_constant_decay` (Keras `PiecewiseConstantDecay`): `values[0]` while
/// `step <= boundaries[0]`, `values[i]` while `boundaries[i-1] < step <= boundaries[i]`, and
/// `values.last` after the last boundary.
public struct PiecewiseConstantDecay: LearningRateSchedule {
  /// Step boundaries, strictly increasing.
  public let boundaries: [Int]
  /// One more value than boundaries.
  public let values: [Double]

  /// Creates the schedule; `values` must have one more element than `boundaries`, and boundaries
  /// must increase strictly.
  public init(boundaries: [Int], values: [Double]) throws {
    guard boundaries.count == values.count - 1 else {
      throw OptimizerError.invalidArgument(
        owner: "piecewise_constant_decay", argument: "values",
        expected: "one more element than `boundaries` (\(boundaries.count) + 1)",
        received: "\(values.count) values")
    }
    guard zip(boundaries, boundaries.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw OptimizerError.invalidArgument(
        owner: "piecewise_constant_decay", argument: "boundaries", expected: "strictly increasing",
        received: "\(boundaries)")
    }
    self.boundaries = boundaries
    self.values = values
  }

  /// The learning rate at `step`.
  public func callAsFunction(_ step: Int) -> Double {
    for (i, b) in boundaries.enumerated() where step <= b { return values[i] }
    return values[values.count - 1]
  }
}
