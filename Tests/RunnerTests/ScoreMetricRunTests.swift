import Foundation
import Spec
import Testing
import _TestSupport

@testable import Runner

/// The new losses and metrics in whole runs: `auc`, `f1_score` and the `acc` alias become
/// metrics.csv columns (and `val_` ones), and early stopping can monitor `val_auc` with `mode: auto`.
@Suite struct ScoreMetricRunTests {
  static let spec = """
    name: scores
    seed: 5
    data: {type: synthetic_classification, samples: 120, shape: [4], classes: 2}
    model:
      input: [4]
      layers:
        - {type: dense, units: 6, activation: relu}
        - {type: dense, units: 1, activation: sigmoid}
    loss: {type: binary_focal_crossentropy, label_smoothing: 0.05}
    metrics: [acc, auc, {type: f1_score, threshold: 0.5}]
    optimizer: {type: adam, learning_rate: 0.01}
    train: {epochs: 4, batch_size: 16, validation: 0.25}
    callbacks:
      - {type: early_stopping, monitor: val_auc, patience: 10}
    """

  @Test func scoreMetricsAreLoggedAndMonitored() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("run")
    let outcome = try runExperiment(
      try loadSpec(text: Self.spec, name: "scores.yaml"), options: RunOptions(outDirectory: out.path))
    #expect(outcome.status == .completed)
    let csv = try String(contentsOf: out.appendingPathComponent("metrics.csv"), encoding: .utf8)
    let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map {
      $0.split(separator: ",").map(String.init)
    }
    let header = try #require(lines.first)
    for column in ["acc", "auc", "f1_score", "val_acc", "val_auc", "val_f1_score", "loss", "val_loss"] {
      #expect(header.contains(column), "\(header)")
    }
    #expect(lines.count == 5)
    for row in lines.dropFirst() {
      for column in ["auc", "val_auc", "f1_score", "val_f1_score"] {
        let value = try #require(Double(row[header.firstIndex(of: column)!]))
        #expect(value >= 0 && value <= 1, "\(column) \(value)")
      }
    }
    // Clustered data: the classifier ranks the validation examples well after a few epochs.
    let last = try #require(lines.last)
    #expect(try #require(Double(last[header.firstIndex(of: "val_auc")!])) > 0.7)
  }
}
