import NN
import Spec
import Tensors
import YAML

extension ModelBuilder {
  /// Factories for the metrics of a spec, in order; the trainer calls each twice (training and
  /// validation copies).
  ///
  /// `accuracy` is resolved from the loss and shapes as Keras does (`Metrics.make`); `precision`
  /// and `recall` take `thresholds`, `top_k_categorical_accuracy` takes `k` and becomes the sparse
  /// variant under a sparse loss; `auc` and `f1_score` are built with their arguments
  /// (`ModelBuilder+Metrics+Scores.swift`). Two metrics with the same name (which would share a
  /// history column) are reported at the second one.
  public static func makeMetrics(
    _ metrics: [Component], loss: Loss, predictionShape: Shape, targetShape: Shape, source: Source?
  ) throws(DiagnosticList) -> [() -> any Metric] {
    var factories: [() -> any Metric] = []
    var problems: [Diagnostic] = []
    var seen: Set<String> = []
    for (i, metric) in metrics.enumerated() {
      let name = metric.type
      guard seen.insert(name).inserted else {
        problems.append(
          diagnostic(
            at: metric.mark, listedTwice(name),
            keyPath: "metrics.\(i)", source: source))
        continue
      }
      switch name {
      case "precision", "recall":
        guard predictionShape.count == 1, targetShape.count <= 1 else {
          problems.append(
            diagnostic(
              at: metric.mark, binaryMetricMismatch(name, predictionShape: predictionShape),
              keyPath: "metrics.\(i)", source: source))
          continue
        }
        let threshold = Float(metric.arguments["thresholds"]?.asDouble ?? 0.5)
        let kind: ConfusionMetric.Kind = name == "precision" ? .precision : .recall
        factories.append { ConfusionMetric(name: name, kind: kind, threshold: threshold) }
      case "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy":
        let k = metric.arguments["k"]?.asDouble.map { Int($0) } ?? 5
        let sparse = name.hasPrefix("sparse_") || loss.kind == .sparseCategoricalCrossentropy
        factories.append { TopKAccuracyMetric(name: name, k: k, sparse: sparse) }
      case "binary_accuracy":
        let threshold = Float(metric.arguments["threshold"]?.asDouble ?? 0.5)
        factories.append { AccuracyMetric(name: name, kind: .binary(threshold: threshold)) }
      case "auc", "f1_score":
        do throws(DiagnosticList) {
          factories.append(
            try scoreMetric(
              metric, index: i, predictionShape: predictionShape, targetShape: targetShape, source: source))
        } catch {
          problems += error.diagnostics
        }
      default:
        guard
          Metrics.make(name: name, loss: loss, predictionShape: predictionShape, targetShape: targetShape)
            != nil
        else {
          problems.append(
            diagnostic(
              at: metric.mark, "metric '\(name)' cannot be built", keyPath: "metrics.\(i)", source: source))
          continue
        }
        factories.append {
          Metrics.make(name: name, loss: loss, predictionShape: predictionShape, targetShape: targetShape)!
        }
      }
    }
    if !problems.isEmpty { throw DiagnosticList(problems) }
    return factories
  }

  /// Why a metric may not appear twice in `metrics`.
  static func listedTwice(_ name: String) -> String {
    "metric '\(name)' is listed twice; each metric is logged once"
  }

  /// Why `precision` or `recall` (named `name`) cannot score a model with these outputs.
  static func binaryMetricMismatch(_ name: String, predictionShape: Shape) -> String {
    "\(name) is a binary metric (one sigmoid output per example, as Keras's); this model outputs \(predictionShape)"
  }
}
