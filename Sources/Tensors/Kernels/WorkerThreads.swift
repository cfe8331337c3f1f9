/// How many threads `parallelFor` and `sgemm` split work across, and where that number comes from.
///
/// By default the CPUs this process may use (`CPULimits`); `--threads N` or the environment
/// variable `OPTIM_RUN_THREADS` choose another number, in that order of precedence. The command
/// line resolves the choice once at start-up (`resolve`) and applies it (`configure`) before any
/// parallel work; kernels read `count` on every call, so it is a plain stored value.
public enum WorkerThreads {
  /// The environment variable that sets the count when `--threads` does not.
  public static let environmentVariable = "OPTIM_RUN_THREADS"
  /// The largest count accepted: more is surely a typo.
  public static let maximum = 4096

  /// The count detected from the system, with its source (`affinity mask`, `cgroup cpu.max`, ...);
  /// read once, on first use.
  public static let detected: (count: Int, source: String) = CPULimits.detect()

  /// Set once at start-up (`configure`), before any thread reads it.
  nonisolated(unsafe) private static var configured: Int?

  /// The number of threads in use: the configured count, else the detected one.
  public static var count: Int { configured ?? detected.count }

  /// Uses `count` threads from now on; `count` must be in `1 ... maximum` (see `resolve`).
  /// Call it before any parallel work starts.
  public static func configure(_ count: Int) {
    precondition((1...maximum).contains(count), "worker thread count \(count) outside 1...\(maximum)")
    configured = count
  }

  /// The count to use and its source: `requested` (the `--threads` option) if given, else
  /// `environment[OPTIM_RUN_THREADS]` if set and not empty, else the detected count. A value that
  /// is not a whole number from 1 to `maximum` is an error naming where it came from.
  public static func resolve(requested: Int?, environment: [String: String]) throws(WorkerThreadsError)
    -> (count: Int, source: String)
  {
    if let requested {
      guard (1...maximum).contains(requested) else {
        throw WorkerThreadsError(source: "--threads", value: String(requested))
      }
      return (requested, "--threads")
    }
    if let text = environment[environmentVariable], !text.trimmed.isEmpty {
      guard let value = Int(text.trimmed), (1...maximum).contains(value) else {
        throw WorkerThreadsError(source: environmentVariable, value: text)
      }
      return (value, environmentVariable)
    }
    return detected
  }
}

/// A thread count that is not a whole number from 1 to `WorkerThreads.maximum`.
public struct WorkerThreadsError: Error, Equatable, CustomStringConvertible {
  /// Where the value came from: `--threads` or `OPTIM_RUN_THREADS`.
  public var source: String
  /// The value as given.
  public var value: String

  /// `OPTIM_RUN_THREADS: expected a whole number of threads from 1 to 4096, got 'abc'`.
  public var description: String {
    "\(source): expected a whole number of threads from 1 to \(WorkerThreads.maximum), got '\(value)'"
  }
}
