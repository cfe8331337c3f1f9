/// A bad optimizer or schedule configuration, or a saved state that does not fit the parameters.
public enum OptimizerError: Error, Equatable, CustomStringConvertible {
  /// An argument outside its valid range, e.g. `adam: beta_1 must be in [0, 1); received 1.5`.
  case invalidArgument(owner: String, argument: String, expected: String, received: String)
  /// More than one of `clipnorm`, `clipvalue`, `global_clipnorm` was given.
  case conflictingClipping(clipnorm: Double?, clipvalue: Double?, globalClipnorm: Double?)
  /// The learning rate comes from a schedule, so it cannot be set (Keras raises `TypeError`).
  case learningRateNotSettable(optimizer: String)
  /// A saved state lacks an entry that the optimizer needs (`dense/kernel/momentum`).
  case missingState(key: String)
  /// A saved state has an entry the optimizer does not know.
  case unexpectedState(key: String)
  /// A saved entry has the wrong number of elements.
  case stateSizeMismatch(key: String, expected: Int, received: Int)

  /// A one-line message naming the argument, the expectation and the received value.
  public var description: String {
    switch self {
    case .invalidArgument(let owner, let argument, let expected, let received):
      return "\(owner): `\(argument)` must be \(expected); received \(received)"
    case .conflictingClipping(let n, let v, let g):
      func show(_ x: Double?) -> String { x.map { "\($0)" } ?? "None" }
      return "only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set; received "
        + "clipnorm=\(show(n)), clipvalue=\(show(v)), global_clipnorm=\(show(g))"
    case .learningRateNotSettable(let optimizer):
      return "\(optimizer): the learning rate comes from a schedule and cannot be set"
    case .missingState(let key):
      return "optimizer state has no entry `\(key)`"
    case .unexpectedState(let key):
      return "optimizer state has an unknown entry `\(key)`"
    case .stateSizeMismatch(let key, let expected, let received):
      return "optimizer state `\(key)` has \(received) values; expected \(expected)"
    }
  }
}
