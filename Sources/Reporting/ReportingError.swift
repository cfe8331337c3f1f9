import Foundation

/// A failure to create or write a run folder, or to read a file the run folder format defines.
///
/// Every case names the path involved; `description` is a one-line message for the terminal.
public enum ReportingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The run name cannot be a folder name (empty, `.`/`..`, or contains `/` or NUL).
  case invalidRunName(String)
  /// An explicit output folder already exists and is not empty; runs are never overwritten.
  case runFolderExists(path: String)
  /// The run folder's path names something that is not a folder (a regular file, say).
  case runFolderIsNotAFolder(path: String)
  /// A checkpoint file name is not a plain file name inside `checkpoints/`.
  case invalidCheckpointName(String)
  /// A system call failed on `path`; `operation` is what was attempted, `message` is `strerror`.
  case io(operation: String, path: String, message: String)
  /// A safetensors file is malformed or holds something other than what was asked for.
  case safetensors(path: String, message: String)

  /// A one-line message naming the path and the problem.
  public var description: String {
    switch self {
    case .invalidRunName(let name):
      return "invalid run name '\(name)': it names a folder, so it must be non-empty, not '.' or '..', "
        + "and contain no '/'"
    case .runFolderExists(let path):
      return "\(path): the output folder already exists and is not empty; runs are never "
        + "overwritten (choose another --out, or remove it)"
    case .runFolderIsNotAFolder(let path):
      return "\(path): exists and is not a folder; choose another --out"
    case .invalidCheckpointName(let name):
      return "invalid checkpoint file name '\(name)': it must be a plain file name (no '/', not '.' or '..')"
    case .io(let operation, let path, let message):
      return "\(path): error: cannot \(operation): \(message)"
    case .safetensors(let path, let message):
      return "\(path): error: bad safetensors file: \(message)"
    }
  }
}

extension ReportingError {
  /// A short cause of `error` for `run.json`'s `exit_reason`: `reason` for a `ReportingError`,
  /// else its description.
  public static func reason(of error: any Error) -> String {
    (error as? ReportingError)?.reason ?? "\(error)"
  }

  /// A short cause for `run.json`'s `exit_reason`: `no space left on device (cannot write
  /// lr_history.csv)`.
  public var reason: String {
    guard case .io(let operation, let path, let message) = self else { return description }
    let name = URL(fileURLWithPath: path).lastPathComponent
    return "\(message.prefix(1).lowercased() + message.dropFirst()) (cannot \(operation) \(name))"
  }
}
