#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How much memory a run may ask for before allocating: the tightest of the machine's physical
/// memory, the process's resource limits and its cgroup's limit (see `MemoryLimits`).
///
/// Sizes come from user input (a synthetic data set's shape, a batch size); checking them against
/// the limits first turns an impossible request into a clear error instead of a failed allocation
/// or an out-of-memory kill halfway through a run.
public enum MemoryBudget {
  /// Physical memory in bytes, or nil when the system does not say.
  public static var physicalBytes: Int? {
    let pages = sysconf(Int32(_SC_PHYS_PAGES))
    let pageSize = sysconf(Int32(_SC_PAGESIZE))
    guard pages > 0, pageSize > 0 else { return nil }
    let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
    return overflow ? Int.max : bytes
  }

  /// The limit that leaves the least memory now, or nil when none is known. Reads a few small
  /// system files: call it before allocating, not per step.
  public static var available: MemoryLimit? { tightest(MemoryLimits.current()) }

  /// The limit of `limits` leaving the fewest bytes (the first of equals).
  public static func tightest(_ limits: [MemoryLimit]) -> MemoryLimit? {
    limits.min { $0.bytes < $1.bytes }
  }

  /// `nil` when `bytes` fit in the memory available, else a phrase saying what was needed and
  /// which limit it exceeds (`needs 1.09 TB but this machine has 7.75 GB of memory`, `needs
  /// 1.20 GB but the process may use 412.00 MB more (RLIMIT_AS, ulimit -v)`), with the caller's
  /// `verb` (`need` for a plural subject) and `at least` when `bytes` is a lower bound.
  public static func shortfall(_ bytes: Int, verb: String = "needs", lowerBound: Bool = false) -> String? {
    shortfall(bytes, verb: verb, lowerBound: lowerBound, within: available)
  }

  /// `shortfall` against a given `limit` (nil: no limit known, so no shortfall).
  public static func shortfall(
    _ bytes: Int, verb: String = "needs", lowerBound: Bool = false, within limit: MemoryLimit?
  )
    -> String?
  {
    guard let limit, bytes > limit.bytes else { return nil }
    // Int.max stands for "does not even fit in an Int" (saturated arithmetic).
    let amount =
      bytes == Int.max ? "more than \(readable(bytes))" : (lowerBound ? "at least " : "") + readable(bytes)
    return "\(verb) \(amount) but \(limit.availability)"
  }

  /// Float32 bytes of `elements` values per each of `count` items, saturating at `Int.max`.
  public static func float32Bytes(_ count: Int, _ shape: Shape) -> Int {
    saturatingProduct(shape.checkedCount ?? Int.max, count, 4)
  }

  /// 1024-based units with two decimals (`478.79 KB`), as Keras prints sizes.
  public static func readable(_ n: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"]
    var value = Double(n)
    var u = 0
    while value >= 1024 && u < units.count - 1 {
      value /= 1024
      u += 1
    }
    let hundredths = Int((value * 100).rounded())
    let frac = hundredths % 100
    return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac) \(units[u])"
  }
}
