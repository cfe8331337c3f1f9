import Testing

@testable import Tensors

/// The memory limits read from sample `/proc` and cgroup texts, and the budget as their minimum.
@Suite struct MemoryLimitsTests {
  /// The lines of a real `/proc/self/status` around the sizes (a shell under `ulimit -v`).
  static let status = """
    Name:\tbash
    VmPeak:\t   12000 kB
    VmSize:\t    3896 kB
    VmLck:\t       0 kB
    VmData:\t     428 kB
    Cpus_allowed:\t3

    """

  /// Gigabytes, for readable expectations.
  static let gb = 1 << 30

  @Test func statusSizesAreKilobytes() {
    #expect(MemoryLimits.statusBytes("VmSize", in: Self.status) == 3896 * 1024)
    #expect(MemoryLimits.statusBytes("VmData", in: Self.status) == 428 * 1024)
    // VmSize is not VmSizeX, and a missing field is nil.
    #expect(MemoryLimits.statusBytes("VmSwap", in: Self.status) == nil)
    #expect(MemoryLimits.statusBytes("VmSize", in: "VmSizeX:\t1 kB\n") == nil)
  }

  @Test func cgroupV2MaxIsBytesOrNone() {
    #expect(MemoryLimits.cgroupV2Limit("536870912\n") == 536_870_912)
    #expect(MemoryLimits.cgroupV2Limit("max\n") == nil)
    #expect(MemoryLimits.cgroupV2Limit("") == nil)
  }

  /// v1 writes "no limit" as the largest page-aligned 64-bit value.
  @Test func cgroupV1HugeValuesMeanNone() {
    #expect(MemoryLimits.cgroupV1Limit("1073741824\n") == Self.gb)
    #expect(MemoryLimits.cgroupV1Limit("9223372036854771712\n") == nil)
    #expect(MemoryLimits.cgroupV1Limit("-1\n") == nil)
  }

  @Test func procSelfCgroupV2AndV1() {
    let v2 = ControlGroups(procSelfCgroup: "0::/user.slice/user-1000.slice/session-3.scope\n")
    #expect(v2.unifiedPath == "/user.slice/user-1000.slice/session-3.scope")
    #expect(
      v2.unifiedDirectories == [
        "/sys/fs/cgroup/user.slice/user-1000.slice/session-3.scope",
        "/sys/fs/cgroup/user.slice/user-1000.slice",
        "/sys/fs/cgroup/user.slice", "/sys/fs/cgroup",
      ])
    // A hybrid system: v1 controllers and an empty v2 hierarchy.
    let v1 = ControlGroups(procSelfCgroup: "5:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/\n")
    #expect(
      v1.directories(of: "memory") == [
        "/sys/fs/cgroup/memory/docker/abc", "/sys/fs/cgroup/memory/docker", "/sys/fs/cgroup/memory",
      ])
    #expect(
      v1.directories(of: "cpu") == [
        "/sys/fs/cgroup/cpu/docker/abc", "/sys/fs/cgroup/cpu/docker", "/sys/fs/cgroup/cpu",
      ])
    #expect(v1.directories(of: "pids").isEmpty)
    #expect(v1.unifiedDirectories == ["/sys/fs/cgroup"])
  }

  /// What is left under a cgroup is its limit minus its usage, at the tightest level.
  @Test func cgroupV2LimitIsTheTightestAncestor() {
    let files = [
      "/proc/self/cgroup": "0::/a/b\n",
      "/sys/fs/cgroup/a/b/memory.max": "max\n",
      "/sys/fs/cgroup/a/b/memory.current": "100\n",
      "/sys/fs/cgroup/a/memory.max": "\(2 * Self.gb)\n",
      "/sys/fs/cgroup/a/memory.current": "\(Self.gb / 2)\n",
    ]
    let limits = MemoryLimits.read(
      physicalBytes: 8 * Self.gb, resourceLimit: { _ in nil }, file: { files[$0] })
    #expect(
      limits == [
        MemoryLimit(.physicalMemory, bytes: 8 * Self.gb), MemoryLimit(.cgroupV2, bytes: 3 * Self.gb / 2),
      ])
  }

  /// A container that mounts its own group as the root of the v1 hierarchy: the limit is at the mount.
  @Test func cgroupV1LimitAtTheMountRoot() {
    let files = [
      "/proc/self/cgroup": "4:memory:/docker/abc\n",
      "/sys/fs/cgroup/memory/memory.limit_in_bytes": "\(Self.gb)\n",
      "/sys/fs/cgroup/memory/memory.usage_in_bytes": "\(Self.gb / 4)\n",
    ]
    let limits = MemoryLimits.read(physicalBytes: nil, resourceLimit: { _ in nil }, file: { files[$0] })
    #expect(limits == [MemoryLimit(.cgroupV1, bytes: 3 * Self.gb / 4)])
  }

  @Test func unlimitedCgroupsAddNothing() {
    let files = [
      "/proc/self/cgroup": "4:memory:/\n0::/\n",
      "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
      "/sys/fs/cgroup/memory.max": "max\n",
    ]
    let limits = MemoryLimits.read(physicalBytes: Self.gb, resourceLimit: { _ in nil }, file: { files[$0] })
    #expect(limits == [MemoryLimit(.physicalMemory, bytes: Self.gb)])
  }

  /// RLIMIT_AS caps the whole address space (VmSize), RLIMIT_DATA the data (VmData).
  @Test func resourceLimitsLeaveTheLimitMinusWhatIsInUse() {
    let files = ["/proc/self/status": Self.status]
    let limits = MemoryLimits.read(
      physicalBytes: 8 * Self.gb,
      resourceLimit: { $0 == .addressSpace ? 600_000 * 1024 : $0 == .dataSegment ? Self.gb : nil },
      file: { files[$0] })
    #expect(
      limits == [
        MemoryLimit(.physicalMemory, bytes: 8 * Self.gb),
        MemoryLimit(.addressSpace, bytes: (600_000 - 3896) * 1024),
        MemoryLimit(.dataSegment, bytes: Self.gb - 428 * 1024),
      ])
    #expect(MemoryBudget.tightest(limits) == MemoryLimit(.addressSpace, bytes: (600_000 - 3896) * 1024))
    // A limit already exceeded leaves nothing (not a negative amount).
    #expect(MemoryLimit(.addressSpace, bytes: -5).bytes == 0)
  }

  @Test func budgetIsTheMinimumOfTheSources() {
    let limits = [
      MemoryLimit(.physicalMemory, bytes: 8 * Self.gb), MemoryLimit(.cgroupV2, bytes: 2 * Self.gb),
      MemoryLimit(.addressSpace, bytes: 3 * Self.gb),
    ]
    #expect(MemoryBudget.tightest(limits) == MemoryLimit(.cgroupV2, bytes: 2 * Self.gb))
    #expect(MemoryBudget.tightest([]) == nil)
  }

  /// The message names the limit that was exceeded; physical memory keeps its wording.
  @Test func shortfallNamesTheLimit() {
    let mb412 = 412 * (1 << 20)
    #expect(
      MemoryBudget.shortfall(Self.gb + Self.gb / 5, within: MemoryLimit(.addressSpace, bytes: mb412))
        == "needs 1.20 GB but the process may use 412.00 MB more (RLIMIT_AS, ulimit -v)")
    #expect(
      MemoryBudget.shortfall(2 * Self.gb, verb: "need", within: MemoryLimit(.cgroupV2, bytes: Self.gb))
        == "need 2.00 GB but the process may use 1.00 GB more (cgroup memory.max)")
    #expect(
      MemoryBudget.shortfall(
        2 * Self.gb, lowerBound: true, within: MemoryLimit(.physicalMemory, bytes: Self.gb))
        == "needs at least 2.00 GB but this machine has 1.00 GB of memory")
    #expect(MemoryBudget.shortfall(Self.gb, within: MemoryLimit(.cgroupV1, bytes: Self.gb)) == nil)
    #expect(MemoryBudget.shortfall(Self.gb, within: nil) == nil)
  }

  /// The live reading: physical memory is always there, and nothing leaves more than it.
  @Test func currentLimitsIncludePhysicalMemory() throws {
    let limits = MemoryLimits.current()
    let physical = try #require(limits.first)
    #expect(physical.source == .physicalMemory)
    #expect(try #require(MemoryBudget.available).bytes <= physical.bytes)
  }
}
