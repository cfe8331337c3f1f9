import NN
import Spec
import Tensors
import YAML

extension ModelBuilder {
  /// The factory of an `auc` or `f1_score` metric, after checking that the model's outputs and
  /// targets (per example) fit it; a misfit is reported at the metric with both shapes.
  ///
  /// `auc` compares every output with its target (Keras's `multi_label=False` flattens them), so
  /// both need the same number of values. `f1_score` needs one vector of class scores per example
  /// (Keras's 2-D inputs) and one-hot or multi-label targets of the same shape, or integer labels.
  static func scoreMetric(
    _ metric: Component, index: Int, predictionShape: Shape, targetShape: Shape, source: Source?
  ) throws(DiagnosticList) -> () -> any Metric {
    let name = metric.type
    func fail(_ message: String) -> DiagnosticList {
      DiagnosticList([diagnostic(at: metric.mark, message, keyPath: "metrics.\(index)", source: source)])
    }
    func string(_ key: String) -> String? {
      if case .string(let s)? = metric.arguments[key] { s } else { nil }
    }
    if name == "auc" {
      guard predictionShape.count == targetShape.count else {
        throw fail(
          "auc compares each output with its target (Keras's multi_label false); the model outputs "
            + "\(predictionShape) per example but the targets are \(targetShape)")
      }
      let thresholds = metric.arguments["num_thresholds"]?.asDouble.map { Int($0) } ?? 200
      let curve = AUCMetric.Curve(rawValue: string("curve") ?? "ROC") ?? .roc
      let summation =
        AUCMetric.Summation(rawValue: string("summation_method") ?? "interpolation") ?? .interpolation
      let fromLogits = metric.arguments["from_logits"] == .bool(true)
      return {
        AUCMetric(
          name: name, thresholds: thresholds, curve: curve, summation: summation, fromLogits: fromLogits)
      }
    }
    guard predictionShape.rank == 1, let classes = predictionShape.dims.first else {
      throw fail(
        "f1_score needs one vector of class scores per example (Keras's (batch, classes)); "
          + "this model outputs \(predictionShape) per example")
    }
    let sparse: Bool
    if targetShape == predictionShape {
      sparse = false
    } else if classes > 1, targetShape.count == 1, targetShape.rank <= 1 {
      sparse = true  // integer labels, read as one-hot rows
    } else {
      throw fail(
        "f1_score needs one-hot (or multi-label) targets of the model's output shape \(predictionShape) "
          + "or integer labels; the targets are \(targetShape) per example")
    }
    guard let average = F1ScoreMetric.Average(rawValue: string("average") ?? "macro") else {
      throw fail("f1_score: average must be micro, macro or weighted")
    }
    let threshold = metric.arguments["threshold"]?.asDouble.map { Float($0) }
    return {
      F1ScoreMetric(name: name, average: average, threshold: threshold, classes: classes, sparse: sparse)
    }
  }
}
