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
  ///
  /// Spawned with `posix_spawn` and read on this thread: Foundation's `Process` and Dispatch start
  /// helper threads, and each thread's malloc arena reserves 64 MiB of address space, which a
  /// run under `ulimit -v` needs for its model.
  static func git(_ arguments: [String], in folder: String) -> String? {
    guard let executable = gitExecutable else { return nil }
    var pipe: [Int32] = [0, 0]
    guard Glibc.pipe(&pipe) == 0 else { return nil }
    defer { close(pipe[0]) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addclose(&actions, pipe[0])
    posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipe[1])
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = [executable, "-C", folder] + arguments
    // Read only: never take index.lock from a user's own git; plain C messages.
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_OPTIONAL_LOCKS"] = "0"
    environment["LC_ALL"] = "C"
    let envp = environment.map { "\($0.key)=\($0.value)" }
    var pid: pid_t = 0
    let spawned = withCStrings(argv) { cArgv in
      withCStrings(envp) { cEnv in posix_spawn(&pid, executable, &actions, nil, cArgv, cEnv) }
    }
    close(pipe[1])
    guard spawned == 0 else { return nil }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    let deadline = Date().addingTimeInterval(10)
    var timedOut = false
    while true {
      let remaining = deadline.timeIntervalSinceNow
      if remaining <= 0 {
        timedOut = true
        break
      }
      var poller = pollfd(fd: pipe[0], events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, Int32(min(remaining, 1) * 1000))
      if ready < 0, errno == EINTR { continue }
      if ready <= 0 { continue }
      let n = read(pipe[0], &buffer, buffer.count)
      if n < 0, errno == EINTR { continue }
      if n <= 0 { break }
      output += buffer[0..<n]
    }
    if timedOut { kill(pid, SIGKILL) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    guard !timedOut, status == 0 else { return nil }
    return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Calls `body` with `strings` as a NULL-terminated C array.
  private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for p in pointers { free(p) } }
    return body(pointers)
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
