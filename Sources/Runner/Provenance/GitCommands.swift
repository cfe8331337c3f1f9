import Foundation

/// `git -C folder ...` commands started together, their outputs read later on the calling thread.
///
/// Spawned with `posix_spawn` and read with `poll` on one thread: Foundation's `Process` and
/// Dispatch start helper threads, and each thread's malloc arena reserves 64 MiB of address
/// space, which a run under `ulimit -v` needs for its model. A command that fails gives nil; all
/// are killed 10 s after they started (a network file system or a huge repository must not hold
/// up the run). Commands never read are killed and reaped when this object goes away.
final class GitCommands {
  private struct Child {
    var pid: pid_t
    var fd: Int32
    var output: [UInt8] = []
    var open = true
  }

  private var children: [Child?] = []
  private let deadline = Date().addingTimeInterval(10)
  private var collected = false

  /// Starts `commands` (arguments after `git -C folder`); nil when there is no `git`.
  init?(_ commands: [[String]], in folder: String) {
    guard let executable = GitProvenance.gitExecutable else { return nil }
    // Read only: never take index.lock from a user's own git; plain C messages.
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_OPTIONAL_LOCKS"] = "0"
    environment["LC_ALL"] = "C"
    let envp = environment.map { "\($0.key)=\($0.value)" }
    children = commands.map { GitCommands.spawn(executable, ["-C", folder] + $0, envp) }
  }

  deinit {
    if !collected { finish(killing: true) }
  }


  /// Each command's trimmed standard output, or nil for one that failed or timed out, in order.
  func outputs() -> [String?] {
    precondition(!collected, "outputs read twice")
    collected = true
    read()
    let succeeded = finish(killing: false)
    return children.indices.map { i in
      guard succeeded[i], let child = children[i] else { return nil }
      return String(decoding: child.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }

  /// Reads every open pipe until all are closed or the deadline passes.
  private func read() {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let open = children.indices.filter { children[$0]?.open == true }
      let remaining = deadline.timeIntervalSinceNow
      if open.isEmpty || remaining <= 0 { return }
      var pollers = open.map { pollfd(fd: children[$0]!.fd, events: Int16(POLLIN), revents: 0) }
      let ready = poll(&pollers, nfds_t(pollers.count), Int32(min(remaining, 1) * 1000))
      if ready <= 0 { continue }  // EINTR or a second without output
      for (slot, i) in open.enumerated() where pollers[slot].revents != 0 {
        let n = Glibc.read(children[i]!.fd, &buffer, buffer.count)
        if n < 0, errno == EINTR { continue }
        if n <= 0 {
          children[i]!.open = false
        } else {
          children[i]!.output += buffer[0..<n]
        }
      }
    }
  }

  /// Closes the pipes and reaps the children, killing first those still writing (past the
  /// deadline), or all when `killing`; whether each exited with status 0 and was read to the end.
  @discardableResult
  private func finish(killing: Bool) -> [Bool] {
    children.indices.map { i in
      guard let child = children[i] else { return false }
      if killing || child.open { kill(child.pid, SIGKILL) }
      close(child.fd)
      var status: Int32 = 0
      while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
      return !killing && !child.open && status == 0
    }
  }

  /// Starts `executable arguments...` with its standard output on a pipe, input and errors on
  /// /dev/null; nil when it could not be started.
  private static func spawn(_ executable: String, _ arguments: [String], _ envp: [String]) -> Child? {
    var pipe: [Int32] = [0, 0]
    guard Glibc.pipe(&pipe) == 0 else { return nil }
    // Close-on-exec, so no command inherits another's pipe (`dup2` clears it on standard output).
    for fd in pipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addclose(&actions, pipe[0])
    posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipe[1])
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let spawned = withCStrings([executable] + arguments) { cArgv in
      withCStrings(envp) { cEnv in posix_spawn(&pid, executable, &actions, nil, cArgv, cEnv) }
    }
    close(pipe[1])
    guard spawned == 0 else {
      close(pipe[0])
      return nil
    }
    return Child(pid: pid, fd: pipe[0])
  }

  /// Calls `body` with `strings` as a NULL-terminated C array.
  private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for p in pointers { free(p) } }
    return body(pointers)
  }
}
