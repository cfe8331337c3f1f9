#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How many CPUs this process may use: the CPUs its affinity mask allows (`taskset`, a
/// container's cpuset), capped by its cgroup's CPU quota (`docker --cpus`, systemd's `CPUQuota`).
///
/// The online processor count alone overstates both: threads beyond them only take turns.
public enum CPULimits {
  /// The count and what set it (`affinity mask`, `cgroup cpu.max`, ...), read from the system.
  public static func detect() -> (count: Int, source: String) {
    detect(
      affinity: affinityCount(), online: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
      file: { readSystemTextFile($0) })
  }

  /// `detect` from the affinity mask's size (nil when unknown), the online processors and a file
  /// reader (given a path, its text or nil).
  static func detect(affinity: Int?, online: Int, file: (String) -> String?) -> (count: Int, source: String) {
    var best = affinity.map { ($0, "affinity mask") } ?? (online, "online processors")
    if let text = file("/proc/self/cgroup"),
      let quota = cgroupQuota(ControlGroups(procSelfCgroup: text), file: file),
      quota.count < best.0
    {
      best = quota
    }
    return (max(best.0, 1), best.1)
  }

  /// The tightest CPU quota over the process's cgroup and its ancestors, in whole CPUs (rounded
  /// up), with the file that set it; nil when none is set.
  static func cgroupQuota(_ groups: ControlGroups, file: (String) -> String?) -> (count: Int, source: String)?
  {
    let v2 = groups.unifiedDirectories.compactMap { file("\($0)/cpu.max").flatMap(cpuMaxQuota) }.min()
    let v1 = groups.directories(of: "cpu").compactMap { directory -> Int? in
      guard let quota = file("\(directory)/cpu.cfs_quota_us"),
        let period = file("\(directory)/cpu.cfs_period_us")
      else { return nil }
      return cfsQuota(quota: quota, period: period)
    }.min()
    switch (v2, v1) {
    case (let v2?, let v1?): return v1 < v2 ? (v1, "cgroup cpu.cfs_quota_us") : (v2, "cgroup cpu.max")
    case (let v2?, nil): return (v2, "cgroup cpu.max")
    case (nil, let v1?): return (v1, "cgroup cpu.cfs_quota_us")
    case (nil, nil): return nil
    }
  }

  /// A cgroup v2 `cpu.max` (`QUOTA PERIOD` in microseconds) as whole CPUs, rounded up; nil for
  /// `max` (no quota). The period defaults to 100000 when only the quota is given.
  static func cpuMaxQuota(_ text: String) -> Int? {
    let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
    guard let first = fields.first, first != "max", let quota = Int(first) else { return nil }
    let period = fields.count > 1 ? Int(fields[1]) : 100_000
    return wholeCPUs(quota: quota, period: period)
  }

  /// cgroup v1 `cpu.cfs_quota_us` and `cpu.cfs_period_us` as whole CPUs, rounded up; nil for a
  /// quota of -1 (none).
  static func cfsQuota(quota: String, period: String) -> Int? {
    guard let quota = Int(quota.trimmed) else { return nil }
    return wholeCPUs(quota: quota, period: Int(period.trimmed))
  }

  private static func wholeCPUs(quota: Int, period: Int?) -> Int? {
    guard quota > 0, let period, period > 0 else { return nil }
    return max((quota + period - 1) / period, 1)
  }

  /// The number of CPUs in this thread's affinity mask (`sched_getaffinity`), or nil where it
  /// cannot be read (not Linux, or a mask larger than `cpu_set_t`'s 1024 CPUs).
  static func affinityCount() -> Int? {
    #if os(Linux)
      // Glibc's module map leaves out sched_getaffinity (it needs _GNU_SOURCE): look it up.
      typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
      guard let symbol = dlsym(nil, "sched_getaffinity") else { return nil }
      let getAffinity = unsafeBitCast(symbol, to: GetAffinity.self)
      var mask = cpu_set_t()
      let status = withUnsafeMutableBytes(of: &mask) { getAffinity(0, $0.count, $0.baseAddress!) }
      guard status == 0 else { return nil }
      // CPU_COUNT is a macro; count the mask's bits directly.
      let count = withUnsafeBytes(of: mask) { $0.reduce(0) { $0 + $1.nonzeroBitCount } }
      return count > 0 ? count : nil
    #else
      return nil
    #endif
  }
}
