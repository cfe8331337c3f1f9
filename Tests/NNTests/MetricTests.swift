import NN
import Tensors
import Testing
import _TestSupport

/// Metrics on hand-computed cases (Keras semantics: argmax accuracy, threshold 0.5, in_top_k ties).
@Suite struct MetricTests {
  func make(_ name: String, _ loss: Loss.Kind, _ p: Shape, _ t: Shape) -> any Metric {
    Metrics.make(name: name, loss: Loss(loss), predictionShape: p, targetShape: t)!
  }

  @Test func accuracyResolution() {
    let sparse = make("accuracy", .sparseCategoricalCrossentropy, [3], [])
    #expect((sparse as? AccuracyMetric)?.kind == .sparseCategorical)
    #expect((make("accuracy", .categoricalCrossentropy, [3], [3]) as? AccuracyMetric)?.kind == .categorical)
    #expect((make("acc", .binaryCrossentropy, [1], [1]) as? AccuracyMetric)?.kind == .binary(threshold: 0.5))
    #expect(
      (make("accuracy", .meanSquaredError, [1], [1]) as? AccuracyMetric)?.kind == .binary(threshold: 0.5))
    #expect(
      Metrics.make(name: "f1", loss: Loss(.meanSquaredError), predictionShape: [1], targetShape: [1]) == nil)
  }

  @Test func sparseAndCategoricalAccuracyAccumulate() {
    let m = make("accuracy", .sparseCategoricalCrossentropy, [3], [])
    m.update(
      predictions: Tensor(shape: [2, 3], values: [0.1, 0.7, 0.2, 0.5, 0.3, 0.2]),
      targets: Tensor(shape: [2], values: [1, 2]))
    #expect(m.result() == 0.5)
    m.update(
      predictions: Tensor(shape: [1, 3], values: [0, 0, 1]), targets: Tensor(shape: [1], values: [2]))
    #expect(isClose(Double(m.result()), 2.0 / 3))
    m.reset()
    #expect(m.result() == 0)
    let c = make("accuracy", .categoricalCrossentropy, [3], [3])
    c.update(
      predictions: Tensor(shape: [2, 3], values: [0.1, 0.7, 0.2, 0.5, 0.3, 0.2]),
      targets: Tensor(shape: [2, 3], values: [0, 1, 0, 0, 1, 0]))
    #expect(c.result() == 0.5)
  }

  @Test func binaryAccuracyPrecisionRecall() {
    let p = Tensor(shape: [6, 1], values: [0.9, 0.6, 0.4, 0.2, 0.7, 0.5])
    let t = Tensor(shape: [6, 1], values: [1, 0, 1, 0, 1, 1])
    // predicted positive (> 0.5): 0.9, 0.6, 0.7 → TP 2 (0.9, 0.7), FP 1 (0.6); FN 2 (0.4, 0.5)
    let acc = make("accuracy", .binaryCrossentropy, [1], [1])
    acc.update(predictions: p, targets: t)
    #expect(isClose(Double(acc.result()), 3.0 / 6))
    let precision = make("precision", .binaryCrossentropy, [1], [1])
    precision.update(predictions: p, targets: t)
    #expect(isClose(Double(precision.result()), 2.0 / 3))
    let recall = make("recall", .binaryCrossentropy, [1], [1])
    recall.update(predictions: p, targets: t)
    #expect(isClose(Double(recall.result()), 2.0 / 4))
  }

  @Test func regressionErrors() {
    let p = Tensor(shape: [2, 2], values: [1, 2, 3, 4])
    let t = Tensor(shape: [2, 2], values: [1, 0, 0, 4])
    let mae = make("mae", .meanSquaredError, [2], [2])
    let mse = make("mse", .meanSquaredError, [2], [2])
    let rmse = make("rmse", .meanSquaredError, [2], [2])
    for m in [mae, mse, rmse] { m.update(predictions: p, targets: t) }
    #expect(mae.result() == 5.0 / 4)
    #expect(mse.result() == 13.0 / 4)
    #expect(isClose(Double(rmse.result()), (13.0 / 4).squareRoot()))
  }

  @Test func topK() {
    // 7 classes; label 0 scores 0.3, five classes score higher → outside the top 5.
    let p = Tensor(
      shape: [2, 7], values: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.1, 0.3, 0.4, 0.5, 0.6, 0.7, 0.3, 0.1])
    let m = make("top_k_categorical_accuracy", .sparseCategoricalCrossentropy, [7], [])
    m.update(predictions: p, targets: Tensor(shape: [2], values: [0, 5]))
    // second row: label 5 scores 0.3, tied with class 0; four classes score higher → in the top 5.
    #expect(m.result() == 0.5)
  }
}
