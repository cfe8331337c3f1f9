import Foundation
import Tensors
import Testing

@testable import Reporting

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Checks that every file of a run folder parses with an independent parser.
func expectEveryFileParses(_ folder: RunFolder) throws {
  for name in try filesUnder(folder.url) {
    let url = folder.url.appendingPathComponent(name)
    #expect(!name.contains(".tmp-"), "temporary file left: \(name)")
    if name.hasSuffix(".json") {
      #expect(try parseJSON(readText(url)) is [String: Any], "\(name)")
    } else if name.hasSuffix(".jsonl") {
      for line in try readText(url).split(separator: "\n") {
        #expect(try parseJSON(String(line)) is [String: Any])
      }
      #expect(try readText(url).isEmpty || readText(url).hasSuffix("\n"), "\(name) ends mid-line")
    } else if name.hasSuffix(".csv") {
      // "\r\n" is one Character in Swift: normalize before splitting.
      let text = try readText(url).replacingOccurrences(of: "\r\n", with: "\n")
      let lines = text.split(separator: "\n")
      #expect(text.isEmpty || text.hasSuffix("\n"), "\(name) ends mid-line")
      let widths = Set(lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).count })
      #expect(widths.count <= 1, "\(name) rows of different widths \(widths)")
    } else if name.hasSuffix(".svg") {
      #expect(isWellFormedXML(try Data(contentsOf: url)), "\(name)")
    } else if name.hasSuffix(".safetensors") {
      _ = try SafeTensorsFile.read(from: url)
    }
  }
}

func isWellFormedXML(_ data: Data) -> Bool {
  let parser = XMLParser(data: data)
  return parser.parse()
}

@Suite struct RunRecorderTests {
  static func manifest() -> RunManifest {
    RunManifest(
      name: "digits_cnn", specHash: String(repeating: "ab", count: 32), seed: 42, toolVersion: "0.1.0",
      commandLine: ["optim-run", "specs/digits_cnn.yaml", "--set", "train.epochs=3"],
      overrides: ["train.epochs=3"],
      startTime: Date(timeIntervalSince1970: 1_795_683_696), host: "test-host", threads: 2,
      datasets: [DatasetFile(path: "data/digits.csv", sizeBytes: 1234)])
  }

  static func startRun() throws -> TrainingRunRecorder {
    let folder = try RunFolder.create(at: try makeTemporaryFolder().appendingPathComponent("run"))
    return try TrainingRunRecorder(
      folder: folder, manifest: manifest(), resolvedSpec: "name: digits_cnn\nseed: 42\n",
      expectedMetrics: ["val_loss"], perParameterLearningRates: true)
  }

  static func trainTwoEpochs(_ recorder: TrainingRunRecorder) throws {
    let rates: [Float] = [0.001, 0.002, 0.0005]
    for epoch in 0..<2 {
      for batch in 0..<3 {
        let step = epoch * 3 + batch
        recorder.recordLearningRate(step: step, epoch: epoch, lr: 0.001 / Double(step + 1))
        rates.withUnsafeBufferPointer {
          recorder.recordParameterLearningRates(step: step, parameter: "dense/kernel", values: $0)
        }
        recorder.recordBatch(
          step: step, epoch: epoch, logs: ["loss": 1.0 / Double(step + 1), "accuracy": 0.5])
      }
      let valLoss: Double = epoch == 0 ? 0.9 : .nan
      try recorder.endEpoch(
        epoch, logs: ["loss": 0.8 - 0.1 * Double(epoch), "accuracy": 0.5, "val_loss": valLoss, "lr": 0.001])
    }
  }

  @Test func aFolderWhoseRunWasKilledStillParsesAndSaysRunning() throws {
    let recorder = try RunRecorderTests.startRun()
    try expectEveryFileParses(recorder.folder)
    try RunRecorderTests.trainTwoEpochs(recorder)
    // Batches of a third epoch are buffered but not flushed when the process dies.
    recorder.recordBatch(step: 6, epoch: 2, logs: ["loss": 0.1])
    let names = try filesUnder(recorder.folder.url)
    #expect(
      names == [
        "checkpoints", "lr_history.csv", "lr_per_parameter.csv", "metrics.csv", "metrics.jsonl", "run.json",
        "spec.yaml",
      ])
    try expectEveryFileParses(recorder.folder)
    let run = try #require(try parseJSON(readText(recorder.folder.file("run.json"))) as? [String: Any])
    #expect(run["status"] as? String == "running")
    #expect(run["end_time"] is NSNull)
    #expect(run["start_time"] as? String == "2026-11-26T09:01:36Z")
    #expect(try readText(recorder.folder.file("metrics.jsonl")).split(separator: "\n").count == 8)
    #expect(try readText(recorder.folder.file("lr_history.csv")).split(separator: "\n").count == 7)
    #expect(try readText(recorder.folder.file("spec.yaml")) == "name: digits_cnn\nseed: 42\n")
  }

  @Test func aFinishedRunHasEveryFile() throws {
    let recorder = try RunRecorderTests.startRun()
    try RunRecorderTests.trainTwoEpochs(recorder)
    let weights = Parameter(name: "dense/kernel", value: Tensor(shape: [2], values: [1, 2]))
    try recorder.saveCheckpoint(
      named: "epoch_002.safetensors", parameters: [weights], metadata: ["epoch": "2"])
    #expect(throws: ReportingError.invalidCheckpointName("../x")) {
      try recorder.saveCheckpoint(named: "../x", parameters: [weights])
    }
    let summary = TrainingSummary(
      history: recorder.history, monitor: "val_loss", rule: .min, stopReason: "completed", wallTimeSeconds: 2,
      steps: 6)
    try recorder.finish(
      status: .completed, exitReason: "completed", summary: summary,
      endTime: Date(timeIntervalSince1970: 1_795_683_706))
    let names = try filesUnder(recorder.folder.url)
    #expect(
      names == [
        "accuracy.svg", "checkpoints", "checkpoints/epoch_002.safetensors", "loss.svg", "lr.svg",
        "lr_history.csv",
        "lr_per_parameter.csv", "lr_per_parameter.svg", "metrics.csv", "metrics.jsonl", "run.json", "spec.yaml", "summary.json",
      ])
    try expectEveryFileParses(recorder.folder)
    #expect(
      try readText(recorder.folder.file("metrics.csv"))
        == "epoch,accuracy,loss,lr,val_loss\r\n0,0.5,0.8,0.001,0.9\r\n1,0.5,0.7000000000000001,0.001,nan\r\n")
    let run = try #require(try parseJSON(readText(recorder.folder.file("run.json"))) as? [String: Any])
    #expect(run["status"] as? String == "completed")
    #expect(run["end_time"] as? String == "2026-11-26T09:01:46Z")
    #expect(run["seed"] as? Int == 42)
    #expect(run["overrides"] as? [String] == ["train.epochs=3"])
    #expect((run["datasets"] as? [[String: Any]])?.first?["size_bytes"] as? Int == 1234)
    let s = try #require(try parseJSON(readText(recorder.folder.file("summary.json"))) as? [String: Any])
    #expect(s["best_epoch"] as? Int == 0)
    #expect(s["steps_per_second"] as? Double == 3)
    #expect((s["final_metrics"] as? [String: Any])?["val_loss"] as? String == "NaN")
  }

  @Test func runManifestKeysAndStatuses() {
    var m = RunRecorderTests.manifest()
    m.seed = UInt64.max
    m.status = .diverged
    guard case .object(let o) = m.json else { return #expect(Bool(false)) }
    #expect(
      o.keys.sorted() == [
        "blas_core", "command_line", "datasets", "end_time", "exit_reason", "git", "haswell_kernels", "heartbeat",
        "host", "name",
        "overrides", "pid", "resumes", "seed", "spec_hash", "start_time", "status", "threads", "threads_source",
        "tool_version", "winograd", "winograd_tile",
      ])
    #expect(o["seed"] == .string("18446744073709551615"))
    #expect(o["status"] == .string("diverged"))
    #expect(
      RunStatus.allCases.map(\.rawValue) == [
        "running", "completed", "early_stopped", "failed", "diverged", "interrupted",
      ])
  }

  @Test func datasetSizesAreMeasured() throws {
    let url = try makeTemporaryFolder().appendingPathComponent("d.bin")
    try AtomicFile.write([UInt8](repeating: 7, count: 321), to: url)
    #expect(try DatasetFile.measuring(url.path) == DatasetFile(path: url.path, sizeBytes: 321))
    #expect(throws: ReportingError.self) { try DatasetFile.measuring(url.path + ".missing") }
  }
}
