/// A TensorBoard event file that cannot be read: a record cut short, a checksum that does not
/// match, or an `Event` that is not valid protobuf.
///
/// Every case names the file and the byte offset of the record involved.
public enum TensorBoardError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file ends inside the record that starts at `offset`.
  case truncatedRecord(path: String, offset: Int)
  /// The masked CRC-32C of the record's `part` (`length` or `data`) does not match.
  case badChecksum(path: String, offset: Int, part: String)
  /// The record's payload is not a valid `Event` message.
  case malformedEvent(path: String, offset: Int, message: String)

  /// A one-line message naming the file, the offset and the problem.
  public var description: String {
    switch self {
    case .truncatedRecord(let path, let offset):
      return "\(path): error: event file ends inside the record at byte \(offset)"
    case .badChecksum(let path, let offset, let part):
      return "\(path): error: the record at byte \(offset) has a bad CRC-32C of its \(part)"
    case .malformedEvent(let path, let offset, let message):
      return "\(path): error: the record at byte \(offset) is not a valid Event: \(message)"
    }
  }
}
