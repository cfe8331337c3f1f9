#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How much memory a run may ask for before allocating: this machine's physical memory.
///
/// Sizes come from user input (a synthetic data set's shape, a batch size); checking them against
/// the machine first turns an impossible request into a clear error instead of a failed allocation
/// (a crash) or an out-of-memory kill halfway through a run.
public enum MemoryBudget {
  /// Physical memory in bytes, or nil when the system does not say.
  public static var physicalBytes: Int? {
    let pages = sysconf(Int32(_SC_PHYS_PAGES))
    let pageSize = sysconf(Int32(_SC_PAGESIZE))
    guard pages > 0, pageSize > 0 else { return nil }
    let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
    return overflow ? Int.max : bytes
  }

  /// `nil` when `bytes` fit in physical memory, else a phrase saying what was needed and what the
  /// machine has (`needs 1.09 TB but this machine has 7.75 GB of memory`), with the caller's `verb`
  /// (`need` for a plural subject) and `at least` when `bytes` is a lower bound.
  public static func shortfall(_ bytes: Int, verb: String = "needs", lowerBound: Bool = false) -> String? {
    guard let available = physicalBytes, bytes > available else { return nil }
    // Int.max stands for "does not even fit in an Int" (saturated arithmetic).
    let amount =
      bytes == Int.max ? "more than \(readable(bytes))" : (lowerBound ? "at least " : "") + readable(bytes)
    return "\(verb) \(amount) but this machine has \(readable(available)) of memory"
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
