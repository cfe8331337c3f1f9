import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

private let pendingSignal = Atomic<Int32>(0)
/// Which of the two emergency records is current (-1: none).
private let publishedRecord = Atomic<Int>(-1)

/// A file to write from a signal handler: the bytes, the destination and a temporary path beside it.
/// Plain pointers only, so the handler touches no reference counts and allocates nothing.
private struct EmergencyRecord {
  var bytes: UnsafeMutablePointer<UInt8>?
  var count = 0
  var capacity = 0
  var path: UnsafeMutablePointer<CChar>?
  var temporaryPath: UnsafeMutablePointer<CChar>?
}

/// Serializes writers of the emergency records (many runs in one process, as in tests, would
/// otherwise free one record's strings twice); the signal handler reads without it.
private let emergencyWriters = Mutex<Void>(())

/// The thread that installed the handlers (optim-run's main thread, which trains and writes
/// run.json), as `threadBits`; 0 before `install`.
private let handlingThread = Atomic<UInt>(0)

nonisolated(unsafe) private let emergencyRecords: UnsafeMutablePointer<EmergencyRecord> = {
  let p = UnsafeMutablePointer<EmergencyRecord>.allocate(capacity: 2)
  p.initialize(repeating: EmergencyRecord(), count: 2)
  return p
}()

/// SIGINT, SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 turned into a flag that the training loop polls
/// after every step, so that a stopped run finishes its step, saves its state, flushes its logs and
/// marks itself `interrupted` instead of dying mid-write.
///
/// A second signal ends the process at once with `Interruption.forcedExitStatus`, after writing the
/// emergency record (a `run.json` saying `interrupted`, rendered beforehand by the run) with
/// async-signal-safe calls only.
public enum Interruption {
  /// The signals that stop a run gracefully.
  public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2]

  /// The exit status when a second signal ends the process at once.
  public static let forcedExitStatus: Int32 = 5

  /// Installs the handlers, to run on the calling thread (the one that trains and writes run.json).
  ///
  /// The kernel delivers a signal sent to the process to any thread that does not block it, such
  /// as OpenBLAS's threads (started when the library loads; Dispatch's workers block signals). A
  /// handler running there would write the emergency record and exit while this thread goes on
  /// publishing new records (freeing the strings the handler reads) and renaming its own run.json
  /// over the record (both seen under ThreadSanitizer). So a handler on another thread only passes
  /// the signal to this one with `pthread_kill`; interrupting this thread, it cannot overlap its
  /// writes.
  public static func install() {
    handlingThread.store(threadBits(pthread_self()), ordering: .releasing)
    // A parent may have started us with these signals blocked (threads of Swift's concurrency pool
    // block nearly every signal, and children inherit the mask): unblock them, or Ctrl-C would
    // stay pending until the run ends.
    var set = sigset_t()
    sigemptyset(&set)
    for sig in signals { sigaddset(&set, sig) }
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    for sig in signals {
      signal(sig) { s in
        let owner = handlingThread.load(ordering: .acquiring)
        if owner != 0, pthread_equal(pthread_self(), pthread(owner)) == 0,
          pthread_kill(pthread(owner), s) == 0
        {
          return
        }
        if pendingSignal.exchange(s, ordering: .relaxed) != 0 { Interruption.forceExit() }
      }
    }
  }

  /// Writes the emergency record, if any, and exits with `forcedExitStatus` (signal handler, on the
  /// thread that installed it).
  private static func forceExit() -> Never {
    let i = publishedRecord.load(ordering: .acquiring)
    if i >= 0 {
      let r = emergencyRecords[i]
      if let bytes = r.bytes, let path = r.path, let temporary = r.temporaryPath {
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd >= 0 {
          var offset = 0
          while offset < r.count {
            let n = write(fd, bytes + offset, r.count - offset)
            if n <= 0 { break }
            offset += n
          }
          _ = fsync(fd)
          close(fd)
          if offset == r.count { rename(temporary, path) } else { unlink(temporary) }
        }
      }
    }
    _exit(forcedExitStatus)
  }

  /// Sets what a forced exit writes: `bytes` to `path` (through a temporary file beside it).
  /// Call again whenever the record changes; `nil` stops writing one.
  public static func setEmergencyRecord(_ bytes: [UInt8]?, path: String) {
    emergencyWriters.withLock { _ in publish(bytes, path: path) }
  }

  private static func publish(_ bytes: [UInt8]?, path: String) {
    guard let bytes else {
      publishedRecord.store(-1, ordering: .releasing)
      return
    }
    let current = publishedRecord.load(ordering: .acquiring)
    let i = current == 0 ? 1 : 0
    var r = emergencyRecords[i]
    if r.capacity < bytes.count {
      r.bytes?.deallocate()
      r.bytes = .allocate(capacity: bytes.count * 2)
      r.capacity = bytes.count * 2
    }
    bytes.withUnsafeBufferPointer { r.bytes!.update(from: $0.baseAddress!, count: bytes.count) }
    r.count = bytes.count
    free(r.path)
    free(r.temporaryPath)
    r.path = strdup(path)
    // `.run.json.tmp-forced` beside it: a hidden temporary name that `resume` cleans up.
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    r.temporaryPath = strdup(folder + "." + name + ".tmp-forced")
    emergencyRecords[i] = r
    publishedRecord.store(i, ordering: .releasing)
  }

  /// The signal received since the handlers were installed, if any.
  public static var requested: Int32? {
    let s = pendingSignal.load(ordering: .relaxed)
    return s == 0 ? nil : s
  }

  /// The name of a signal (`SIGTERM`), for messages.
  public static func name(of signal: Int32) -> String {
    switch signal {
    case SIGINT: "SIGINT"
    case SIGTERM: "SIGTERM"
    case SIGHUP: "SIGHUP"
    case SIGUSR1: "SIGUSR1"
    case SIGUSR2: "SIGUSR2"
    default: "signal \(signal)"
    }
  }

  /// Forgets a received signal (tests).
  public static func reset() { pendingSignal.store(0, ordering: .relaxed) }
}

/// A `pthread_t` as a whole number (it is one on Linux, a pointer on Darwin), and back.
private func threadBits(_ thread: pthread_t) -> UInt {
  #if canImport(Darwin)
    UInt(bitPattern: thread)
  #else
    UInt(thread)
  #endif
}

private func pthread(_ bits: UInt) -> pthread_t {
  #if canImport(Darwin)
    pthread_t(bitPattern: bits)!
  #else
    pthread_t(bits)
  #endif
}
