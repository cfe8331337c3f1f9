import Foundation
import Reporting

/// Reads the git state of the work tree holding a spec file, with the `git` command if there is
/// one. Never fatal: no git, no work tree, a slow or failing command all give nil.
///
/// The five `git` commands run at the same time (`GitCommands`), and a training run starts them
/// before it loads its data and builds its model (`start`), so they cost it little wall time:
/// one after the other they took 25–40 ms of a 0.3 s run, `git status` most of it.
enum GitProvenance {
  /// The commands' arguments, in the order `record(from:)` reads their outputs.
  static func commands(specFileName: String) -> [[String]] {
    [
      ["rev-parse", "--show-toplevel"],
      ["rev-parse", "--verify", "-q", "HEAD"],
      ["symbolic-ref", "-q", "--short", "HEAD"],
      // Tracked changes only, as `git describe --dirty` counts them; `git status` also refreshes
      // the index's stat cache, so a touched but unchanged file is not reported.
      ["status", "--porcelain", "--untracked-files=no"],
      ["ls-files", "--full-name", "--error-unmatch", "--", specFileName],
    ]
  }

  /// The commands for the spec file at `specPath`, started; `record()` waits for them.
  static func start(specPath: String) -> Pending {
    let spec = URL(fileURLWithPath: specPath).standardizedFileURL
    let folder = spec.deletingLastPathComponent().path
    return Pending(
      spec: spec, commands: GitCommands(commands(specFileName: spec.lastPathComponent), in: folder))
  }

  /// The record for the spec file at `specPath`, or nil outside a git work tree.
  static func record(specPath: String) -> GitRecord? { start(specPath: specPath).record() }

  /// Started commands for one spec file.
  final class Pending {
    private let spec: URL
    private let commands: GitCommands?
    private var result: GitRecord??

    init(spec: URL, commands: GitCommands?) {
      self.spec = spec
      self.commands = commands
    }

    /// Waits for the commands (at most 10 s) and returns the record, or nil outside a work tree.
    func record() -> GitRecord? {
      if let result { return result }
      let outputs = commands?.outputs() ?? []
      let record = outputs.count == 5 ? GitProvenance.record(spec: spec, outputs: outputs) : nil
      result = .some(record)
      return record
    }
  }

  /// The record from the outputs of `commands`, in their order.
  static func record(spec: URL, outputs: [String?]) -> GitRecord? {
    guard let top = outputs[0], !top.isEmpty, let commit = outputs[1], commit.count >= 40 else { return nil }
    let branch = outputs[2].flatMap { $0.isEmpty ? nil : $0 }
    return GitRecord(
      commit: commit, branch: branch, dirty: outputs[3].map { !$0.isEmpty } ?? true, root: top,
      specFile: outputs[4] ?? relativePath(spec.path, to: top))
  }

  /// `path` relative to `root` when inside it (an untracked spec file), else `path`.
  static func relativePath(_ path: String, to root: String) -> String {
    let prefix = root.hasSuffix("/") ? root : root + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }

  /// Runs `git -C folder arguments...` and returns its trimmed standard output, or nil on failure
  /// or after 10 s.
  static func git(_ arguments: [String], in folder: String) -> String? {
    GitCommands([arguments], in: folder)?.outputs().first ?? nil
  }

  /// The `git` on PATH, if any.
  static let gitExecutable: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/git"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }()
}
