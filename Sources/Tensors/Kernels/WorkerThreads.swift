import Synchronization

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

private let configuredWorkers = Atomic<Int>(0)

/// Number of worker threads `parallelFor` splits work across: what `WorkerThreads.configure` set,
/// else the online processors (at least 1).
public var parallelWorkerCount: Int {
  let n = configuredWorkers.load(ordering: .relaxed)
  return n > 0 ? n : max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)
}

/// A thread count that cannot be used.
public struct WorkerThreadsError: Error, CustomStringConvertible, Sendable {
  public var description: String
}

/// How many worker threads the kernels use, and where the count came from.
public enum WorkerThreads {
  /// `--threads`, else `OPTIM_RUN_THREADS`, else the processors available.
  public static func resolve(requested: Int?, environment: [String: String]) throws(WorkerThreadsError) -> (
    count: Int, source: String
  ) {
    if let requested { return (requested, "--threads") }
    if let text = environment["OPTIM_RUN_THREADS"] {
      guard let n = Int(text), n >= 1, n <= 4096 else {
        throw WorkerThreadsError(description: "OPTIM_RUN_THREADS must be an integer from 1 to 4096, got '\(text)'")
      }
      return (n, "OPTIM_RUN_THREADS")
    }
    return (max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1), "online processors")
  }

  /// Sets the count `parallelWorkerCount` returns.
  public static func configure(_ count: Int) { configuredWorkers.store(max(1, count), ordering: .relaxed) }
}
