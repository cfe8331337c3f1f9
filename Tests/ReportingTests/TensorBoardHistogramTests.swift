import Foundation
import Testing
import Training
import _TestSupport

@testable import Reporting

/// A training seen from a callback, with two parameters (one trainable, with a gradient) whose
/// values the test sets, and a count of `readParameters` calls.
private final class ParameterControl: TrainingControl {
  var learningRate = 0.01
  var stopTraining = false
  var stopReason: String?
  var kernel: [Float] = [-1, 0.5, 2, 3]
  var kernelGradient: [Float] = [0.25, -0.25, 1, 0]
  var movingMean: [Float] = [7, 7]
  var reads = 0
  func snapshotWeights() -> WeightSnapshot { WeightSnapshot(values: [:]) }
  func restoreWeights(_ snapshot: WeightSnapshot) {}
  func saveCheckpoint(named filename: String) throws {}
  func readParameters(_ body: ([ParameterReading]) -> Void) {
    reads += 1
    kernel.withUnsafeBufferPointer { k in
      kernelGradient.withUnsafeBufferPointer { g in
        movingMean.withUnsafeBufferPointer { m in
          body([
            ParameterReading(name: "dense/kernel", values: k, gradient: g),
            ParameterReading(name: "norm/moving_mean", values: m, gradient: nil),
          ])
        }
      }
    }
  }
}

/// Weight and gradient histograms (TensorBoard 2's `[k, 3]` tensors), checked byte for byte against
/// tensorboard's own `histogram_pb` and read back with its `EventAccumulator`.
@Suite struct TensorBoardHistogramTests {
  /// Our encoding of `values` against `histogram_pb`'s (tensorboard_check.py encode).
  static func expectSameBytes(
    _ values: [Float], buckets: Int, sourceLocation: SourceLocation = #_sourceLocation
  )
    throws
  {
    let ours = try #require(
      values.withUnsafeBufferPointer { TensorBoardHistogram.summary(tag: "w", $0, bucketCount: buckets) })
    let output = try TestPython.run(
      script: RepositoryPaths.path("scripts/reference/tensorboard_check.py"),
      arguments: ["encode", "w", String(buckets)] + values.map { "\($0)" })
    try #require(output.status == 0, "\(output.stderr)", sourceLocation: sourceLocation)
    let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: String]
    let hex = ours.encoded().map { String(format: "%02x", $0) }.joined()
    #expect(hex == json?["hex"], "values \(values), \(buckets) buckets", sourceLocation: sourceLocation)
  }

  @Test func bucketsAreTensorBoardsByteForByte() throws {
    var generator = SystemRandomNumberGenerator()
    let random = (0..<500).map { _ in Float.random(in: -3...5, using: &generator) }
    try Self.expectSameBytes(random, buckets: 30)
    try Self.expectSameBytes([1, 2, 2.5, -1, 0.1], buckets: 3)
    // One distinct value: every edge is it, the last bucket counts all.
    try Self.expectSameBytes([0.5, 0.5, 0.5], buckets: 4)
    try Self.expectSameBytes([42], buckets: 30)
  }

  @Test func nonFiniteDataGivesNoHistogramAndEmptyDataZeroRows() {
    #expect([Float(1), .nan].withUnsafeBufferPointer { TensorBoardHistogram.buckets($0) } == nil)
    #expect([Float.infinity].withUnsafeBufferPointer { TensorBoardHistogram.buckets($0) } == nil)
    let empty = [Float]().withUnsafeBufferPointer { TensorBoardHistogram.buckets($0, count: 5) }
    #expect(empty == [Double](repeating: 0, count: 15))
  }

  /// Every histogram EventAccumulator reads in `folder`: tag → [(step, min, max, count)].
  static func readHistograms(_ folder: URL) throws -> [String: [[Double]]] {
    let code = """
      import json, sys
      from tensorboard.backend.event_processing import event_accumulator as ea
      from tensorboard.util import tensor_util
      acc = ea.EventAccumulator(sys.argv[1], size_guidance={ea.TENSORS: 0}); acc.Reload()
      out = {}
      for tag in acc.Tags()["tensors"]:
          assert acc.SummaryMetadata(tag).plugin_data.plugin_name == "histograms", tag
          rows = [tensor_util.make_ndarray(e.tensor_proto) for e in acc.Tensors(tag)]
          out[tag] = [[e.step, r[0, 0], r[-1, 1], r[:, 2].sum(), r.shape[0]] for e, r in zip(acc.Tensors(tag), rows)]
      print(json.dumps(out))
      """
    let output = try TestPython.run(code: code, arguments: [folder.path])
    try #require(output.status == 0, "\(output.stderr)")
    return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: [[Double]]] ?? [:]
  }

  @Test func histogramsEveryNEpochsWithKerasTagsAndGradients() throws {
    let root = try makeTemporaryFolder().appendingPathComponent("tensorboard")
    let callback = TensorBoardCallback(folder: root, histogramFrequency: 2)
    let control = ParameterControl()
    callback.onTrainBegin(control)
    for epoch in 0..<5 {
      callback.onEpochBegin(epoch, control)
      control.kernel[0] = Float(-epoch)
      var logs: Logs = ["loss": 1]
      callback.onEpochEnd(epoch, logs: &logs, control)
    }
    callback.onTrainEnd(control)
    #expect(control.reads == 3)
    let histograms = try Self.readHistograms(root.appendingPathComponent("train"))
    #expect(
      histograms.keys.sorted() == [
        "dense/kernel/gradient/histogram", "dense/kernel/histogram", "norm/moving_mean/histogram",
      ])
    // Epochs 0, 2, 4 (epoch % 2 == 0); each: min, max, count of what the control held then.
    #expect(
      histograms["dense/kernel/histogram"] == [[0, -0, 3, 4, 30], [2, -2, 3, 4, 30], [4, -4, 3, 4, 30]])
    #expect(
      histograms["dense/kernel/gradient/histogram"]?.map { Array($0[1...3]) }
        == Array(repeating: [-0.25, 1, 4], count: 3))
    #expect(histograms["norm/moving_mean/histogram"]?.first == [0, 7, 7, 2, 30])
  }

  @Test func noHistogramsNoParameterReads() throws {
    let root = try makeTemporaryFolder().appendingPathComponent("tensorboard")
    let callback = TensorBoardCallback(folder: root)
    let control = ParameterControl()
    callback.onTrainBegin(control)
    var logs: Logs = ["loss": 1, "learning_rate": 5]
    callback.onEpochEnd(0, logs: &logs, control)
    callback.onTrainEnd(control)
    #expect(control.reads == 0)
    let events = try EventFileReader.events(
      at: try EventFileReader.eventFiles(in: root.appendingPathComponent("train"))[0])
    // The logs' `learning_rate` (after the rename of `lr`) is not written twice: the control's rate is.
    #expect(
      events[1].scalars == [
        .init(tag: "epoch_learning_rate", value: 0.01), .init(tag: "epoch_loss", value: 1),
      ])
  }

  @Test func stepsPerSecondAreTheEpochsStepsOverItsDuration() throws {
    let root = try makeTemporaryFolder().appendingPathComponent("tensorboard")
    var now = Date(timeIntervalSince1970: 1_700_000_000)
    let callback = TensorBoardCallback(folder: root, writeStepsPerSecond: true, clock: { now })
    let control = ParameterControl()
    callback.onTrainBegin(control)
    for epoch in 0..<2 {
      callback.onEpochBegin(epoch, control)
      for b in 0..<4 {
        now += 0.5
        callback.onBatchEnd(step: epoch * 4 + b, epoch: epoch, logs: ["loss": 1], control)
      }
      var logs: Logs = ["loss": 1]
      callback.onEpochEnd(epoch, logs: &logs, control)
    }
    callback.onTrainEnd(control)
    let events = try EventFileReader.events(
      at: try EventFileReader.eventFiles(in: root.appendingPathComponent("train"))[0])
    // Four steps in two seconds, each epoch.
    #expect(
      events.dropFirst().map { $0.scalars.first { $0.tag == "epoch_steps_per_second" }?.value } == [2, 2])
  }
}
