import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// The exit statuses the README documents, each provoked for real through the executable.
  @Suite("exit statuses")
  struct ExitStatusTests {
    /// A spec that trains until diverging: SGD with a learning rate of a million on regression.
    static let divergingSpec = """
      name: diverging
      seed: 1
      data: {type: synthetic_regression, samples: 64, features: 4, targets: 1}
      model:
        input: [4]
        layers:
          - {type: dense, units: 8, activation: relu}
          - {type: dense, units: 1}
      loss: mse
      optimizer: {type: sgd, learning_rate: 1.0e+6}
      train: {epochs: 5, batch_size: 16}

      """

    @Test func unknownKeyIsAPositionedDiagnosticWithExit2() throws {
      let scratch = try ScratchFolder()
      let badLine = "optimizer: {type: adam, learnin_rate: 0.01}"
      try scratch.write(
        "name: typo\nobjective: {function: himmelblau, start: [-4, 4], steps: 10}\n\(badLine)\n",
        to: "typo.yaml")
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(["typo.yaml", "--out", out], in: scratch.url.path, scratch: scratch)
      #expect(r.status == 2)
      let column = try #require(badLine.range(of: "learnin_rate")).lowerBound.utf16Offset(in: badLine) + 1
      let lines = r.stderrLines
      try #require(lines.count >= 3, "stderr: \(r.stderr)")
      #expect(lines[0].hasPrefix("typo.yaml:3:\(column): error: "))
      #expect(lines[0].contains("'learnin_rate'"))
      #expect(lines[0].contains("'learning_rate'"), "the suggestion")
      #expect(lines[1] == badLine)
      #expect(lines[2] == String(repeating: " ", count: column - 1) + "^")
      #expect(r.stdout.isEmpty)
      // Nothing ran, so no run folder was created.
      #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unknownProgressStyleIsAUsageErrorWithExit2() throws {
      let scratch = try ScratchFolder()
      let r = try OptimRunProcess.run(
        ["specs/himmelblau_adam.yaml", "--progress", "sideways"], scratch: scratch)
      #expect(r.status == 2)
      #expect(r.stderr.contains("'sideways'"))
      #expect(r.stderr.contains("--progress"))
    }

    /// Sizes beyond the machine's memory are refused before anything is allocated (a failed
    /// allocation would crash; overcommitted memory would be killed mid-run), and no folder is made.
    @Test func moreMemoryThanTheMachineHasIsRefusedUpFront() throws {
      let scratch = try ScratchFolder()
      // 2,000 samples of 2·10^9 features: 16 TB of inputs.
      try scratch.write(
        """
        name: huge_data
        data: {type: synthetic_regression, samples: 2000, features: 2000000000, targets: 1}
        model: {layers: [{type: dense, units: 1}]}
        loss: mse
        optimizer: adam

        """, to: "data.yaml")
      let dataOut = scratch.path("data-run")
      let data = try OptimRunProcess.run(["data.yaml", "--out", dataOut], in: scratch.url.path, scratch: scratch)
      #expect(data.status == 3, "stderr: \(data.stderr)")
      #expect(data.stderr.contains("synthetic_regression: 2000 samples of this shape need "))
      #expect(data.stderr.contains("of memory; lower samples or the shape"))
      #expect(!FileManager.default.fileExists(atPath: dataOut))

      // 3 MB of data, but each layer's output is 2^31 values per image: about 690 GB of outputs alone at batch 16.
      try scratch.write(
        """
        name: huge_model
        data: {type: synthetic_classification, samples: 16, shape: [128, 128, 3], classes: 2}
        model:
          layers:
            - {type: conv2d, filters: 131072, kernel_size: 3, padding: same}
            - {type: activation, activation: relu}
            - {type: activation, activation: relu}
            - {type: activation, activation: relu}
            - {type: activation, activation: relu}
            - {type: global_average_pooling2d}
            - {type: dense, units: 2, activation: softmax}
        loss: sparse_categorical_crossentropy
        optimizer: adam
        train: {epochs: 1, batch_size: 16}

        """, to: "model.yaml")
      let modelOut = scratch.path("model-run")
      let model = try OptimRunProcess.run(["model.yaml", "--out", modelOut], in: scratch.url.path, scratch: scratch)
      #expect(model.status == 2, "stderr: \(model.stderr)")
      #expect(
        model.stderr.contains(
          "error: training this model at batch size 16 (its layer outputs, parameters and their gradients) needs at least "))
      #expect(model.stderr.contains("lower train.batch_size or the model's size"))
      #expect(!FileManager.default.fileExists(atPath: modelOut))
    }

    @Test func missingNPYFileIsADataErrorWithExit3() throws {
      let scratch = try ScratchFolder()
      let missing = scratch.path("absent/x.npy")
      try scratch.write(
        """
        name: no_data
        data: {type: npy, x: \(missing), y: \(scratch.path("absent/y.npy"))}
        model: {input: [4], layers: [{type: dense, units: 1}]}
        loss: mse
        optimizer: sgd

        """, to: "no_data.yaml")
      let r = try OptimRunProcess.run(
        [scratch.path("no_data.yaml"), "--out", scratch.path("run")], scratch: scratch)
      #expect(r.status == 3)
      #expect(r.stderr.contains(missing), "stderr: \(r.stderr)")
    }

    /// A NaN in the inputs is a data error naming the files it came from.
    @Test func nonFiniteInputsNameTheirFiles() throws {
      let scratch = try ScratchFolder()
      func npy(_ shape: String, _ values: [Float]) -> Data { Data(npyFloat32Bytes(shape: shape, values: values)) }
      try npy("(2, 2)", [1, .nan, 3, 4]).write(to: URL(fileURLWithPath: scratch.path("x.npy")))
      try npy("(2,)", [0, 1]).write(to: URL(fileURLWithPath: scratch.path("y.npy")))
      try scratch.write(
        """
        name: nan_data
        data: {type: npy, x: \(scratch.path("x.npy")), y: \(scratch.path("y.npy"))}
        model: {input: [2], layers: [{type: dense, units: 1}]}
        loss: mse
        optimizer: sgd

        """, to: "nan.yaml")
      let r = try OptimRunProcess.run([scratch.path("nan.yaml"), "--out", scratch.path("run")], scratch: scratch)
      #expect(r.status == 3)
      #expect(
        r.stderr.contains(
          "data error: the npy inputs (from \(scratch.path("x.npy")), \(scratch.path("y.npy"))) hold a non-finite value (nan) in example 0"),
        "stderr: \(r.stderr)")
    }

    @Test func divergingRunExits4AndSaysSo() throws {
      let scratch = try ScratchFolder()
      let spec = try scratch.write(Self.divergingSpec, to: "diverging.yaml")
      let out = scratch.path("run")
      let r = try OptimRunProcess.run([spec, "--out", out, "--progress", "lines"], scratch: scratch)
      #expect(r.status == 4, "stderr: \(r.stderr)")
      let run = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(run["status"] as? String == "diverged")
      #expect(run["exit_reason"] as? String == "nan_loss")
      // It stopped in the first epoch, whose loss is not finite.
      let metrics = try RunFolderFiles.csv(out + "/metrics.csv", lineEnd: "\r\n")
      #expect(metrics.rows.count == 1)
      #expect(metrics.column("loss").first??.isFinite == false)
      try RunFolderFiles.parseEveryFile(in: out)
    }

    @Test func objectiveSpecCompletesWithExit0() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(["specs/himmelblau_adam.yaml", "--out", out], scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")
      let run = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(run["status"] as? String == "completed")
      // 200 steps: the start and every step after it.
      let path = try RunFolderFiles.csv(out + "/path.csv")
      #expect(path.header == ["step", "x", "y", "loss", "lr"])
      #expect(path.rows.count == 201)
      // Himmelblau at the start (-4, 4): (16 + 4 − 11)² + (−4 + 16 − 7)² = 81 + 25 = 106.
      #expect(path.column("loss").first == 106)
      let files = try RunFolderFiles.parseEveryFile(in: out)
      #expect(files.contains("path.svg"))
    }

    /// SIGINT (Ctrl-C), SIGTERM (preemption), SIGHUP (a closed terminal) or SIGUSR1 (Slurm's
    /// warning) mid-run: the run stops after the current batch, saves its state, flushes, says
    /// `interrupted`, exits 130.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP, SIGUSR1])
    func signalStopsTheRunWithExit130(_ signal: Int32) throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let process = try OptimRunProcess(
        ["specs/digits_cnn.yaml", "--out", out, "--progress", "lines", "--set", "train.epochs=1000"],
        scratch: scratch)
      let started = process.waitForStderr { $0.contains("epoch 1/1000 ") }
      if started { process.send(signal) }
      // It stops after the current batch; the deadline only keeps a broken build from training on.
      let exited = process.waitForExit(deadline: 120)
      let r = process.finish()
      try #require(started, "no epoch line; stderr: \(r.stderr)")
      #expect(exited, "still running 120 s after signal \(signal)")
      #expect(!r.uncaughtSignal)
      #expect(r.status == 130)
      let run = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(run["status"] as? String == "interrupted")
      let names = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP", SIGUSR1: "SIGUSR1"]
      #expect(run["exit_reason"] as? String == "interrupted by \(names[signal]!)")
      #expect(FileManager.default.fileExists(atPath: out + "/state.safetensors"))
      #expect(run["end_time"] is String)
      let metrics = try RunFolderFiles.csv(out + "/metrics.csv", lineEnd: "\r\n")
      #expect((1..<1000).contains(metrics.rows.count))
      let files = try RunFolderFiles.parseEveryFile(in: out)
      #expect(files.contains("summary.json"))
      #expect(files.contains("checkpoints/final.safetensors"))
    }

    /// A parent may start optim-run with SIGINT blocked in the signal mask the child inherits (as
    /// Foundation's `Process` does on Linux when called from a Swift concurrency thread, where every
    /// signal is blocked). The README promises exit 130 on SIGINT, so `Interruption.install()`
    /// unblocks SIGINT and SIGTERM; without that the signal stays pending while the run trains to
    /// the end and exits 0.
    @Test func sigintReachesARunStartedWithSIGINTBlocked() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let process = try OptimRunProcess(
        ["specs/digits_cnn.yaml", "--out", out, "--progress", "lines", "--set", "train.epochs=3"],
        scratch: scratch,
        blockedSignals: [SIGINT])
      let started = process.waitForStderr { $0.contains("epoch 1/3 ") }
      if started { process.send(SIGINT) }
      let exited = process.waitForExit(deadline: 120)
      let r = process.finish()
      try #require(started && exited, "stderr: \(r.stderr)")
      let status = try RunFolderFiles.jsonObject(out + "/run.json")["status"] as? String
      #expect(r.status == 130)
      #expect(status == "interrupted")
    }

    /// A signal the kernel hands to another thread of optim-run (an OpenBLAS thread: any thread
    /// that does not block it may get a signal sent to the process) is handled as if
    /// sent to the process: the first stops the run gracefully, the second at once, with run.json
    /// saying so. The handler passes it on to the thread that trains; had the forced exit run on
    /// the worker, the training thread would go on publishing and writing run.json meanwhile
    /// (ThreadSanitizer reported the race, and run.json came out `running`). Sent here with
    /// tgkill to one such thread, so the path is taken every time; where optim-run has no other
    /// thread that accepts them (one CPU: no OpenBLAS threads), to the main thread.
    @Test func signalsDeliveredToAWorkerThreadAreHandledByTheTrainingThread() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let process = try OptimRunProcess(
        ["specs/digits_cnn.yaml", "--out", out, "--progress", "lines", "--set", "train.epochs=1000"],
        scratch: scratch)
      let started = process.waitForStderr { $0.contains("epoch 1/1000 ") }
      let pid = process.processIdentifier
      // Only a thread that does not block the signals can be handed them (Dispatch's workers block
      // nearly all; a tgkill to one would stay pending).
      let threads = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? [])
        .compactMap { pid_t($0) }.filter { $0 != pid }.sorted()
        .filter { Self.acceptsSignals(pid: pid, thread: $0, [SIGTERM, SIGINT]) }
      let tgkill = try #require(Self.tgkill, "glibc has no tgkill")
      let target = threads.first ?? pid
      // Two different signals: two of the same kind sent at once may merge into one delivery.
      if started {
        #expect(tgkill(pid, target, SIGTERM) == 0)
        #expect(tgkill(pid, target, SIGINT) == 0)
      }
      let exited = process.waitForExit(deadline: 120)
      let r = process.finish()
      try #require(started, "no epoch line; stderr: \(r.stderr)")
      #expect(exited, "still running 120 s after the signals to thread \(target) of \(threads)")
      #expect(!r.uncaughtSignal)
      #expect(r.status == 5, "stderr: \(r.stderr)")
      let run = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(run["status"] as? String == "interrupted")
      let reason = run["exit_reason"] as? String
      #expect(reason?.contains("second signal") == true, "exit_reason: \(reason ?? "none")")
    }

    /// Whether thread `thread` of process `pid` blocks none of `signals` (its `SigBlk` mask in
    /// /proc/PID/task/TID/status).
    static func acceptsSignals(pid: pid_t, thread: pid_t, _ signals: [Int32]) -> Bool {
      guard let status = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigBlk:") }),
        let blocked = UInt64(line.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16)
      else { return false }
      return signals.allSatisfy { blocked & (1 << UInt64($0 - 1)) == 0 }
    }

    /// glibc's `tgkill(pid, tid, signal)` (2.30 and later), which Swift's Glibc module does not declare.
    static let tgkill: (@convention(c) (pid_t, pid_t, Int32) -> Int32)? = {
      guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "tgkill") else { return nil }
      return unsafeBitCast(symbol, to: (@convention(c) (pid_t, pid_t, Int32) -> Int32).self)
    }()

    /// SIGKILL mid-run cannot be caught: whatever the moment, the folder's files all parse (each
    /// was written atomically) and run.json still honestly says `running`.
    @Test func sigkillLeavesAReadableFolderThatSaysRunning() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let process = try OptimRunProcess(
        ["specs/digits_cnn.yaml", "--out", out, "--progress", "lines", "--set", "train.epochs=1000"],
        scratch: scratch)
      let started = process.waitForStderr { $0.contains("epoch 1/1000 ") }
      if started { process.send(SIGKILL) }
      _ = process.waitForExit(deadline: 120)
      let r = process.finish()
      try #require(started, "no epoch line; stderr: \(r.stderr)")
      #expect(r.uncaughtSignal)
      #expect(r.status == SIGKILL)
      let run = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(run["status"] as? String == "running")
      #expect(run["end_time"] is NSNull)
      let files = try RunFolderFiles.parseEveryFile(in: out)
      for name in ["spec.yaml", "run.json", "metrics.csv", "metrics.jsonl", "lr_history.csv"] {
        #expect(files.contains(name))
      }
      // At least the first epoch was flushed before its line was printed.
      let metrics = try RunFolderFiles.csv(out + "/metrics.csv", lineEnd: "\r\n")
      #expect(metrics.rows.count >= 1)
      #expect(
        try RunFolderFiles.jsonLines(out + "/metrics.jsonl").contains { $0["kind"] as? String == "epoch" })
    }
  }
}
