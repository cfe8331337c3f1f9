import Datasets
import Foundation
import NN
import Optimizers
import Tensors
import Testing
import _TestSupport
@testable import Training

/// Records the running logs and every weight after each optimizer step.
final class ParityStepRecorder: Callback {
  var logs: [Logs] = []
  var weights: [[String: [Float]]] = []

  func onBatchEnd(step: Int, epoch: Int, logs: Logs, _ control: TrainingControl) {
    self.logs.append(logs)
    weights.append(control.snapshotWeights().values)
  }
}

/// One epoch of `Trainer.fit` on fixed data from fixed weights, built with the formulas of
/// `scripts/reference/training_step_reference.py`, and the helpers that compare it with the script.
struct ParityRun {
  let trainer: Trainer
  let recorder: ParityStepRecorder
  let result: TrainingResult
  let batchSizes: [Int]

  /// `w[i] = Float(scale · sin(0.7·i + k))`: the script's `wave`.
  static func wave(_ count: Int, _ k: Int, scale: Double = 0.3) -> [Float] {
    (0..<count).map { Float(scale * sin(0.7 * Double($0) + Double(k))) }
  }

  /// `x[i] = Float(sin(0.37·i + phase)) + offset` over the flattened shape: the script's `inputs`.
  static func inputs(_ shape: Shape, phase: Double, offset: Float = 0) -> Tensor {
    Tensor(shape: shape, values: (0..<shape.count).map { Float(sin(0.37 * Double($0) + phase)) + offset })
  }

  /// Builds the graph for `batchSize`, sets `weights`, and fits one epoch without shuffling.
  init(
    input: Shape, nodes: [GraphNode], weights: [String: [Float]], x: Tensor, y: Tensor, loss: Loss,
    accuracy: Bool, optimizer: Optimizer, batchSize: Int, classWeight: [Int: Float]? = nil
  ) throws {
    let graph = try Graph(inputShape: input, nodes: nodes, seed: 0)
    graph.build(maxBatchSize: batchSize)
    try graph.setParameterValues(weights)
    let outputShape = graph.outputShape
    let targetShape = y.shape.unbatched
    let metrics: [() -> any Metric] =
      accuracy
      ? [
        {
          Metrics.make(name: "accuracy", loss: loss, predictionShape: outputShape, targetShape: targetShape)!
        }
      ]
      : []
    trainer = Trainer(
      graph: graph, loss: loss, metrics: metrics, optimizer: optimizer, train: Split(x: x, y: y),
      validation: nil,
      configuration: TrainingConfiguration(
        epochs: 1, batchSize: batchSize, shuffle: false, classWeight: classWeight, seed: 0))
    recorder = ParityStepRecorder()
    result = trainer.fit(callbacks: [recorder])
    let n = x.shape[0]
    batchSizes = stride(from: 0, to: n, by: batchSize).map { min(batchSize, n - $0) }
  }

  /// Keras's running `loss` after each step (batch losses averaged with batch sizes as weights).
  var runningLoss: [Double] { recorder.logs.map { $0["loss"]! } }

  /// The running accuracy after each step.
  var runningAccuracy: [Double] { recorder.logs.map { $0["accuracy"]! } }

  /// Each step's own batch loss, recovered from consecutive running means:
  /// `(L_k·S_k − L_{k−1}·S_{k−1}) / n_k` with `S_k` the samples seen.
  var batchLoss: [Double] {
    var seen = 0
    var previous = 0.0
    var losses: [Double] = []
    for (k, n) in batchSizes.prefix(runningLoss.count).enumerated() {
      let total = runningLoss[k] * Double(seen + n)
      losses.append((total - previous) / Double(n))
      previous = total
      seen += n
    }
    return losses
  }

  /// Expects every parameter after each step to match the reference within the tolerance.
  func expectWeights(
    _ reference: [[String: [Double]]], relative: Double, absolute: Double,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(recorder.weights.count == reference.count, sourceLocation: sourceLocation)
    for (step, (actual, values)) in zip(recorder.weights, reference).enumerated() {
      #expect(Set(values.keys).isSubset(of: Set(actual.keys)), sourceLocation: sourceLocation)
      for (name, want) in values.sorted(by: { $0.key < $1.key }) {
        let got = actual[name] ?? []
        #expect(
          allClose(got, want, relative: relative, absolute: absolute),
          "step \(step + 1) \(name): largest difference \(Self.largestDifference(got, want))",
          sourceLocation: sourceLocation)
      }
    }
  }

  /// Expects `actual` to match `reference` elementwise within the tolerance.
  static func expectClose(
    _ actual: [Double], _ reference: [Double], relative: Double, absolute: Double, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      actual.count == reference.count
        && zip(actual, reference).allSatisfy { isClose($0, $1, relative: relative, absolute: absolute) },
      "\(what): \(actual) vs reference \(reference)", sourceLocation: sourceLocation)
  }

  /// The largest |a − b| (infinity for different lengths), for failure messages.
  static func largestDifference(_ a: [Float], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs(Double($0) - $1) }.max() ?? 0
  }
}
