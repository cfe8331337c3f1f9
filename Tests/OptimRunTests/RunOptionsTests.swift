import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// `--json` and `--set` on a short digits run.
  @Suite("run options")
  struct RunOptionsTests {
    /// `--set train.epochs=2` runs two epochs and is recorded; `--json` prints JSON Lines events on
    /// stdout, nothing else: run_started, one epoch event per epoch with the values metrics.csv
    /// holds, and run_finished with the status, exit code and run folder.
    @Test func setShortensTheRunAndJSONPrintsEachEpoch() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(
        ["specs/digits_cnn.yaml", "--out", out, "--progress", "lines", "--json", "--set", "train.epochs=2"],
        scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")

      let epochLines = r.stderrLines.filter { $0.hasPrefix("epoch ") }
      #expect(epochLines.map { String($0.prefix(9)) } == ["epoch 1/2", "epoch 2/2"])

      let stdoutLines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(stdoutLines.last == "")
      let all = try stdoutLines.dropLast().map {
        try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
      }
      #expect(all.map { $0["event"] as? String } == ["run_started", "epoch", "epoch", "run_finished"])
      #expect(all.first?["run_folder"] as? String == out)
      #expect(all.last?["status"] as? String == "completed")
      #expect(all.last?["exit_code"] as? Int == 0)
      #expect(all.last?["run_folder"] as? String == out)
      #expect((all.last?["final_metrics"] as? [String: Any])?["val_accuracy"] is NSNumber)
      let objects = all.filter { $0["event"] as? String == "epoch" }
      let epochText = stdoutLines.dropLast().filter { $0.contains("\"event\":\"epoch\"") }
      #expect(objects.map { $0["epoch"] as? Int } == [0, 1])
      let metrics = try RunFolderFiles.csv(out + "/metrics.csv", lineEnd: "\r\n")
      #expect(metrics.rows.count == 2)
      for name in ["loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"] {
        #expect(objects.allSatisfy { $0[name] is NSNumber }, "\(name) missing from --json")
        // The same float64 both ways: repr in the CSV, shortest round trip in the JSON. The
        // number's text is read directly, as Foundation's JSON parser on Linux can miss the last
        // bit (it reads 0.8076319347343763 as 0.8076319347343762).
        let printed = epochText.map { Self.number(named: name, in: String($0)) }
        #expect(printed == metrics.column(name), "\(name)")
      }

      let run = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(run["overrides"] as? [String] == ["train.epochs=2"])
      #expect((run["pid"] as? Int ?? 0) > 0)
      #expect(run["heartbeat"] as? String == run["end_time"] as? String)
      #expect(run["resumes"] as? [Any] != nil)
      #expect(FileManager.default.fileExists(atPath: out + "/state.safetensors"))
      let spec = try RunFolderFiles.text(out + "/spec.yaml")
      #expect(spec.contains("epochs: 2\n"))
    }

    /// The number after `"name":` in a compact JSON object's text.
    static func number(named name: String, in line: String) -> Double? {
      guard let key = line.range(of: "\"\(name)\":") else { return nil }
      let rest = line[key.upperBound...]
      return Double(rest.prefix { $0 != "," && $0 != "}" })
    }

    /// A bad override is a spec error (exit 2) whose diagnostic points into the command line.
    @Test func badOverrideExits2AndNamesTheCommandLine() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(
        ["specs/digits_cnn.yaml", "--out", out, "--set", "train.epochz=2"], scratch: scratch)
      #expect(r.status == 2)
      let lines = r.stderrLines
      try #require(lines.count >= 3, "stderr: \(r.stderr)")
      // `--set train.epochz=2`: the key starts at column 7 of the argument as echoed.
      #expect(lines[0].hasPrefix("<command line>:1:7: error: "))
      #expect(lines[0].contains("'epochz'"))
      #expect(lines[1] == "--set train.epochz=2")
      #expect(lines[2] == "      ^")
      #expect(!FileManager.default.fileExists(atPath: out))
    }
  }
}
