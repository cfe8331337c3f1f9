import Foundation
import Reporting
import Spec
import Testing
import YAML
import _TestSupport

@testable import Runner

/// The objective runner end to end: files, determinism, closed forms, divergence (float64 runs: `ObjectiveFloat64Tests`).
@Suite struct ObjectiveRunnerTests {
  static let himmelblau = """
    name: himmelblau_adam
    objective: {function: himmelblau, start: [-4, 4], steps: 200}
    optimizer: {type: adam, learning_rate: 0.01}
    """

  @Test func twoRunsWriteIdenticalPaths() throws {
    let a = try runObjectiveSpec(Self.himmelblau, label: "determinism-a")
    let b = try runObjectiveSpec(Self.himmelblau, label: "determinism-b")
    #expect(a.folder.url != b.folder.url)
    let pathA = try Data(contentsOf: a.folder.file("path.csv"))
    #expect(pathA == (try Data(contentsOf: b.folder.file("path.csv"))))
    #expect(try objectiveFileText(a, "lr_history.csv") == (try objectiveFileText(b, "lr_history.csv")))
  }

  @Test func completedRunWritesEveryFile() throws {
    let result = try runObjectiveSpec(Self.himmelblau)
    #expect(result.status == .completed)
    for name in ["spec.yaml", "run.json", "path.csv", "lr_history.csv", "summary.json", "path.svg"] {
      #expect(FileManager.default.fileExists(atPath: result.folder.file(name).path), "\(name) missing")
    }
    let rows = try objectivePathRows(result)
    #expect(try objectiveFileText(result, "path.csv").hasPrefix("step,x,y,loss,lr\n"))
    #expect(rows.count == 201)
    #expect(rows.map { Int($0[0]) } == Array(0...200))
    for row in rows {
      #expect(row.count == 5)
      #expect(row.dropFirst().allSatisfy { Double($0)?.isFinite == true }, "non-finite row \(row)")
    }
    // Adam(0.01) without a schedule: every update used float32(0.01).
    #expect(Set(rows.map { $0[4] }) == ["0.009999999776482582"])
    let history = try objectiveFileText(result, "lr_history.csv").split(separator: "\n")
    #expect(history.first == "step,epoch,lr")
    #expect(history.count == 201)
    #expect(history[1] == "0,0,0.009999999776482582")
    #expect(history.last == "199,0,0.009999999776482582")

    let run = try objectiveJSON(result, "run.json")
    #expect(run["status"] as? String == "completed")
    #expect(run["exit_reason"] as? String == "steps_completed")
    let summary = try objectiveJSON(result, "summary.json")
    #expect(summary["steps"] as? Int == 200)
    #expect(summary["tolerance"] as? Double == defaultObjectiveTolerance)
    #expect(summary["stop_reason"] as? String == "steps_completed")
    // The path heads for Himmelblau's minimum at (-2.805118, 3.131312).
    #expect(summary["nearest_minimum"] as? [Double] == [-2.805118, 3.131312])
    #expect(try objectiveFileText(result, "spec.yaml").contains("function: himmelblau"))
    #expect(try objectivePlotIsWellFormed(result))
  }

  /// SGD on f = a·x² + b·y²: x_{t+1} = x_t − lr·2a·x_t, so x_t = x_0·(1 − 2a·lr)^t (and likewise y).
  /// Each float32 step rounds with relative error ≤ 2⁻²⁴ in a few operations; over 60 steps the
  /// relative error stays below 60·4·6e-8 ≈ 1.4e-5, hence the tolerance 2e-5.
  @Test func sgdOnQuadraticFollowsTheClosedForm() throws {
    let result = try runObjectiveSpec(
      """
      name: quadratic_sgd
      objective: {function: quadratic, start: [1.5, -2], steps: 60, scales: [2, 0.5]}
      optimizer: {type: sgd, learning_rate: 0.1}
      """)
    #expect(result.status == .completed)
    #expect(result.path.count == 61)
    for p in result.path {
      let x = 1.5 * pow(1 - 2 * 2 * 0.1, Double(p.step))
      let y = -2 * pow(1 - 2 * 0.5 * 0.1, Double(p.step))
      #expect(isClose(p.x, x, relative: 2e-5, absolute: 1e-30), "step \(p.step): x \(p.x) vs \(x)")
      #expect(isClose(p.y, y, relative: 2e-5, absolute: 1e-30), "step \(p.step): y \(p.y) vs \(y)")
      #expect(isClose(p.loss, 2 * x * x + 0.5 * y * y, relative: 5e-5, absolute: 1e-30))
    }
    // 0.6^60 · 1.5 ≈ 7e-14 but 0.9^60 · 2 ≈ 3.6e-3: the path is within 1e-2 of (0, 0) only once
    // 2·0.9^t ≤ 1e-2 (and 1.5·0.6^t is negligible), i.e. from t = ceil(log(200)/log(1/0.9)) = 51.
    let summary = try objectiveJSON(result, "summary.json")
    #expect(summary["first_step_within_tolerance"] is NSNull)
    let tolerant = try runObjectiveSpec(
      """
      name: quadratic_sgd
      objective: {function: quadratic, start: [1.5, -2], steps: 60, scales: [2, 0.5], tolerance: 0.01}
      optimizer: {type: sgd, learning_rate: 0.1}
      """)
    #expect(tolerant.summary.firstStepWithinTolerance == 51)
  }

  @Test func divergenceStopsAndStillWritesTheFolder() throws {
    let result = try runObjectiveSpec(
      """
      name: rosenbrock_blowup
      objective: {function: rosenbrock, start: [-1.5, 2.5], steps: 1000}
      optimizer: {type: sgd, learning_rate: 0.1}
      """)
    #expect(result.status == .diverged)
    let last = try #require(result.path.last)
    #expect(last.step < 1000)
    #expect(!(last.x.isFinite && last.y.isFinite && last.loss.isFinite))
    #expect(result.path.dropLast().allSatisfy { $0.x.isFinite && $0.y.isFinite && $0.loss.isFinite })
    let run = try objectiveJSON(result, "run.json")
    #expect(run["status"] as? String == "diverged")
    #expect((run["exit_reason"] as? String)?.hasPrefix("non-finite position or loss at step") == true)
    let summary = try objectiveJSON(result, "summary.json")
    #expect(summary["stop_reason"] as? String == "diverged")
    #expect(try objectivePlotIsWellFormed(result))
    #expect(try objectivePathRows(result).count == result.path.count)
  }

  @Test func interruptionEndsTheRunAsInterrupted() throws {
    let loaded = try loadObjectiveSpec(Self.himmelblau)
    let folder = try RunFolder.create(at: try makeObjectiveTemporaryFolder().appendingPathComponent("run"))
    var polls = 0
    let result = try runObjective(
      loaded, folder: folder, manifest: objectiveTestManifest(loaded),
      shouldStop: {
        polls += 1
        return polls > 5
      })
    #expect(result.status == .interrupted)
    #expect(result.path.map(\.step) == Array(0...5))
    #expect(try objectiveJSON(result, "run.json")["status"] as? String == "interrupted")
  }
}
