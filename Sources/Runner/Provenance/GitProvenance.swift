import Foundation
import Reporting

/// Reads the git state of the work tree holding a spec file, with the `git` command if there is
/// one. Never fatal: no git, no work tree, a slow or failing command all give nil.
enum GitProvenance {
  /// The record for the spec file at `specPath`, or nil outside a git work tree.
  static func record(specPath: String) -> GitRecord? {
    let spec = URL(fileURLWithPath: specPath).standardizedFileURL
    let folder = spec.deletingLastPathComponent().path
    guard let top = git(["rev-parse", "--show-toplevel"], in: folder), !top.isEmpty,
      let commit = git(["rev-parse", "--verify", "-q", "HEAD"], in: folder), commit.count >= 40
    else { return nil }
    let branch = git(["symbolic-ref", "-q", "--short", "HEAD"], in: folder).flatMap { $0.isEmpty ? nil : $0 }
    // Tracked changes only, as `git describe --dirty` counts them; `git status` also refreshes
    // the index's stat cache, so a touched but unchanged file is not reported.
    let status = git(["status", "--porcelain", "--untracked-files=no"], in: folder)
    let relative = git(["ls-files", "--full-name", "--error-unmatch", "--", spec.lastPathComponent], in: folder)
    return GitRecord(
      commit: commit, branch: branch, dirty: status.map { !$0.isEmpty } ?? true, root: top,
      specFile: relative ?? Self.relativePath(spec.path, to: top))
  }

  /// `path` relative to `root` when inside it (an untracked spec file), else `path`.
  static func relativePath(_ path: String, to root: String) -> String {
    let prefix = root.hasSuffix("/") ? root : root + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }

  /// Runs `git -C folder arguments...` and returns its trimmed standard output, or nil on failure
  /// or after 10 s (a network file system or a huge repository must not hold up the run).
  static func git(_ arguments: [String], in folder: String) -> String? {
    guard let executable = gitExecutable else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["-C", folder] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_OPTIONAL_LOCKS"] = "0"  // read only: never take index.lock from a user's git
    environment["LC_ALL"] = "C"
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let finished = DispatchSemaphore(value: 0)
    let reader = DispatchQueue.global()
    nonisolated(unsafe) var data = Data()
    reader.async {
      data = output.fileHandleForReading.readDataToEndOfFile()
      finished.signal()
    }
    if finished.wait(timeout: .now() + 10) == .timedOut {
      process.terminate()
      return nil
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
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
