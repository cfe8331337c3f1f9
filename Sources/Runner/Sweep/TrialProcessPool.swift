#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation
import Training

/// Runs sweep trials in child processes, a few at a time (`optim-run SPEC --jobs N`).
///
/// Each child is `optim-run SWEEP/sweep.yaml --trial K --out SWEEP --threads T --quiet
/// --progress none --no-sweep-files [--json]` (the parent rewrites the sweep's files): the same path a trial takes under Slurm or GNU parallel, so a
/// trial's result does not depend on how it was started. Children get a process group of their
/// own, so a Ctrl-C at the terminal reaches only this process, which then sends each running
/// child one SIGTERM (a second would make it stop at once) and starts no more.
final class TrialProcessPool {
  let executable: String
  let sweepFolder: URL
  let threads: Int
  let forwardEvents: Bool
  /// A signal stopped the pool before every trial ran.
  private(set) var wasStopped = false

  init(executable: String, sweepFolder: URL, threads: Int, forwardEvents: Bool) {
    self.executable = executable
    self.sweepFolder = sweepFolder
    self.threads = threads
    self.forwardEvents = forwardEvents
  }

  /// Runs the trials `indices`, `jobs` at a time; returns each started trial's exit status.
  func run(
    _ indices: [Int], jobs: Int, shouldStop: () -> Bool, started: (Int) -> Void, finished: (Int, Int32) -> Void
  ) -> [(index: Int, code: Int32)] {
    var queue = indices[...]
    var running: [pid_t: Int] = [:]
    var results: [(index: Int, code: Int32)] = []
    var signalled = false
    while !queue.isEmpty || !running.isEmpty {
      if shouldStop() {
        wasStopped = wasStopped || !queue.isEmpty
        queue.removeAll()
        if !signalled {
          for pid in running.keys { kill(pid, SIGTERM) }
          signalled = true
        }
      }
      while running.count < jobs, let index = queue.popFirst() {
        if let pid = spawn(index) {
          running[pid] = index
          started(index)
        } else {
          results.append((index, 1))
          finished(index, 1)
        }
      }
      var reaped = false
      for (pid, index) in running {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        guard r == pid || (r < 0 && errno == ECHILD) else { continue }
        running[pid] = nil
        reaped = true
        let code: Int32 = r < 0 ? 1 : Self.exitCode(status)
        results.append((index, code))
        finished(index, code)
      }
      if !reaped { usleep(20_000) }
    }
    return results
  }

  private func spawn(_ index: Int) -> pid_t? {
    let arguments = [
      executable, sweepFolder.appendingPathComponent(SweepFolder.FileName.spec).path, "--trial", String(index),
      "--out", sweepFolder.path, "--threads", String(threads), "--quiet", "--progress", "none", "--no-sweep-files",
    ] + (forwardEvents ? ["--json"] : [])
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    posix_spawnattr_setpgroup(&attributes, 0)
    // Children start with default dispositions and no blocked signals, whatever this process set.
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for s in [SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGPIPE] { sigaddset(&defaults, s) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if !forwardEvents { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
    let argv = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
    return result == 0 ? pid : nil
  }

  private static func exitCode(_ status: Int32) -> Int32 {
    let signal = status & 0x7f
    if signal == 0 { return (status >> 8) & 0xff }
    return 128 + signal
  }
}
