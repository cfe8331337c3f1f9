import Foundation
import Runner
import Testing
import _TestSupport

extension EndToEnd {
  /// `runs`, `compare`, `--version` and the "did you mean" of a mistyped command, through the
  /// binary, on folders of real short trainings.
  @Suite("runs and compare")
  struct RunsCommandTests {
    static let short = ["--set", "train.epochs=2", "--progress", "none", "--quiet"]

    /// Two digits_cnn runs under `scratch/runs` (learning rates 0.001 and 0.01, the second
    /// started a second later) and a copy of the first whose run.json says running, from a
    /// process that is gone, started later still.
    static func makeRuns(_ scratch: ScratchFolder) throws -> (slow: String, fast: String, killed: String) {
      let slow = scratch.path("runs/digits/slow")
      let fast = scratch.path("runs/digits/fast")
      let a = try OptimRunProcess.run(["specs/digits_cnn.yaml", "--out", slow] + short, scratch: scratch)
      #expect(a.status == 0, "stderr: \(a.stderr)")
      usleep(1_100_000)
      let b = try OptimRunProcess.run(
        ["specs/digits_cnn.yaml", "--out", fast, "--set", "optimizer.learning_rate=0.01"] + short,
        scratch: scratch)
      #expect(b.status == 0, "stderr: \(b.stderr)")
      let killed = scratch.path("runs/killed")
      try FileManager.default.copyItem(atPath: slow, toPath: killed)
      let runJSON = killed + "/run.json"
      var record = try #require(
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: runJSON)))
          as? [String: Any])
      record["status"] = "running"
      record["end_time"] = NSNull()
      record["pid"] = Int(Int32.max - 1)
      record["start_time"] = "2099-01-01T00:00:00Z"
      try JSONSerialization.data(withJSONObject: record).write(to: URL(fileURLWithPath: runJSON))
      return (slow, fast, killed)
    }

    @Test func runsListsNewestFirstFiltersAndPrintsJSONLines() throws {
      let scratch = try ScratchFolder()
      let (slow, fast, killed) = try Self.makeRuns(scratch)
      let runs = scratch.path("runs")
      // A sweep is one entry, its trial folders not listed on their own.
      let sweep = scratch.path("runs/sweep")
      usleep(1_100_000)
      let s = try OptimRunProcess.run(
        ["specs/grid_search.yaml", "--out", sweep] + Self.short, scratch: scratch)
      #expect(s.status == 0, "stderr: \(s.stderr)")
      let all = try OptimRunProcess.run(["runs", runs], scratch: scratch)
      #expect(all.status == 0, "stderr: \(all.stderr)")
      let allLines = all.stdout.split(separator: "\n").map(String.init)
      try #require(allLines.count == 5, "stdout: \(all.stdout)")
      #expect(
        allLines[2].hasPrefix("grid_search ") && allLines[2].contains("12/12 trials")
          && allLines[2].hasSuffix(sweep))
      #expect(allLines[2].contains(" completed ") && allLines[2].contains("loss="))
      try FileManager.default.removeItem(atPath: sweep)
      let r = try OptimRunProcess.run(["runs", runs], scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")
      let lines = r.stdout.split(separator: "\n").map(String.init)
      try #require(lines.count == 4, "stdout: \(r.stdout)")
      #expect(lines[0].hasPrefix("NAME"))
      #expect(lines[1].contains(" dead ") && lines[1].hasSuffix(killed))
      #expect(lines[2].contains(" completed ") && lines[2].hasSuffix(fast))
      #expect(lines[3].contains(" completed ") && lines[3].hasSuffix(slow))
      #expect(lines[2].contains("2 epochs") && lines[2].contains("val_loss="))
      // --where: status, a spec path (1e-2 is 0.01), a hash prefix.
      let dead = try OptimRunProcess.run(["runs", runs, "--where", "status=dead"], scratch: scratch)
      #expect(dead.stdout.split(separator: "\n").count == 2 && dead.stdout.contains(killed))
      let lr = try OptimRunProcess.run(
        ["runs", runs, "--where", "optimizer.learning_rate=1e-2", "--where", "optimizer.type=adam"],
        scratch: scratch)
      #expect(lr.stdout.split(separator: "\n").count == 2 && lr.stdout.contains(fast))
      let json = try OptimRunProcess.run(["runs", runs, "--json"], scratch: scratch)
      let objects = try json.stdout.split(separator: "\n").map {
        try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
      }
      #expect(objects.map { $0["status"] as? String } == ["dead", "completed", "completed"])
      #expect(objects.map { $0["folder"] as? String } == [killed, fast, slow])
      #expect((objects[1]["best"] as? [String: Any])?["metric"] as? String == "val_loss")
      let hash = try #require(objects[1]["spec_hash"] as? String)
      let byHash = try OptimRunProcess.run(
        ["runs", runs, "--where", "hash=" + hash.prefix(8), "--json"], scratch: scratch)
      #expect(byHash.stdout.split(separator: "\n").count == 1 && byHash.stdout.contains(fast))
      let bad = try OptimRunProcess.run(["runs", runs, "--where", "nothing"], scratch: scratch)
      #expect(bad.status == 2 && bad.stderr.contains("--where expects KEY=VALUE"))
    }

    @Test func compareShowsTheLearningRateMetricsAndPlots() throws {
      let scratch = try ScratchFolder()
      let (slow, fast, _) = try Self.makeRuns(scratch)
      let plot = scratch.path("compare.svg")
      let r = try OptimRunProcess.run(["compare", slow, fast, "--plot", plot], scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")
      let row = try #require(
        r.stdout.split(separator: "\n").first { $0.hasPrefix("optimizer.learning_rate ") })
      #expect(row.split(separator: " ") == ["optimizer.learning_rate", "0.001", "0.01"])
      let valLoss = r.stdout.split(separator: "\n").filter { $0.hasPrefix("val_loss ") }
      #expect(
        valLoss.count == 2 && valLoss.allSatisfy { $0.split(separator: " ").count == 3 }, "final and best")
      let svg = try #require(SVGInspection(try String(contentsOfFile: plot, encoding: .utf8)))
      #expect(svg.overflows() == [])
      #expect(svg.texts.contains("slow") && svg.texts.contains("fast") && svg.texts.contains("val_loss"))
      let json = try OptimRunProcess.run(["compare", slow, fast, "--json"], scratch: scratch)
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
      let differences = try #require(object["differences"] as? [[String: Any]])
      #expect(differences.map { $0["path"] as? String } == ["optimizer.learning_rate"])
      #expect(differences[0]["values"] as? [Double] == [0.001, 0.01])
      let metrics = try #require(object["metrics"] as? [[String: Any]])
      #expect(
        metrics.allSatisfy { ($0["final"] as? [Any])?.count == 2 && ($0["best"] as? [Any])?.count == 2 })
      // Not a run folder: the path and what was expected; exit 2.
      let notRun = try OptimRunProcess.run(["compare", slow, scratch.path("runs")], scratch: scratch)
      #expect(notRun.status == 2)
      #expect(
        notRun.stderr.contains(
          "\(scratch.path("runs")) is not a run folder: expected a folder with run.json and spec.yaml"))
      let one = try OptimRunProcess.run(["compare", slow], scratch: scratch)
      #expect(one.status == 2 && one.stderr.contains("two or more run folders"))
    }

    @Test func versionAndMistypedCommands() throws {
      let scratch = try ScratchFolder()
      let version = try OptimRunProcess.run(["--version"], scratch: scratch)
      #expect(version.status == 0 && version.stdout == toolVersion + "\n")
      let typo = try OptimRunProcess.run(["sumary", "specs/digits_cnn.yaml"], scratch: scratch)
      #expect(typo.status == 2)
      #expect(typo.stderr == "optim-run: 'sumary' is not a command or a spec file; did you mean 'summary'?\n")
      let compare = try OptimRunProcess.run(["comapre", "a", "b"], scratch: scratch)
      #expect(compare.stderr.contains("did you mean 'compare'?"))
      let unknown = try OptimRunProcess.run(["frobnicate"], scratch: scratch)
      #expect(unknown.status == 2)
      #expect(
        unknown.stderr.contains("'frobnicate' is neither a spec file nor a command (commands: run, resume,"))
      // A path keeps the spec's own error.
      let missing = try OptimRunProcess.run(["specs/no_such.yaml"], scratch: scratch)
      #expect(missing.status == 2 && missing.stderr.contains("cannot read 'specs/no_such.yaml'"))
    }
  }
}
