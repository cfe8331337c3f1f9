#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import YAML

/// Where the relative data paths of a spec are resolved: paths written in the spec file against
/// its folder (or `--data-root`), paths given with `--set` against the working directory.
public struct DataPathBase: Sendable, Equatable {
  /// The absolute folder relative paths in the spec file are taken from.
  public var specFolder: String
  /// Whether `specFolder` came from `--data-root` (for messages).
  public var isDataRoot: Bool
  /// The absolute folder relative `--set` paths are taken from (the working directory).
  public var commandLineFolder: String

  /// Creates a base from absolute folders.
  public init(specFolder: String, isDataRoot: Bool = false, commandLineFolder: String) {
    self.specFolder = specFolder
    self.isDataRoot = isDataRoot
    self.commandLineFolder = commandLineFolder
  }

  /// Paths of a spec file at `specPath` (relative to the working directory or absolute), or of
  /// `dataRoot` when given; `--set` paths against the working directory.
  public static func forSpecFile(_ specPath: String, dataRoot: String? = nil) -> DataPathBase {
    let cwd = DataPaths.workingDirectory
    if let dataRoot {
      return DataPathBase(specFolder: DataPaths.absolute(dataRoot, from: cwd), isDataRoot: true, commandLineFolder: cwd)
    }
    return DataPathBase(specFolder: DataPaths.folder(of: DataPaths.absolute(specPath, from: cwd)), commandLineFolder: cwd)
  }

  /// Both kinds of path against the working directory (a spec given as text, not as a file).
  public static var workingDirectory: DataPathBase {
    let cwd = DataPaths.workingDirectory
    return DataPathBase(specFolder: cwd, commandLineFolder: cwd)
  }
}

/// One data path as written and as resolved, for run.json and for messages about missing files.
public struct ResolvedDataPath: Sendable, Equatable {
  /// The key (`data.x`, `sweep.parameters[data.path].1`).
  public var keyPath: String
  /// The path as written.
  public var written: String
  /// The absolute path.
  public var resolved: String
  /// The folder a relative path was resolved against; nil when it was written absolute.
  public var folder: String?
  /// Why that folder: "the spec file's folder", "--data-root", "the working directory (--set)".
  public var folderReason: String?
}

/// Rewrites the data paths of a spec tree (`data.path`, `data.x`, `data.y`, and the same keys'
/// values in `sweep.parameters`) to absolute paths, so a run folder's spec.yaml, a sweep's trials
/// and `resume` read the same files from any working directory.
enum DataPaths {
  /// The dataset arguments that name files or folders.
  static let pathArguments = ["path", "x", "y"]

  static func resolve(_ root: Node, base: DataPathBase) -> (Node, [ResolvedDataPath]) {
    guard case .mapping(var pairs) = root.content else { return (root, []) }
    var resolved: [ResolvedDataPath] = []
    for i in pairs.indices {
      switch keyText(pairs[i].key) {
      case "data":
        pairs[i].value = resolveData(pairs[i].value, keyPath: "data", base: base, into: &resolved)
      case "sweep":
        pairs[i].value = resolveSweep(pairs[i].value, base: base, into: &resolved)
      default: break
      }
    }
    var out = root
    out.content = .mapping(pairs)
    return (out, resolved)
  }

  /// A `data` mapping (or bare type name); a cifar10 without `path` gets its default, resolved.
  private static func resolveData(_ node: Node, keyPath: String, base: DataPathBase, into list: inout [ResolvedDataPath])
    -> Node
  {
    var node = node
    if case .scalar(let s) = node.content, case .string(let type) = s.value, type == "cifar10" {
      node.content = .mapping([Node.Pair(key: NodeEditor.stringNode("type", node.mark), value: node)])
    }
    guard case .mapping(var pairs) = node.content else { return node }
    for i in pairs.indices {
      let key = keyText(pairs[i].key)
      guard let key, pathArguments.contains(key) else { continue }
      pairs[i].value = resolveScalar(pairs[i].value, keyPath: "\(keyPath).\(key)", base: base, into: &list)
    }
    let type = pairs.first { keyText($0.key) == "type" }.flatMap { $0.value.scalarValue }
    if case .string("cifar10")? = type, !pairs.contains(where: { keyText($0.key) == "path" }) {
      // The default folder is relative too, so it follows the same rule as a written one.
      let written = NodeEditor.stringNode(cifar10DefaultPath, node.mark)
      pairs.append(
        Node.Pair(
          key: NodeEditor.stringNode("path", node.mark),
          value: resolveScalar(written, keyPath: "\(keyPath).path", base: base, into: &list)))
    }
    node.content = .mapping(pairs)
    return node
  }

  /// The `data.*` path entries of `sweep.parameters`, whose values are lists of paths.
  private static func resolveSweep(_ node: Node, base: DataPathBase, into list: inout [ResolvedDataPath]) -> Node {
    guard case .mapping(var pairs) = node.content,
      let p = pairs.firstIndex(where: { keyText($0.key) == "parameters" }),
      case .mapping(var parameters) = pairs[p].value.content
    else { return node }
    for i in parameters.indices {
      guard let key = keyText(parameters[i].key), key.hasPrefix("data."),
        pathArguments.contains(String(key.dropFirst(5))),
        case .sequence(var values) = parameters[i].value.content
      else { continue }
      for j in values.indices {
        values[j] = resolveScalar(values[j], keyPath: "sweep.parameters[\(key)].\(j)", base: base, into: &list)
      }
      parameters[i].value.content = .sequence(values)
    }
    pairs[p].value.content = .mapping(parameters)
    var out = node
    out.content = .mapping(pairs)
    return out
  }

  private static func resolveScalar(
    _ node: Node, keyPath: String, base: DataPathBase, into list: inout [ResolvedDataPath]
  ) -> Node {
    guard case .scalar(var scalar) = node.content, case .string(let written) = scalar.value, !written.isEmpty
    else { return node }
    let fromCommandLine = node.mark.file == SpecLoader.commandLine
    let folder = fromCommandLine ? base.commandLineFolder : base.specFolder
    let isRelative = !written.hasPrefix("/") && !written.hasPrefix("~/")
    let reason =
      fromCommandLine ? "the working directory (--set)" : base.isDataRoot ? "--data-root" : "the spec file's folder"
    let absolutePath = absolute(written, from: folder)
    list.append(
      ResolvedDataPath(
        keyPath: keyPath, written: written, resolved: absolutePath, folder: isRelative ? folder : nil,
        folderReason: isRelative ? reason : nil))
    guard absolutePath != written else { return node }
    scalar.text = absolutePath
    scalar.value = .string(absolutePath)
    scalar.style = .plain
    scalar.isVerbatim = false
    var out = node
    out.content = .scalar(scalar)
    return out
  }

  /// cifar10's default `path`, from its schema.
  static let cifar10DefaultPath: String = {
    let path = Schemas.family(.dataset).type(named: "cifar10")?.arguments.first { $0.name == "path" }
    guard case .string(let folder)? = path?.defaultValue else { preconditionFailure("cifar10 has a default path") }
    return folder
  }()

  private static func keyText(_ node: Node) -> String? {
    if case .string(let s)? = node.scalarValue { return s }
    return nil
  }

  // MARK: paths as strings (the spec layer has no Foundation)

  /// The process's working directory.
  static var workingDirectory: String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "/" }
    return String(cString: buffer)
  }

  /// `path` made absolute against `folder` (`~/` is the home folder), with `.` and `..` removed.
  static func absolute(_ path: String, from folder: String) -> String {
    if path.hasPrefix("~/"), let home = getenv("HOME") {
      return normalized(String(cString: home) + "/" + path.dropFirst(2))
    }
    return normalized(path.hasPrefix("/") ? path : folder + "/" + path)
  }

  /// The folder holding `path` (an absolute path).
  static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// An absolute path without empty, `.` and `..` components (lexically, as Python's normpath).
  static func normalized(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }
}
