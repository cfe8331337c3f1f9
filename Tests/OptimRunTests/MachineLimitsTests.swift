import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// Runs held to less memory or fewer CPUs than the machine has, as a shell, a container or a
  /// batch system holds them: the limits are found, and an impossible run ends with a message.
  @Suite("machine limits")
  struct MachineLimitsTests {
    /// Runs through `bash -c 'ulimit -v KIB && exec ...'`, which caps the address space
    /// (RLIMIT_AS) of optim-run and nothing else; bash is there wherever the tests build.
    static func addressSpaceLimit(kibibytes: Int) -> [String] {
      ["/bin/bash", "-c", "ulimit -v \(kibibytes) && exec \"$@\"", "optim-run"]
    }

    /// Under a small address-space cap OpenBLAS's worker threads cannot allocate their buffers;
    /// they used to retry for ever and hang the process at exit. optim-run now starts OpenBLAS
    /// without them when memory is capped. `timeout` turns a hang into a failure here.
    @Test func aSmallAddressSpaceCapDoesNotHangOpenBLAS() throws {
      let scratch = try ScratchFolder()
      let r = try OptimRunProcess.run(
        ["--version"], scratch: scratch,
        launcher: ["/usr/bin/timeout", "-s", "KILL", "60"] + Self.addressSpaceLimit(kibibytes: 200_000))
      #expect(r.status == 0, "status \(r.status), stderr: \(r.stderr)")
      #expect(!r.uncaughtSignal)
      #expect(!r.stdout.isEmpty)
    }

    /// The U-Net needs at least 720 MB of layer outputs and parameters at batch 16, more than the
    /// whole 586 MiB address space it is given: refused before allocating (exit 2), or failing
    /// one allocation (exit 1), with the limit named; never a crash.
    @Test func addressSpaceLimitBelowTheModelIsAnErrorNamingTheLimit() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(
        ["specs/unet_segmentation.yaml", "--out", out, "--set", "train.epochs=1", "--progress", "none"],
        scratch: scratch, launcher: Self.addressSpaceLimit(kibibytes: 600_000))
      #expect(!r.uncaughtSignal, "signal \(r.status); stderr: \(r.stderr)")
      #expect(r.status == 2 || r.status == 1, "stderr: \(r.stderr)")
      #expect(r.stderr.contains("the process may use "), "stderr: \(r.stderr)")
      #expect(r.stderr.contains("(RLIMIT_AS, ulimit -v)"))
      #expect(!r.stderr.contains("Fatal error"))
    }

    /// A model whose check passes (2 × 153 MiB of weights and gradients fit) but whose AMSGrad
    /// slots (3 × 153 MiB) then do not: the allocation fails, and the handler says what was being
    /// allocated and exits 1. The limit leaves room for the check whatever the executable's own
    /// size, from about 100 to 330 MiB (a debug build is about 265 MiB when it checks).
    @Test func failedAllocationNamesWhatWasAllocatedAndExits1() throws {
      let scratch = try ScratchFolder()
      try scratch.write(
        """
        name: wide_dense
        data: {type: synthetic_regression, samples: 32, features: 10000, targets: 1}
        model:
          layers:
            - {type: dense, units: 4000}
            - {type: dense, units: 1}
        loss: mse
        optimizer: {type: adam, amsgrad: true}
        train: {epochs: 1, batch_size: 32}

        """, to: "wide.yaml")
      let process = try OptimRunProcess(
        [scratch.path("wide.yaml"), "--out", scratch.path("run"), "--progress", "none"], scratch: scratch,
        launcher: Self.addressSpaceLimit(kibibytes: 820_000))
      // Should the slots fit after all, training would start; do not wait for it.
      try #require(process.waitForExit(deadline: 300), "still running; stderr: \(process.stderr)")
      let r = process.finish()
      #expect(!r.uncaughtSignal, "signal \(r.status); stderr: \(r.stderr)")
      #expect(r.status == 1, "stderr: \(r.stderr)")
      let message = try #require(
        r.stderrLines.first { $0.hasPrefix("optim-run: error: out of memory allocating ") })
      #expect(message.contains(" for optimizer slots for 'dense/kernel': the process may use "), "\(message)")
      #expect(message.hasSuffix(" more (RLIMIT_AS, ulimit -v)"), "\(message)")
      // The run folder exists by then; its run.json ends failed with the same cause.
      let run = try RunFolderFiles.jsonObject(scratch.path("run") + "/run.json")
      #expect(run["status"] as? String == "failed")
      #expect((run["exit_reason"] as? String)?.hasPrefix("out of memory allocating ") == true)
    }

    /// Pinned to one CPU, a run uses one thread, and run.json says so.
    @Test
    func oneCPUInTheAffinityMaskMeansOneThread() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let cpu = try #require(Self.firstAllowedCPU(), "no Cpus_allowed_list in /proc/self/status")
      let r = try OptimRunProcess.run(
        ["specs/digits_cnn.yaml", "--out", out, "--set", "train.epochs=1", "--progress", "none"],
        scratch: scratch, launcher: ["/usr/bin/taskset", "-c", "\(cpu)"])
      #expect(r.status == 0, "stderr: \(r.stderr)")
      let run = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(run["threads"] as? Int == 1)
    }

    /// `--threads` wins over `OPTIM_RUN_THREADS`, which wins over the CPUs detected; run.json says
    /// which; a bad value is a usage error (exit 2).
    @Test func threadOptionsOverrideTheDetectedCount() throws {
      let scratch = try ScratchFolder()
      let executable = try #require(SummaryCommandTests.executable)
      let base = "cd '\(RepositoryPaths.root)' && "
      let run = " '\(executable)' specs/digits_cnn.yaml --set train.epochs=1 --progress none --out "
      #expect(shell(base + "OPTIM_RUN_THREADS=3" + run + "'\(scratch.path("env"))'") == 0)
      #expect(shell(base + "OPTIM_RUN_THREADS=3" + run + "'\(scratch.path("option"))' --threads 1") == 0)
      #expect(shell(base + "OPTIM_RUN_THREADS=abc" + run + "'\(scratch.path("bad"))' 2>/dev/null") == 2)
      #expect(shell(base + run + "'\(scratch.path("zero"))' --threads 0 2>/dev/null") == 2)
      let env = try RunFolderFiles.jsonObject(scratch.path("env") + "/run.json")
      #expect(env["threads"] as? Int == 3)
      #expect(env["threads_source"] as? String == "OPTIM_RUN_THREADS")
      let option = try RunFolderFiles.jsonObject(scratch.path("option") + "/run.json")
      #expect(option["threads"] as? Int == 1)
      #expect(option["threads_source"] as? String == "--threads")
    }

    /// The first CPU this process may run on (`Cpus_allowed_list:  0-1`), so that pinning to it
    /// works inside a container that excludes CPU 0.
    static func firstAllowedCPU() -> Int? {
      guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
      else { return nil }
      let list = line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
      return Int(list.prefix { $0.isNumber })
    }
  }
}
