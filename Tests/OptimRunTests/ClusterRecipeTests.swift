#if canImport(Glibc)
  import Glibc
#endif
import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// docs/cluster.md is a contract: its recipes marked `<!-- cluster-test: run NAME -->` run as
  /// written (GNU parallel, and Slurm job arrays on the single-node cluster of
  /// scripts/slurm-local.sh) and give the leaderboard of the same sweep run in one process.
  ///
  /// Each recipe runs with bash (`set -euo pipefail`) in a scratch folder that holds a 4-trial
  /// `specs/grid_search.yaml` (the paths the doc uses) and the files the doc defines with
  /// `<!-- cluster-test: file NAME -->` (`sweep.sbatch`), with the built optim-run first on PATH.
  /// GNU parallel and Slurm must be installed (scripts/setup.sh does it): without them the tests
  /// fail, they are not skipped.
  @Suite("cluster recipes")
  struct ClusterRecipeTests {
    /// A 2 × 2 grid, the shape of specs/grid_search.yaml made small: 4 trials of 2 epochs on 200
    /// samples, a second or so each.
    static let spec = """
      # A 2 x 2 grid on synthetic regression, small enough to run in seconds (ClusterRecipeTests).
      name: grid_search
      seed: 42
      data: {type: synthetic_regression, samples: 200, features: 10, targets: 1}
      model:
        input: [10]
        layers:
          - {type: dense, units: 16, activation: relu}
          - {type: dense, units: 1}
      loss: mse
      optimizer: {type: adam, learning_rate: 0.001}
      train: {epochs: 2, batch_size: 32}
      sweep:
        method: grid
        metric: loss
        mode: min
        parameters:
          optimizer.learning_rate: [0.001, 0.01]
          optimizer.beta_1: [0.9, 0.95]

      """

    /// Random search with successive halving, small: 6 draws, 1 epoch each, the best 2 go on to 3.
    static let halvingSpec = """
      name: halving_search
      seed: 7
      data: {type: synthetic_regression, samples: 200, features: 10, targets: 1}
      model:
        input: [10]
        layers:
          - {type: dense, units: 16, activation: relu}
          - {type: dense, units: 1}
      loss: mse
      optimizer: {type: adam, learning_rate: 0.001}
      train: {epochs: 3, batch_size: 32, validation: 0.2}
      sweep:
        method: halving
        trials: 6
        min_epochs: 1
        eta: 3
        metric: val_loss
        parameters:
          optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}

      """

    /// The recipes each test runs; every `run` marker of the doc must be in one of these.
    static let parallelRecipes = ["parallel", "parallel-auto"]
    static let slurmRecipes = ["slurm", "slurm-dependency", "slurm-halving"]

    /// The sweep folder a recipe writes, its spec and its number of trials.
    static func target(_ recipe: String) -> (folder: String, spec: String, trials: Int) {
      recipe.hasSuffix("halving")
        ? ("runs/halving", "specs/halving_search.yaml", 6) : ("runs/grid", "specs/grid_search.yaml", 4)
    }

    /// The marked blocks of docs/cluster.md: `"run parallel"`, `"file sweep.sbatch"`, ... → the text
    /// of the fenced block that follows the marker line (whatever its language tag).
    static func markedBlocks() throws -> [String: String] {
      let text = try String(contentsOfFile: RepositoryPaths.path("docs/cluster.md"), encoding: .utf8)
      var blocks: [String: String] = [:]
      var marker: String?
      var current: [String]?
      for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if current != nil {
          if line == "```" {
            blocks[marker!] = current!.joined(separator: "\n") + "\n"
            marker = nil
            current = nil
          } else {
            current!.append(line)
          }
        } else if line.hasPrefix("<!-- cluster-test: "), line.hasSuffix(" -->") {
          marker = String(line.dropFirst("<!-- cluster-test: ".count).dropLast(" -->".count))
        } else if marker != nil, line.hasPrefix("```") {
          current = []
        } else if marker != nil, !line.isEmpty {
          Issue.record("docs/cluster.md: the marker '\(marker!)' is not followed by a fenced block")
          marker = nil
        }
      }
      return blocks
    }

    /// The folder containing the built optim-run, to put first on PATH.
    static func binFolder() throws -> String {
      let executable = try #require(SummaryCommandTests.executable, "build optim-run first with `swift build`")
      return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }

    /// Fails the test unless every command is on PATH.
    static func requireTools(_ tools: [String]) throws {
      for tool in tools {
        try #require(
          shell("command -v '\(tool)' > /dev/null") == 0,
          "\(tool) is not installed: run scripts/setup.sh (it installs GNU parallel, Slurm and munge)")
      }
    }

    /// A scratch folder laid out as the recipes expect: `specs/grid_search.yaml` and the doc's files.
    static func workspace(_ blocks: [String: String]) throws -> ScratchFolder {
      let scratch = try ScratchFolder()
      try FileManager.default.createDirectory(atPath: scratch.path("specs"), withIntermediateDirectories: true)
      try scratch.write(spec, to: "specs/grid_search.yaml")
      try scratch.write(halvingSpec, to: "specs/halving_search.yaml")
      for (marker, text) in blocks where marker.hasPrefix("file ") {
        try scratch.write(text, to: String(marker.dropFirst("file ".count)))
      }
      return scratch
    }

    /// The leaderboard of the sweep run in one process, as `optim-run SPEC --out DIR` runs it.
    static func referenceLeaderboard(_ spec: String = "specs/grid_search.yaml") throws -> String {
      let scratch = try workspace([:])
      let r = try OptimRunProcess.run(
        [spec, "--out", scratch.path("reference"), "--quiet"], in: scratch.url.path,
        scratch: scratch)
      try #require(r.status == 0, "the in-process sweep failed: \(r.stderr)")
      return try String(contentsOfFile: scratch.path("reference/leaderboard.csv"), encoding: .utf8)
    }

    /// Runs the recipe `name` in a fresh workspace and checks its sweep folder `runs/grid` against
    /// `reference`. `diagnose` is a shell command whose output is added to a failure's message.
    static func runRecipe(
      _ name: String, blocks: [String: String], reference: String, diagnose: String = ""
    ) throws {
      let recipe = try #require(blocks["run \(name)"], "docs/cluster.md has no block marked 'run \(name)'")
      let scratch = try workspace(blocks)
      let script = try scratch.write("set -euo pipefail\n" + recipe, to: "recipe.sh")
      let bin = try binFolder()
      // The launchers' variables of the process running the tests must not steer --trial auto; a
      // stuck scheduler fails the test after 10 minutes instead of hanging it.
      let start = Date()
      let status = shell(
        "cd '\(scratch.url.path)' && unset SLURM_ARRAY_TASK_ID JOB_COMPLETION_INDEX PARALLEL_SEQ"
          + " OPTIM_RUN_THREADS && PATH='\(bin)':\"$PATH\" timeout 600 bash '\(script)' > out.txt 2>&1")
      let seconds = Date().timeIntervalSince(start)
      print("cluster recipe '\(name)': \(String(format: "%.1f", seconds)) s (exit status \(status))")
      var output = (try? String(contentsOfFile: scratch.path("out.txt"), encoding: .utf8)) ?? ""
      if status != 0 {
        let logs = scratch.path("diagnose.txt")
        _ = shell(
          "cd '\(scratch.url.path)' && { for f in slurm-*.out; do [ -f \"$f\" ] && echo \"--- $f\""
            + " && cat \"$f\"; done; \(diagnose); } > '\(logs)' 2>&1")
        output += (try? String(contentsOfFile: logs, encoding: .utf8)) ?? ""
      }
      try #require(status == 0, "recipe '\(name)' failed:\n\(recipe)--- output:\n\(output)")

      let (folder, _, count) = target(name)
      let sweep = scratch.path(folder)
      let leaderboard = try String(contentsOfFile: sweep + "/leaderboard.csv", encoding: .utf8)
      #expect(
        leaderboard == reference,
        "recipe '\(name)': leaderboard.csv differs from the in-process sweep's:\n\(leaderboard)\n--- in one process:\n\(reference)"
      )
      let trials = try FileManager.default.contentsOfDirectory(atPath: sweep).filter { $0.hasPrefix("trial-") }.sorted()
      #expect(trials == (0..<count).map { String(format: "trial-%03d", $0) }, "recipe '\(name)'")
      for trial in trials {
        let run = try RunFolderFiles.jsonObject(sweep + "/" + trial + "/run.json")
        #expect(run["status"] as? String == "completed", "recipe '\(name)': \(trial) is \((run["status"] as? String) ?? "?")")
      }
    }

    @Test func everyMarkedRecipeIsRun() throws {
      let blocks = try Self.markedBlocks()
      let runs = Set(blocks.keys.filter { $0.hasPrefix("run ") }.map { String($0.dropFirst("run ".count)) })
      #expect(runs == Set(Self.parallelRecipes + Self.slurmRecipes))
      #expect(blocks["file sweep.sbatch"]?.hasPrefix("#!/bin/bash\n") == true)
    }

    @Test func gnuParallelRecipes() throws {
      try Self.requireTools(["parallel"])
      let blocks = try Self.markedBlocks()
      let reference = try Self.referenceLeaderboard()
      for name in Self.parallelRecipes {
        try Self.runRecipe(name, blocks: blocks, reference: reference)
      }
    }

    /// Starts the local Slurm (idempotent; left running for later tests and runs) and runs the
    /// job-array recipes on it.
    @Test func slurmJobArrayRecipes() throws {
      try Self.requireTools(["sbatch", "slurmctld", "slurmd", "munged"])
      let start = Date()
      let started = Self.spawnAndWait("'\(RepositoryPaths.path("scripts/slurm-local.sh"))' start")
      print("scripts/slurm-local.sh start: \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
      try #require(started == 0, "scripts/slurm-local.sh start failed (its error and Slurm's logs are above)")
      let blocks = try Self.markedBlocks()
      let references = [
        "specs/grid_search.yaml": try Self.referenceLeaderboard(),
        "specs/halving_search.yaml": try Self.referenceLeaderboard("specs/halving_search.yaml"),
      ]
      for name in Self.slurmRecipes {
        try Self.runRecipe(
          name, blocks: blocks, reference: references[Self.target(name).spec]!,
          diagnose: "echo '--- squeue'; squeue; echo '--- sinfo'; sinfo;"
            + " tail -n 30 /var/lib/optim-run-slurm/log/slurmctld.log /var/lib/optim-run-slurm/log/slurmd.log")
      }
      // Every task has ended: the node goes back to idle (not drained, not down).
      let state = Self.shellOutput(
        "for i in $(seq 50); do s=$(scontrol show node \"$(hostname -s)\" | grep -o 'State=[A-Z+_]*');"
          + " [ \"$s\" = State=IDLE ] && break; sleep 0.2; done; echo \"$s\"")
      #expect(state == "State=IDLE", "after the recipes the node is \(state)")
    }

    /// Runs `command` with bash and returns its exit status, waiting for bash alone: Foundation's
    /// `Process` waits until every process that inherited its descriptors is gone, and the Slurm
    /// daemons the script starts live on.
    static func spawnAndWait(_ command: String) -> Int32 {
      let arguments: [String] = ["/bin/bash", "-c", command]
      let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
      defer { for p in argv { free(p) } }
      var pid: pid_t = 0
      guard posix_spawn(&pid, "/bin/bash", nil, nil, argv, environ) == 0 else { return -1 }
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
      return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// What `command` prints on stdout, trimmed.
    static func shellOutput(_ command: String) -> String {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/bash")
      process.arguments = ["-c", command]
      let pipe = Pipe()
      process.standardOutput = pipe
      guard (try? process.run()) != nil else { return "" }
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }
}
