import Testing

@testable import Tensors

/// The CPUs a process may use (affinity mask, cgroup quota) and the thread count chosen from them.
@Suite struct WorkerThreadsTests {
  @Test func cgroupV2CPUMaxRoundsUp() {
    #expect(CPULimits.cpuMaxQuota("150000 100000\n") == 2)
    #expect(CPULimits.cpuMaxQuota("200000 100000\n") == 2)
    #expect(CPULimits.cpuMaxQuota("50000 100000\n") == 1)
    #expect(CPULimits.cpuMaxQuota("max 100000\n") == nil)
    #expect(CPULimits.cpuMaxQuota("") == nil)
  }

  @Test func cgroupV1CFSQuotaRoundsUpAndMinusOneIsNone() {
    #expect(CPULimits.cfsQuota(quota: "250000\n", period: "100000\n") == 3)
    #expect(CPULimits.cfsQuota(quota: "-1\n", period: "100000\n") == nil)
    #expect(CPULimits.cfsQuota(quota: "100000\n", period: "0\n") == nil)
  }

  /// The quota caps the affinity mask, at the tightest level of the group's ancestors.
  @Test func detectionTakesTheSmallerOfMaskAndQuota() {
    let v2 = [
      "/proc/self/cgroup": "0::/system.slice/job.service\n",
      "/sys/fs/cgroup/system.slice/job.service/cpu.max": "max 100000\n",
      "/sys/fs/cgroup/system.slice/cpu.max": "300000 100000\n",
    ]
    #expect(CPULimits.detect(affinity: 8, online: 16, file: { v2[$0] }) == (3, "cgroup cpu.max"))
    #expect(CPULimits.detect(affinity: 2, online: 16, file: { v2[$0] }) == (2, "affinity mask"))
    let v1 = [
      "/proc/self/cgroup": "3:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/\n",
      "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "150000\n",
      "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
    ]
    #expect(CPULimits.detect(affinity: nil, online: 4, file: { v1[$0] }) == (2, "cgroup cpu.cfs_quota_us"))
    let none = ["/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/cpu.max": "max 100000\n"]
    #expect(CPULimits.detect(affinity: nil, online: 4, file: { none[$0] }) == (4, "online processors"))
    #expect(CPULimits.detect(affinity: nil, online: -1, file: { _ in nil }) == (1, "online processors"))
  }

  /// The live reading: between 1 and the online processors.
  @Test func detectedCountIsAtLeastOne() {
    let detected = CPULimits.detect()
    #expect(detected.count >= 1)
    #expect(CPULimits.affinityCount() ?? 1 >= 1)
    #expect(parallelWorkerCount >= 1)
  }

  @Test func resolvePrecedenceIsOptionThenEnvironmentThenDetection() throws {
    let env = ["OPTIM_RUN_THREADS": "3"]
    #expect(try WorkerThreads.resolve(requested: 5, environment: env) == (5, "--threads"))
    #expect(try WorkerThreads.resolve(requested: nil, environment: env) == (3, "OPTIM_RUN_THREADS"))
    #expect(
      try WorkerThreads.resolve(requested: nil, environment: ["OPTIM_RUN_THREADS": " 2\n"]) == (
        2, "OPTIM_RUN_THREADS"
      ))
    // An empty variable is as good as unset.
    let detected = WorkerThreads.detected
    #expect(try WorkerThreads.resolve(requested: nil, environment: ["OPTIM_RUN_THREADS": ""]) == detected)
    #expect(try WorkerThreads.resolve(requested: nil, environment: [:]) == detected)
  }

  @Test(arguments: [0, -2, 4097])
  func invalidRequestNamesTheOption(requested: Int) {
    #expect(throws: WorkerThreadsError(source: "--threads", value: "\(requested)")) {
      try WorkerThreads.resolve(requested: requested, environment: ["OPTIM_RUN_THREADS": "2"])
    }
  }

  @Test(arguments: ["0", "-1", "two", "1.5", "5000", "99999999999999999999"])
  func invalidEnvironmentNamesTheVariable(value: String) {
    #expect(throws: WorkerThreadsError(source: "OPTIM_RUN_THREADS", value: value)) {
      try WorkerThreads.resolve(requested: nil, environment: ["OPTIM_RUN_THREADS": value])
    }
    #expect(
      WorkerThreadsError(source: "OPTIM_RUN_THREADS", value: value).description
        == "OPTIM_RUN_THREADS: expected a whole number of threads from 1 to 4096, got '\(value)'")
  }
}
