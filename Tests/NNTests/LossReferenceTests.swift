import Foundation
import NN
import Tensors
import Testing
import _TestSupport

/// Loss values against an independent numpy port of Keras 3's formulas
/// (`keras/src/losses/losses.py`, float64), run through the tests' Python. Keras's reduction is
/// `sum_over_batch_size`: per-sample values (a mean or sum over the last axis) weighted and divided
/// by the batch. Tolerance 1e-5 relative: our float32 against numpy's float64.
@Suite struct LossReferenceTests {
  /// The numpy reference: one JSON list of cases in, one list of values out.
  static let reference = #"""
    import json, sys
    import numpy as np
    eps = 1e-7
    def per_sample(c, p, t):
        k = c["kind"]; ls = c.get("ls", 0.0); logits = c.get("logits", False)
        if k == "binary_crossentropy":
            t = t * (1 - ls) + 0.5 * ls
            if logits:
                return np.mean(np.maximum(p, 0) - p * t + np.log1p(np.exp(-np.abs(p))), -1)
            o = np.clip(p, eps, 1 - eps)
            return np.mean(-(t * np.log(o) + (1 - t) * np.log(1 - o)), -1)
        if k == "categorical_crossentropy":
            t = t * (1 - ls) + ls / t.shape[-1]
            if logits:
                z = p - p.max(-1, keepdims=True)
                return -np.sum(t * (z - np.log(np.exp(z).sum(-1, keepdims=True))), -1)
            o = np.clip(p / p.sum(-1, keepdims=True), eps, 1 - eps)
            return -np.sum(t * np.log(o), -1)
        if k == "binary_focal_crossentropy":
            t = t * (1 - ls) + 0.5 * ls
            if logits:
                x = p; p = 1 / (1 + np.exp(-x))
                bce = np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))
            else:
                o = np.clip(p, eps, 1 - eps)
                bce = -(t * np.log(o) + (1 - t) * np.log(1 - o))
            pt = t * p + (1 - t) * (1 - p)
            f = (1 - pt) ** c["gamma"] * bce
            if c["balance"]:
                f = f * (t * c["alpha"] + (1 - t) * (1 - c["alpha"]))
            return np.mean(f, -1)
        if k == "kl_divergence":
            tc = np.clip(t, eps, 1); pc = np.clip(p, eps, 1)
            return np.sum(tc * np.log(tc / pc), -1)
        if k == "log_cosh":
            return np.mean(np.log(np.cosh(p - t)), -1)
        if k == "poisson":
            return np.mean(p - t * np.log(p + eps), -1)
        if k in ("hinge", "squared_hinge"):
            if np.all((t == 0) | (t == 1)):
                t = 2 * t - 1
            m = np.maximum(1 - t * p, 0)
            return np.mean(m if k == "hinge" else m * m, -1)
        if k == "categorical_hinge":
            return np.maximum(np.max((1 - t) * p, -1) - np.sum(t * p, -1) + 1, 0)
        if k == "mean_absolute_percentage_error":
            return 100 * np.mean(np.abs((t - p) / np.maximum(np.abs(t), eps)), -1)
        if k == "mean_squared_logarithmic_error":
            return np.mean((np.log(np.maximum(p, eps) + 1) - np.log(np.maximum(t, eps) + 1)) ** 2, -1)
        if k == "cosine_similarity":
            n = lambda x: x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), eps)
            return -np.sum(n(t) * n(p), -1)
        raise ValueError(k)
    out = []
    for c in json.loads(sys.argv[1]):
        shape = c["shape"]
        p = np.array(c["p"], np.float64).reshape(shape); t = np.array(c["t"], np.float64).reshape(shape)
        w = np.array(c["w"], np.float64)
        v = per_sample(c, p, t)
        out.append(float(np.sum(w * v) / v.shape[0]))
    print(json.dumps(out))
    """#

  struct Case {
    let loss: Loss
    let predictions: [Float]
    let targets: [Float]
    var weights: [Float] = [1, 1]
  }

  static let probabilities: [Float] = [0.9, 0.2, 0.6, 0.05, 0.7, 0.4]
  static let binary: [Float] = [1, 0, 1, 0, 1, 0]
  static let logits: [Float] = [2.0, -1.0, 0.5, -3.0, 0.2, 4.0]
  static let oneHot: [Float] = [0, 1, 0, 0, 0, 1]
  static let distribution: [Float] = [0.2, 0.5, 0.3, 0.1, 0.0, 0.9]
  static let positive: [Float] = [1.5, 0.2, 3.0, 0.7, 2.2, 0.05]
  static let counts: [Float] = [1, 0, 4, 2, 2, 0]
  static let regression: [Float] = [0.1, 0.8, 2.0, 0.6, -0.3, 0.25]
  static let regressionTargets: [Float] = [0.0, 1.0, 0.5, 1.0, -2.0, 0.25]

  static let cases: [Case] = [
    Case(loss: Loss(.binaryCrossentropy, labelSmoothing: 0.2), predictions: probabilities, targets: binary),
    Case(
      loss: Loss(.binaryCrossentropy, fromLogits: true, labelSmoothing: 0.1), predictions: logits,
      targets: binary,
      weights: [0.5, 2]),
    Case(
      loss: Loss(.categoricalCrossentropy, labelSmoothing: 0.1), predictions: probabilities, targets: oneHot),
    Case(
      loss: Loss(.categoricalCrossentropy, fromLogits: true, labelSmoothing: 0.3), predictions: logits,
      targets: oneHot),
    Case(loss: Loss(.binaryFocalCrossentropy), predictions: probabilities, targets: binary),
    Case(loss: Loss(.binaryFocalCrossentropy, fromLogits: true), predictions: logits, targets: binary),
    Case(
      loss: Loss(
        .binaryFocalCrossentropy, labelSmoothing: 0.1, gamma: 1.5, alpha: 0.4, applyClassBalancing: true),
      predictions: probabilities, targets: binary, weights: [2, 0.5]),
    Case(
      loss: Loss(.binaryFocalCrossentropy, fromLogits: true, gamma: 0, applyClassBalancing: true),
      predictions: logits, targets: binary),
    Case(loss: Loss(.klDivergence), predictions: probabilities, targets: distribution, weights: [1, 3]),
    Case(loss: Loss(.logCosh), predictions: regression, targets: regressionTargets),
    Case(loss: Loss(.poisson), predictions: positive, targets: counts),
    Case(loss: Loss(.hinge), predictions: regression, targets: binary),
    Case(loss: Loss(.hinge), predictions: regression, targets: [1, -1, 1, -1, -1, 1]),
    Case(loss: Loss(.squaredHinge), predictions: regression, targets: binary, weights: [0.5, 1]),
    Case(loss: Loss(.categoricalHinge), predictions: regression, targets: oneHot),
    Case(loss: Loss(.meanAbsolutePercentageError), predictions: regression, targets: regressionTargets),
    Case(loss: Loss(.meanSquaredLogarithmicError), predictions: positive, targets: counts),
    Case(
      loss: Loss(.cosineSimilarity), predictions: regression, targets: regressionTargets, weights: [1, 2]),
  ]

  func json(_ c: Case) -> String {
    func list(_ v: [Float]) -> String { "[" + v.map { "\(Double($0))" }.joined(separator: ",") + "]" }
    let l = c.loss
    return """
      {"kind":"\(l.kind.rawValue)","shape":[2,3],"p":\(list(c.predictions)),"t":\(list(c.targets)),\
      "w":\(list(c.weights)),"ls":\(l.labelSmoothing),"logits":\(l.fromLogits),"gamma":\(l.gamma),\
      "alpha":\(l.alpha),"balance":\(l.applyClassBalancing)}
      """
  }

  @Test func valuesMatchNumPy() throws {
    let input = "[" + Self.cases.map(json).joined(separator: ",") + "]"
    let output = try TestPython.run(code: Self.reference, arguments: [input])
    #expect(output.status == 0, "\(output.stderr)")
    let expected = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [Double], "\(output.stdout)")
    #expect(expected.count == Self.cases.count)
    for (c, want) in zip(Self.cases, expected) {
      let got = c.loss.compute(
        predictions: Tensor(shape: [2, 3], values: c.predictions),
        targets: Tensor(shape: [2, 3], values: c.targets),
        sampleWeights: Tensor(shape: [2], values: c.weights))
      #expect(
        isClose(Double(got), want, relative: 1e-5, absolute: 1e-6), "\(c.loss): \(got) vs numpy \(want)")
    }
  }
}
