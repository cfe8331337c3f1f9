import Foundation
import Testing

@testable import Reporting

@Suite struct SummaryTests {
  @Test func bestEpochFollowsTheRuleSkipsNaNAndKeepsTheEarliestTie() {
    let history: [[String: Double]] = [
      ["val_loss": 0.5, "acc": 0.1], ["val_loss": .nan, "acc": 0.9], ["val_loss": 0.3, "acc": 0.9],
      ["val_loss": 0.3, "acc": 0.2],
    ]
    let byLoss = TrainingSummary(
      history: history, monitor: "val_loss", rule: .min, stopReason: "early_stopping", wallTimeSeconds: 4,
      steps: 10)
    #expect(byLoss.bestEpoch == 2)
    #expect(byLoss.bestMetrics == ["val_loss": 0.3, "acc": 0.9])
    #expect(byLoss.finalMetrics == ["val_loss": 0.3, "acc": 0.2])
    #expect(byLoss.stepsPerSecond == 2.5)
    let byAccuracy = TrainingSummary(
      history: history, monitor: "acc", rule: .max, stopReason: "completed", wallTimeSeconds: 0, steps: 10)
    #expect(byAccuracy.bestEpoch == 1)
    #expect(byAccuracy.stepsPerSecond == nil)
    let none = TrainingSummary(
      history: [], monitor: "val_loss", rule: .min, stopReason: "failed", wallTimeSeconds: 0, steps: 0)
    #expect(none.bestEpoch == nil)
    #expect(none.json.compact.contains(#""best_epoch":null"#))
  }

  @Test func objectiveSummaryAndPathFile() throws {
    let folder = try RunFolder.create(at: try makeTemporaryFolder().appendingPathComponent("run"))
    let recorder = try ObjectiveRunRecorder(
      folder: folder,
      manifest: RunManifest(
        name: "himmelblau_adam", specHash: String(repeating: "0", count: 64), seed: 1, toolVersion: "0.1.0",
        commandLine: [], overrides: [], startTime: Date(timeIntervalSince1970: 0), host: "h", threads: 1,
        datasets: []),
      resolvedSpec: "name: himmelblau_adam\n", flushEvery: 2)
    // Distances to the minimum (3, 2): 5, 0.5, 0.05 (3-4-5 triangles scaled).
    let points = [
      ObjectivePathPoint(step: 0, x: 0, y: -2, loss: 170, lr: 0.01),
      ObjectivePathPoint(step: 1, x: 2.7, y: 1.6, loss: 1, lr: 0.01),
      ObjectivePathPoint(step: 2, x: 3.03, y: 2.04, loss: 0.01, lr: 0.01),
    ]
    for p in points { try recorder.record(p) }
    #expect(
      try readText(folder.file("path.csv")) == "step,x,y,loss,lr\n0,0.0,-2.0,170.0,0.01\n1,2.7,1.6,1.0,0.01\n"
    )
    // Himmelblau's four minima (Himmelblau 1972), to the digits usually quoted.
    let minima = [[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]
    let summary = ObjectiveSummary(
      path: points, knownMinima: minima, tolerance: 0.1, stopReason: "completed", wallTimeSeconds: 0.5)
    #expect(summary.nearestMinimum == [3, 2])
    #expect(abs(summary.distanceToNearestMinimum! - 0.05) < 1e-12)
    #expect(summary.firstStepWithinTolerance == 2)
    #expect(summary.steps == 2)
    let grid = PathPlot.Grid(xMin: -5, xMax: 5, yMin: -5, yMax: 5, columns: 41, rows: 41) { x, y in
      (x * x + y - 11) * (x * x + y - 11) + (x + y * y - 7) * (x + y * y - 7)
    }
    try recorder.finish(
      status: .completed, exitReason: "completed", summary: summary, grid: grid, minima: minima,
      endTime: Date(timeIntervalSince1970: 1))
    #expect(try readText(folder.file("path.csv")).hasSuffix("2,3.03,2.04,0.01,0.01\n"))
    #expect(
      try filesUnder(folder.url) == [
        "checkpoints", "path.csv", "path.svg", "run.json", "spec.yaml", "summary.json",
      ])
    try expectEveryFileParses(folder)
    let s = try #require(try parseJSON(readText(folder.file("summary.json"))) as? [String: Any])
    #expect(s["first_step_within_tolerance"] as? Int == 2)
    #expect(s["final_position"] as? [Double] == [3.03, 2.04])
    let unknown = ObjectiveSummary(
      path: points, knownMinima: [], tolerance: 0.1, stopReason: "completed", wallTimeSeconds: 0)
    #expect(unknown.json.compact.contains(#""distance_to_nearest_minimum":null"#))
    #expect(unknown.firstStepWithinTolerance == nil)
  }
}
