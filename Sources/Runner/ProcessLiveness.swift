#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

/// Whether the optim-run process `pid` on `host` looks alive to this process.
///
/// On this host: the pid exists, is not this process (which runs its own runs one at a time, so a
/// record of its own pid is left over from an earlier call), and is an optim-run process. On
/// another host nothing can be asked, so `lastSign` (a heartbeat, a claim's time) younger than ten
/// minutes counts as alive.
func optimRunProcessLooksAlive(host: String, pid: Int32, lastSign: Date?) -> Bool {
  if host == ProcessInfo.processInfo.hostName {
    guard pid > 0, pid != getpid(), kill(pid, 0) == 0 || errno == EPERM else { return false }
    let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "optim-run"
    return command.contains("optim-run")
  }
  return lastSign.map { Date().timeIntervalSince($0) < 600 } ?? false
}
