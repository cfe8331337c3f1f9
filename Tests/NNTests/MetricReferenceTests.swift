import Foundation
import NN
import Tensors
import Testing
import _TestSupport

/// `auc`, `f1_score` and the accuracies against numpy ports of Keras 3's stateful metrics
/// (`keras/src/metrics/confusion_metrics.py` AUC with `metrics_utils`' bucketed update,
/// `f_score_metrics.py`, `accuracy_metrics.py`), fed the same batches, run through the tests'
/// Python. Tolerance 1e-5: our sums are float64 like numpy's; Keras's own float32 differs ~1e-7.
@Suite struct MetricReferenceTests {
  static let reference = #"""
    import json, sys
    import numpy as np
    eps = 1e-7
    def auc(c, batches):
        n = c["num_thresholds"]
        pos = np.zeros(n); neg = np.zeros(n)
        for p, t in batches:
            p = np.array(p, np.float32).ravel(); t = np.array(t, np.float32).ravel() != 0
            if c["from_logits"]:
                p = (1 / (1 + np.exp(-p.astype(np.float64)))).astype(np.float32)
            p = np.clip(p, 0, 1)
            b = np.maximum(np.ceil(p * np.float32(n - 1)) - 1, 0).astype(int)
            np.add.at(pos, b[t], 1); np.add.at(neg, b[~t], 1)
        tp = np.cumsum(pos[::-1])[::-1]; fp = np.cumsum(neg[::-1])[::-1]
        fn = tp[0] - tp; tn = fp[0] - fp
        div = lambda a, b: np.where(b == 0, 0, a / np.where(b == 0, 1, b))
        if c["curve"] == "PR" and c["summation"] == "interpolation":
            dtp = tp[:-1] - tp[1:]; p_ = tp + fp; dp = p_[:-1] - p_[1:]
            slope = div(dtp, np.maximum(dp, 0)); intercept = tp[1:] - slope * p_[1:]
            ratio = np.where((p_[:-1] > 0) & (p_[1:] > 0), div(p_[:-1], np.maximum(p_[1:], 0)), 1)
            return float(np.sum(div(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0))))
        recall = div(tp, tp + fn)
        if c["curve"] == "ROC":
            x, y = div(fp, fp + tn), recall
        else:
            x, y = recall, div(tp, tp + fp)
        h = {"interpolation": (y[:-1] + y[1:]) / 2, "minoring": np.minimum(y[:-1], y[1:]),
             "majoring": np.maximum(y[:-1], y[1:])}[c["summation"]]
        return float(np.sum((x[:-1] - x[1:]) * h))
    def exact_roc(batches):
        p = np.concatenate([np.ravel(b[0]) for b in batches]); t = np.concatenate([np.ravel(b[1]) for b in batches]) != 0
        P, N = p[t], p[~t]
        return float(((P[:, None] > N[None, :]).sum() + 0.5 * (P[:, None] == N[None, :]).sum()) / (len(P) * len(N)))
    def f1(c, batches):
        k = None
        for p, t in batches:
            p = np.array(p, np.float64); t = np.array(t, np.float64)
            if c["sparse"]:
                t = np.eye(p.shape[1])[t.astype(int).ravel()]
            if c["threshold"] is None:
                y = (p >= p.max(-1, keepdims=True)) & (np.abs(p) > 1e-9)
            else:
                y = p > c["threshold"]
            y = y.astype(np.float64)
            s = np.stack([(y * t).sum(0), (y * (1 - t)).sum(0), ((1 - y) * t).sum(0), t.sum(0)])
            k = s if k is None else k + s
        tp, fp, fn, w = k
        if c["average"] == "micro":
            tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
        pr = tp / (tp + fp + eps); rc = tp / (tp + fn + eps)
        f = 2 * pr * rc / (pr + rc + eps)
        if c["average"] == "weighted":
            return float(np.sum(f * w / (w.sum() + eps)))
        return float(np.mean(f))
    def accuracy(c, batches):
        hits = total = 0
        for p, t in batches:
            p = np.array(p); t = np.array(t)
            if c["kind"] == "binary":
                r = (p > c["threshold"]) == (t > 0.5)
            elif c["kind"] == "sparse_top_k":
                score = np.take_along_axis(p, t.astype(int).reshape(-1, 1), 1)
                r = (p > score).sum(1) < c["k"]
            else:
                r = p.argmax(-1) == (t.argmax(-1) if c["kind"] == "categorical" else t.astype(int).ravel())
            hits += r.sum(); total += r.size
        return float(hits / total)
    out = []
    for c in json.load(open(sys.argv[1])):
        out.append({"auc": auc, "exact_roc": lambda c, b: exact_roc(b), "f1": f1, "accuracy": accuracy}[c["metric"]](c, c["batches"]))
    print(json.dumps(out))
    """#

  /// Three batches of predictions and labels, shapes `[rows, columns]`; some predictions sit
  /// exactly on thresholds (0, 0.5, 1) and outside [0, 1].
  static func batches(columns: Int, sparse: Bool = false, logits: Bool = false, seed: UInt64) -> [(
    Tensor, Tensor
  )] {
    var s = RandomStream(seed: seed, name: "metric-batches")
    return [40, 25, 35].map { rows in
      let p = Tensor(zeros: [rows, columns])
      if logits {
        s.fillNormal(p.buffer, mean: 0, stddev: 2)
      } else {
        s.fillUniform(p.buffer, low: 0, high: 1)
      }
      if !logits && columns == 1 {
        p.buffer[0] = 0.5
        p.buffer[1] = 0
        p.buffer[2] = 1
        p.buffer[3] = 1.2
      }
      let t: Tensor
      if sparse {
        t = Tensor(shape: [rows], values: (0..<rows).map { _ in Float(s.nextInt(below: columns)) })
      } else {
        // Labels correlated with the predictions, so the curves are not trivial.
        t = Tensor(zeros: [rows, columns])
        for i in 0..<(rows * columns) {
          let v = logits ? 1 / (1 + expf(-p.buffer[i])) : p.buffer[i]
          t.buffer[i] = Float(s.nextInt(below: 100)) < 100 * (0.25 + 0.5 * v) ? 1 : 0
        }
      }
      return (p, t)
    }
  }

  static func json(_ batches: [(Tensor, Tensor)]) -> String {
    func list(_ t: Tensor) -> String {
      let columns = t.shape.rank == 1 ? 1 : t.shape[1]
      let rows = (0..<t.shape[0]).map { r in
        "[" + (0..<columns).map { "\(Double(t.buffer[r * columns + $0]))" }.joined(separator: ",") + "]"
      }
      return "[" + rows.joined(separator: ",") + "]"
    }
    return "[" + batches.map { "[\(list($0.0)),\(list($0.1))]" }.joined(separator: ",") + "]"
  }

  struct Case {
    let metric: any Metric
    let batches: [(Tensor, Tensor)]
    let config: String  // the reference's keys, without `batches`
    var tolerance: Double = 1e-5
  }

  static func cases() -> [Case] {
    let binary = batches(columns: 1, seed: 1)
    let multi = batches(columns: 4, seed: 2)
    let logits = batches(columns: 3, logits: true, seed: 3)
    let sparse = batches(columns: 4, sparse: true, seed: 4)
    func auc(
      _ curve: AUCMetric.Curve, _ sum: AUCMetric.Summation, thresholds: Int = 200, logits: Bool = false
    )
      -> String
    {
      #""metric":"auc","num_thresholds":\#(thresholds),"curve":"\#(curve.rawValue)","summation":"\#(sum.rawValue)","from_logits":\#(logits)"#
    }
    func f1(_ a: F1ScoreMetric.Average, _ threshold: Float?, sparse: Bool) -> String {
      #""metric":"f1","average":"\#(a.rawValue)","threshold":\#(threshold.map { "\(Double($0))" } ?? "null"),"sparse":\#(sparse)"#
    }
    var all: [Case] = []
    for (curve, sum) in [
      (AUCMetric.Curve.roc, AUCMetric.Summation.interpolation), (.roc, .minoring), (.roc, .majoring),
      (.pr, .interpolation), (.pr, .majoring), (.pr, .minoring),
    ] {
      all.append(
        Case(metric: AUCMetric(curve: curve, summation: sum), batches: binary, config: auc(curve, sum)))
    }
    all.append(
      Case(metric: AUCMetric(thresholds: 7), batches: multi, config: auc(.roc, .interpolation, thresholds: 7))
    )
    all.append(
      Case(
        metric: AUCMetric(fromLogits: true), batches: logits, config: auc(.roc, .interpolation, logits: true))
    )
    // Keras's buckets approximate the exact ROC AUC closely with 200 thresholds.
    all.append(
      Case(
        metric: AUCMetric(thresholds: 1000), batches: multi, config: #""metric":"exact_roc""#, tolerance: 2e-3
      ))
    for average in [F1ScoreMetric.Average.micro, .macro, .weighted] {
      all.append(
        Case(
          metric: F1ScoreMetric(average: average, threshold: nil, classes: 4, sparse: false), batches: multi,
          config: f1(average, nil, sparse: false)))
      all.append(
        Case(
          metric: F1ScoreMetric(average: average, threshold: 0.5, classes: 4, sparse: false), batches: multi,
          config: f1(average, 0.5, sparse: false)))
      all.append(
        Case(
          metric: F1ScoreMetric(average: average, threshold: nil, classes: 4, sparse: true), batches: sparse,
          config: f1(average, nil, sparse: true)))
    }
    all.append(
      Case(
        metric: AccuracyMetric(name: "binary_accuracy", kind: .binary(threshold: 0.3)), batches: multi,
        config: #""metric":"accuracy","kind":"binary","threshold":0.3"#))
    all.append(
      Case(
        metric: AccuracyMetric(kind: .categorical), batches: multi,
        config: #""metric":"accuracy","kind":"categorical""#))
    all.append(
      Case(
        metric: AccuracyMetric(kind: .sparseCategorical), batches: sparse,
        config: #""metric":"accuracy","kind":"sparse""#))
    all.append(
      Case(
        metric: TopKAccuracyMetric(name: "sparse_top_k_categorical_accuracy", k: 2, sparse: true),
        batches: sparse,
        config: #""metric":"accuracy","kind":"sparse_top_k","k":2"#))
    return all
  }

  @Test func statefulValuesMatchNumPy() throws {
    let cases = Self.cases()
    let input =
      "[" + cases.map { "{\($0.config),\"batches\":\(Self.json($0.batches))}" }.joined(separator: ",") + "]"
    // A file, not an argument: the batches exceed the kernel's limit on one argument.
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "metrics-\(UUID().uuidString).json")
    try Data(input.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let output = try TestPython.run(code: Self.reference, arguments: [file.path])
    #expect(output.status == 0, "\(output.stderr)")
    let expected = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [Double], "\(output.stdout)")
    #expect(expected.count == cases.count)
    for (c, want) in zip(cases, expected) {
      c.metric.reset()
      for (p, t) in c.batches { c.metric.update(predictions: p, targets: t) }
      let got = Double(c.metric.result())
      #expect(
        isClose(got, want, relative: c.tolerance, absolute: c.tolerance),
        "\(c.config): \(got) vs numpy \(want)")
      // Saved and restored accumulators give the same value (a resumed epoch continues exactly).
      let saved = c.metric.accumulators
      c.metric.reset()
      c.metric.accumulators = saved
      #expect(Double(c.metric.result()) == got)
    }
  }
}
