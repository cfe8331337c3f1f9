/// A problem found while parsing an expression, with where it is.
///
/// `offset` counts Unicode scalars from the start of the text (0-based), so a caller that knows
/// where the text starts in a YAML file can point a caret at the exact character.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The 0-based Unicode-scalar offset into the parsed text where the problem is.
  public var offset: Int
  /// What is wrong, in one sentence without a trailing period.
  public var message: String

  /// Creates an error at `offset` with `message`.
  public init(offset: Int, message: String) {
    self.offset = offset
    self.message = message
  }

  /// `offset N: message`.
  public var description: String { "offset \(offset): \(message)" }
}
