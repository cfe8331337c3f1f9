import Foundation
import Reporting
import Spec
import Testing
import _TestSupport

@testable import Runner

/// `runs` and `compare` on hand-made run folders: the files a run writes, made with the writers
/// runs use (RunManifest, TrainingSummary, the resolved spec), in a scratch folder.
@Suite struct RunCollectionTests {
  static let spec = """
    name: tiny
    data: {type: synthetic_regression, samples: 64, features: 4, targets: 1}
    model: {input: [4], layers: [{type: dense, units: 1}]}
    loss: mse
    optimizer: {type: adam, learning_rate: 0.001}
    train: {epochs: 2, batch_size: 32}
    """

  /// A scratch folder removed with the value.
  final class Scratch {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "run-collection-\(UUID().uuidString)")
    deinit { try? FileManager.default.removeItem(at: url) }
  }

  /// Writes a run folder at `root/relative` with `overrides` applied to `spec`, started at
  /// `start`, with `status` (a `running` one gets a pid that is not alive), and `losses` per epoch.
  @discardableResult
  static func makeRun(
    _ root: URL, _ relative: String, overrides: [String] = [], start: Date, status: RunStatus = .completed,
    losses: [Double] = [0.5, 0.25]
  ) throws -> URL {
    let loaded = try loadSpec(text: spec, name: "tiny.yaml", overrides: overrides)
    let folder = try RunFolder.create(at: root.appendingPathComponent(relative))
    try folder.writeSpec(loaded.resolvedYAML)
    var manifest = RunManifest(
      name: loaded.spec.name, specHash: loaded.hash, seed: 0, toolVersion: toolVersion, commandLine: [],
      overrides: overrides, startTime: start, threads: 1, datasets: [])
    manifest.status = status
    if status == .running { manifest.pid = Int32.max - 1 }
    try manifest.write(to: folder)
    let history = losses.map { ["loss": $0, "val_loss": $0 * 2] }
    let csv =
      "epoch,loss,val_loss\r\n"
      + history.enumerated().map { "\($0),\($1["loss"]!),\($1["val_loss"]!)\r\n" }.joined()
    try csv.write(to: folder.file(RunFolder.FileName.metricsCSV), atomically: true, encoding: .utf8)
    if status != .running {
      try TrainingSummary(
        history: history, monitor: "val_loss", rule: .min, stopReason: "epochs_completed", wallTimeSeconds: 1,
        steps: 4
      ).write(to: folder)
    }
    return folder.url
  }

  @Test func listsNewestFirstWithDeadRunsAndBestMetric() throws {
    let scratch = Scratch()
    let day = Date(timeIntervalSince1970: 1_800_000_000)
    try Self.makeRun(scratch.url, "a/old", start: day, losses: [0.5, 0.125])
    try Self.makeRun(scratch.url, "b/new", start: day + 60, status: .running)
    try FileManager.default.createDirectory(
      at: scratch.url.appendingPathComponent("broken"), withIntermediateDirectories: true)
    try "{".write(
      to: scratch.url.appendingPathComponent("broken/run.json"), atomically: true, encoding: .utf8)
    try "x".write(
      to: scratch.url.appendingPathComponent("broken/spec.yaml"), atomically: true, encoding: .utf8)
    let catalog = try listRuns(in: [scratch.url.path])
    #expect(catalog.entries.map(\.folder.lastPathComponent) == ["new", "old", "broken"])
    #expect(catalog.entries.map(\.status) == ["dead", "completed", "unreadable"])
    #expect(catalog.entries[1].best?.metric == "val_loss")
    #expect(catalog.entries[1].best?.value == 0.25)
    #expect(catalog.entries[1].epochs == 2)
    #expect(catalog.warnings.count == 1)
    #expect(catalog.warnings[0].contains("broken: run.json cannot be read"))
    #expect(catalog.table().contains("val_loss=0.2500"))
  }

  @Test func filtersByStatusSpecPathAndHashPrefix() throws {
    let scratch = Scratch()
    let day = Date(timeIntervalSince1970: 1_800_000_000)
    try Self.makeRun(scratch.url, "slow", start: day)
    try Self.makeRun(scratch.url, "fast", overrides: ["optimizer.learning_rate=0.01"], start: day + 1)
    func names(_ conditions: [String]) throws -> [String] {
      try listRuns(in: [scratch.url.path], where: conditions.map(RunFilter.init)).entries.map(
        \.folder.lastPathComponent)
    }
    #expect(try names(["optimizer.learning_rate=1e-3"]) == ["slow"])
    #expect(try names(["optimizer.learning_rate=0.01", "optimizer.type=adam"]) == ["fast"])
    #expect(try names(["train.batch_size=32.0", "status=completed"]) == ["fast", "slow"])
    #expect(try names(["status=dead"]) == [])
    #expect(try names(["name=tiny"]).count == 2)
    let hash = try listRuns(in: [scratch.url.path]).entries[0].specHash
    #expect(try names(["hash=" + hash.prefix(6).uppercased()]) == ["fast"])
    #expect(throws: RunFailure.self) { try RunFilter("no-equals-sign") }
    #expect(throws: RunFailure.self) {
      try listRuns(in: [scratch.url.appendingPathComponent("missing").path])
    }
  }

  @Test func compareShowsDifferencesAndOneSetOfMetrics() throws {
    let scratch = Scratch()
    let day = Date(timeIntervalSince1970: 1_800_000_000)
    let a = try Self.makeRun(scratch.url, "x/run", start: day, losses: [0.5, 0.25, 0.375])
    let b = try Self.makeRun(scratch.url, "y/run", overrides: ["optimizer.learning_rate=0.01"], start: day)
    let comparison = try compareRuns([a.path, b.path])
    #expect(comparison.runs.map(\.label) == ["x/run", "y/run"])
    #expect(comparison.differences.map(\.path) == ["optimizer.learning_rate"])
    #expect(comparison.differences[0].values == [.double(0.001), .double(0.01)])
    #expect(comparison.metricNames == ["loss", "val_loss"])
    #expect(comparison.finalMetrics.map { $0["loss"] } == [0.375, 0.25])
    #expect(comparison.bestMetrics.map { $0["val_loss"] } == [0.5, 0.5])
    let svg = try #require(SVGInspection(comparison.plotSVG))
    #expect(svg.overflows() == [])
    #expect(svg.texts.filter { $0 == "x/run" }.count == 2)  // one legend per panel: loss, val_loss
    #expect(throws: RunFailure.self) { try compareRuns([a.path, scratch.url.path]) }
  }

  @Test func labelsGrowUntilUnique() {
    let urls = ["/s1/trial-000", "/s2/trial-000", "/s1/trial-001"].map { URL(fileURLWithPath: $0) }
    #expect(uniqueLabels(urls) == ["s1/trial-000", "s2/trial-000", "s1/trial-001"])
  }
}
