import Spec
import YAML

/// One `--where KEY=VALUE` condition of `optim-run runs`.
///
/// `name` matches exactly, `status` matches the status shown (`dead` included), `hash` is a prefix
/// of the spec hash; any other key is a dotted spec path (`optimizer.type`, `train.batch_size`)
/// compared with the folder's spec: VALUE is parsed as YAML, so `1e-3` matches `0.001` and
/// `[8, 8]` a list.
public struct RunFilter: Sendable, Equatable {
  /// What the condition looks at.
  public enum Key: Sendable, Equatable {
    case name, status, hash
    case specPath(String)
  }

  /// The key.
  public var key: Key
  /// VALUE as written.
  public var text: String
  /// VALUE parsed as YAML (spec paths).
  public var value: Value

  /// Parses `KEY=VALUE`; the error says what was expected.
  public init(_ argument: String) throws(RunFailure) {
    guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
      throw .runtime(
        "--where expects KEY=VALUE (name, status, hash or a spec path such as optimizer.type), got '\(argument)'"
      )
    }
    let name = String(argument[..<equals])
    text = String(argument[argument.index(after: equals)...])
    switch name {
    case "name": key = .name
    case "status": key = .status
    case "hash": key = .hash
    default: key = .specPath(name)
    }
    do {
      value = Value(try YAMLLoader.load(text: text, name: "--where \(name)").root)
    } catch {
      throw .runtime("--where \(argument): the value is not valid YAML: \(error.rendered)")
    }
  }

  /// Whether the condition holds; `spec` is read only for spec paths (nil: unreadable, no match).
  func holds(name: String?, status: String, hash: String, spec: () -> Value?) -> Bool {
    switch key {
    case .name: return name == text
    case .status: return status == text
    case .hash: return !text.isEmpty && hash.lowercased().hasPrefix(text.lowercased())
    case .specPath(let path): return spec()?.value(atPath: path).map { $0.matches(value) } ?? false
    }
  }
}
