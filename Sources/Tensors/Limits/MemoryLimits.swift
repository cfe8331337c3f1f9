#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Synchronization

/// Reads the limits on this process's memory from the system (see `MemoryLimit`), with the
/// parsing of each file separate so that tests can feed it text.
public enum MemoryLimits {
  /// Every limit that applies now, physical memory first; limits that are not set are left out.
  public static func current() -> [MemoryLimit] {
    var limits = read(
      physicalBytes: MemoryBudget.physicalBytes, resourceLimit: resourceLimit,
      file: { readSystemTextFile($0) })
    let cap = embedderCap.load(ordering: .relaxed)
    if cap > 0 { limits.append(MemoryLimit(.embedderCap, bytes: cap)) }
    return limits
  }

  /// Caps every later memory check at `bytes` (0: no cap). For programs that embed these
  /// modules under a memory limit of their own that the system does not report, such as a
  /// fuzzer's `-rss_limit_mb` under AddressSanitizer, where `ulimit -v` cannot be used.
  public static func setEmbedderCap(bytes: Int) {
    embedderCap.store(max(bytes, 0), ordering: .relaxed)
  }

  private static let embedderCap = Atomic<Int>(0)

  /// The limits, from physical memory, a reader of resource limits and a reader of files (given
  /// a path, its text or nil): the sources `current` uses, replaceable in tests.
  static func read(
    physicalBytes: Int?, resourceLimit: (MemoryLimit.Source) -> Int?, file: (String) -> String?
  ) -> [MemoryLimit] {
    var limits: [MemoryLimit] = []
    if let physicalBytes { limits.append(MemoryLimit(.physicalMemory, bytes: physicalBytes)) }
    // A resource limit caps a size /proc/self/status reports (VmSize, VmData): what is left is the
    // difference. When the size cannot be read, the whole limit is the best bound there is.
    let status = file("/proc/self/status") ?? ""
    for (source, field) in [(MemoryLimit.Source.addressSpace, "VmSize"), (.dataSegment, "VmData")] {
      guard let limit = resourceLimit(source) else { continue }
      limits.append(MemoryLimit(source, bytes: limit - (statusBytes(field, in: status) ?? 0)))
    }
    if let text = file("/proc/self/cgroup") {
      limits += cgroupLimits(ControlGroups(procSelfCgroup: text), file: file)
    }
    return limits
  }

  /// The tightest cgroup v2 and v1 memory limits over the process's group and its ancestors.
  static func cgroupLimits(_ groups: ControlGroups, file: (String) -> String?) -> [MemoryLimit] {
    func tightest(_ source: MemoryLimit.Source, _ directories: [String], limitFile: String, usageFile: String)
      -> MemoryLimit?
    {
      let parse = source == .cgroupV2 ? cgroupV2Limit : cgroupV1Limit
      let left = directories.compactMap { directory -> Int? in
        guard let limit = file("\(directory)/\(limitFile)").flatMap(parse) else { return nil }
        let usage = file("\(directory)/\(usageFile)").flatMap { Int($0.trimmed) } ?? 0
        return limit - usage
      }
      return left.min().map { MemoryLimit(source, bytes: $0) }
    }
    return [
      tightest(.cgroupV2, groups.unifiedDirectories, limitFile: "memory.max", usageFile: "memory.current"),
      tightest(
        .cgroupV1, groups.directories(of: "memory"), limitFile: "memory.limit_in_bytes",
        usageFile: "memory.usage_in_bytes"),
    ].compactMap { $0 }
  }

  /// A size line of `/proc/self/status` (`VmSize:     3896 kB`) in bytes, or nil when absent.
  static func statusBytes(_ field: String, in status: String) -> Int? {
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
      let words = line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard let kilobytes = words.first.flatMap({ Int($0) }) else { return nil }
      return saturatingProduct(kilobytes, 1024)
    }
    return nil
  }

  /// A cgroup v2 `memory.max`: bytes, or nil for `max` (no limit).
  static func cgroupV2Limit(_ text: String) -> Int? {
    let value = text.trimmed
    return value == "max" ? nil : Int(value)
  }

  /// A cgroup v1 `memory.limit_in_bytes`: bytes, or nil for no limit, which v1 writes as the
  /// largest page-aligned 64-bit value (9223372036854771712; anything from 1 EiB up is taken as
  /// it) and is set by writing -1.
  static func cgroupV1Limit(_ text: String) -> Int? {
    guard let value = Int(text.trimmed), value >= 0, value < 1 << 60 else { return nil }
    return value
  }

  /// The soft limit of `source`'s resource limit in bytes, or nil when unlimited.
  static func resourceLimit(_ source: MemoryLimit.Source) -> Int? {
    #if os(Linux)
      let resource: __rlimit_resource_t
      switch source {
      case .addressSpace: resource = __rlimit_resource_t(RLIMIT_AS.rawValue)
      case .dataSegment: resource = __rlimit_resource_t(RLIMIT_DATA.rawValue)
      default: return nil
      }
    #else
      let resource: Int32
      switch source {
      case .addressSpace: resource = RLIMIT_AS
      case .dataSegment: resource = RLIMIT_DATA
      default: return nil
      }
    #endif
    var limit = rlimit()
    // RLIM_INFINITY is all ones on Linux, 2^63 - 1 on Darwin: above Int.max or equal to it.
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur < rlim_t(Int.max) else { return nil }
    return Int(limit.rlim_cur)
  }
}
