import Foundation
import Testing
import Training

@testable import Reporting

/// A training seen from a callback: a learning rate and the stop flags.
private final class StubControl: TrainingControl {
  var learningRate = 0.01
  var stopTraining = false
  var stopReason: String?
  func snapshotWeights() -> WeightSnapshot { WeightSnapshot(values: [:]) }
  func restoreWeights(_ snapshot: WeightSnapshot) {}
  func saveCheckpoint(named filename: String) throws {}
}

@Suite struct TensorBoardCallbackTests {
  static let start = Date(timeIntervalSince1970: 1_700_000_000)

  /// Drives the callback through `epochs` epochs of `steps` batches with made-up logs.
  fileprivate static func train(_ callback: TensorBoardCallback, epochs: Int, steps: Int, validation: Bool)
    -> StubControl
  {
    let control = StubControl()
    callback.onTrainBegin(control)
    for epoch in 0..<epochs {
      callback.onEpochBegin(epoch, control)
      for b in 0..<steps {
        let step = epoch * steps + b
        callback.onBatchEnd(step: step, epoch: epoch, logs: ["loss": Double(step), "accuracy": 0.5], control)
      }
      var logs: Logs = ["loss": Double(epoch) + 0.25, "accuracy": 0.75, "learning_rate": 99]
      if validation {
        logs["val_loss"] = Double(epoch) + 0.5
        logs["val_accuracy"] = 0.625
      }
      callback.onEpochEnd(epoch, logs: &logs, control)
      control.learningRate /= 2
    }
    callback.onTrainEnd(control)
    return control
  }

  static func read(_ folder: URL) throws -> [TensorBoardEvent] {
    let files = try EventFileReader.eventFiles(in: folder)
    #expect(files.count == 1)
    return try EventFileReader.events(at: files[0])
  }

  @Test func epochScalarsGoToTrainAndValidationWithKerasNames() throws {
    let root = try makeTemporaryFolder().appendingPathComponent("tensorboard")
    let callback = TensorBoardCallback(folder: root, clock: { Self.start })
    let control = Self.train(callback, epochs: 2, steps: 3, validation: true)
    #expect(callback.failure == nil && !control.stopTraining)

    let trainFiles = try EventFileReader.eventFiles(in: root.appendingPathComponent("train"))
    #expect(
      trainFiles.map(\.lastPathComponent) == ["events.out.tfevents.1700000000." + EventFileWriter.hostName()])
    let train = try Self.read(root.appendingPathComponent("train"))
    #expect(train.map(\.fileVersion) == ["brain.Event:2", nil, nil])
    #expect(train.map(\.step) == [0, 0, 1])
    #expect(train.allSatisfy { $0.wallTime == 1_700_000_000 })
    // Sorted tags, `lr` not repeated; the rate is the control's (halved after each epoch).
    #expect(
      train[1].scalars == [
        .init(tag: "epoch_accuracy", value: 0.75), .init(tag: "epoch_learning_rate", value: 0.01),
        .init(tag: "epoch_loss", value: 0.25),
      ])
    #expect(train[2].scalars.map(\.value) == [0.75, 0.005, 1.25])

    let validation = try Self.read(root.appendingPathComponent("validation"))
    #expect(validation.map(\.step) == [0, 0, 3, 1, 6])
    #expect(
      validation[1].scalars == [
        .init(tag: "epoch_accuracy", value: 0.625), .init(tag: "epoch_loss", value: 0.5),
      ])
    #expect(
      validation[2].scalars.map(\.tag) == [
        "evaluation_accuracy_vs_iterations", "evaluation_loss_vs_iterations",
      ])
    #expect(validation[4].scalars.map(\.value) == [0.625, 1.5])
  }

  @Test func batchScalarsEveryNBatchesAtTheOneBasedGlobalBatch() throws {
    let root = try makeTemporaryFolder().appendingPathComponent("tensorboard")
    let callback = TensorBoardCallback(folder: root, updateFrequency: .batches(2), clock: { Self.start })
    _ = Self.train(callback, epochs: 2, steps: 3, validation: false)
    let train = try Self.read(root.appendingPathComponent("train"))
    let batches = train.filter { $0.scalars.first?.tag.hasPrefix("batch_") == true }
    // Global batches 1...6; every second one: 2, 4, 6, whose 0-based steps are 1, 3, 5 (logged loss).
    #expect(batches.map(\.step) == [2, 4, 6])
    #expect(
      batches.map { $0.scalars.map(\.tag) } == Array(repeating: ["batch_accuracy", "batch_loss"], count: 3))
    #expect(batches.map { $0.scalars[1].value } == [1, 3, 5])
    // No validation logs, no validation folder.
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("validation").path))
  }

  @Test func eventsReachTheDiskAtEveryEpochEnd() throws {
    let root = try makeTemporaryFolder().appendingPathComponent("tensorboard")
    let callback = TensorBoardCallback(folder: root, clock: { Self.start })
    let control = StubControl()
    callback.onTrainBegin(control)
    var logs: Logs = ["loss": 1]
    callback.onEpochEnd(0, logs: &logs, control)
    // Training has not ended, yet the epoch is in the file.
    #expect(try Self.read(root.appendingPathComponent("train")).count == 2)
  }

  @Test func anUnwritableFolderStopsTrainingWithWriteFailed() throws {
    let parent = try makeTemporaryFolder()
    let blocker = parent.appendingPathComponent("tensorboard")
    try Data("not a folder".utf8).write(to: blocker)
    let callback = TensorBoardCallback(folder: blocker)
    let control = StubControl()
    callback.onTrainBegin(control)
    #expect(control.stopTraining)
    #expect(control.stopReason == "write_failed")
    let failure = try #require(callback.failure as? ReportingError)
    guard case .io(_, let path, _) = failure else {
      Issue.record("expected an io error, got \(failure)"); return
    }
    #expect(path.hasSuffix("tensorboard/train"))
  }
}
