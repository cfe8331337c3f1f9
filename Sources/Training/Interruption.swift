import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

private let pendingSignal = Atomic<Int32>(0)

/// SIGINT/SIGTERM turned into a flag that the training loop polls after every batch, so that an
/// interrupted run flushes its logs and marks itself `interrupted` instead of dying mid-write.
public enum Interruption {
  /// Installs the handlers; a second signal of the same kind ends the process at once.
  public static func install() {
    // A parent may have started us with these signals blocked (threads of Swift's concurrency pool
    // block nearly every signal, and children inherit the mask): unblock them, or Ctrl-C would
    // stay pending until the run ends.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    for sig in [SIGINT, SIGTERM] {
      signal(sig) { s in
        if pendingSignal.exchange(s, ordering: .relaxed) != 0 {
          signal(s, SIG_DFL)
          raise(s)
        }
      }
    }
  }

  /// The signal received since the handlers were installed, if any.
  public static var requested: Int32? {
    let s = pendingSignal.load(ordering: .relaxed)
    return s == 0 ? nil : s
  }

  /// Forgets a received signal (tests).
  public static func reset() { pendingSignal.store(0, ordering: .relaxed) }
}
