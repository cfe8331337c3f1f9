import Testing
@testable import Training

// Expected epoch counts follow Keras 3's keras/src/callbacks/early_stopping.py, traced by hand:
// wait is incremented before the improvement check and reset on improvement; training stops when
// wait >= patience at an epoch > 0.
@Suite struct EarlyStoppingTests {
  @Test func stopsAfterPatienceEpochsWithoutImprovement() throws {
    let es = EarlyStopping(monitor: try Monitor(name: "val_loss", mode: .auto, minDelta: 0), patience: 2)
    let c = FakeControl()
    // best at epoch 1 (0.5); epochs 2, 3 do not improve → wait 1, 2 → stop at epoch 3.
    let ran = drive(es, c, monitor: "val_loss", values: [0.9, 0.5, 0.6, 0.7, 0.1, 0.1])
    #expect(ran == 4)
    #expect(es.stoppedEpoch == 3)
    #expect(c.stopReason == "early_stopping")
  }

  @Test func patienceZeroStopsAtFirstNonImprovement() throws {
    let es = EarlyStopping(monitor: try Monitor(name: "loss", mode: .auto, minDelta: 0))
    let c = FakeControl()
    #expect(drive(es, c, monitor: "loss", values: [1, 0.5, 0.5, 0.1]) == 3)  // equal is not better
  }

  @Test func minDeltaCountsSmallGainsAsNone() throws {
    let es = EarlyStopping(monitor: try Monitor(name: "loss", mode: .min, minDelta: 0.1), patience: 1)
    let c = FakeControl()
    // 1.0 → 0.95 is a gain of 0.05 < 0.1: no improvement, wait 1 ≥ 1 → stop at epoch 1.
    #expect(drive(es, c, monitor: "loss", values: [1.0, 0.95, 0.5]) == 2)
  }

  @Test func restoresBestWeights() throws {
    let es = EarlyStopping(
      monitor: try Monitor(name: "val_accuracy", mode: .auto, minDelta: 0), patience: 2,
      restoreBestWeights: true)
    let c = FakeControl()
    drive(es, c, monitor: "val_accuracy", values: [0.5, 0.8, 0.7, 0.75, 0.9])
    #expect(es.bestEpoch == 1)
    #expect(c.weight == 1)  // the weight set during the best epoch
  }

  @Test func baselineMustBeBeaten() throws {
    let es = EarlyStopping(
      monitor: try Monitor(name: "val_loss", mode: .auto, minDelta: 0), patience: 2, baseline: 0.1)
    let c = FakeControl()
    // Improving epochs return early (no stop check) but, short of the baseline, do not reset wait:
    // e0 wait 1, e1 wait 2, e2 does not improve with wait 3 ≥ 2 → stop after 3 epochs.
    #expect(drive(es, c, monitor: "val_loss", values: [0.9, 0.8, 0.85, 0.7]) == 3)
    // Without a baseline the same values run to the end (wait is reset at e0 and e1).
    let plain = EarlyStopping(monitor: try Monitor(name: "val_loss", mode: .auto, minDelta: 0), patience: 2)
    #expect(drive(plain, FakeControl(), monitor: "val_loss", values: [0.9, 0.8, 0.85, 0.7]) == 4)
  }

  @Test func startFromEpochDelaysMonitoring() throws {
    let es = EarlyStopping(
      monitor: try Monitor(name: "loss", mode: .auto, minDelta: 0), patience: 0, startFromEpoch: 3)
    let c = FakeControl()
    #expect(drive(es, c, monitor: "loss", values: [1, 2, 3, 4, 5, 6]) == 5)
  }

  @Test func autoModeNeedsAKnownDirection() {
    #expect(throws: MonitorError.self) { try Monitor(name: "val_weird", mode: .auto, minDelta: 0) }
    #expect((try? Monitor(name: "val_accuracy", mode: .auto, minDelta: 0))?.minimize == false)
  }
}

@Suite struct ReduceLROnPlateauTests {
  // Traced by hand against keras/src/callbacks/reduce_lr_on_plateau.py.
  @Test func reducesAfterPatienceThenCoolsDown() {
    let cb = ReduceLROnPlateau(monitor: "val_loss", factor: 0.5, patience: 1, cooldown: 2)
    let c = FakeControl()
    c.learningRate = 1.0
    var lrs: [Double] = []
    cb.onTrainBegin(c)
    for (e, v) in [1.0, 1.0, 1.0, 1.0, 1.0, 1.0].enumerated() {
      var logs: Logs = ["val_loss": v]
      cb.onEpochEnd(e, logs: &logs, c)
      lrs.append(c.learningRate)
    }
    // e0 improves (inf → 1). e1 no gain → wait 1 ≥ 1 → lr 0.5, cooldown 2. e2: cooldown → 1, wait 0,
    // no reduction while cooling. e3: cooldown → 0, wait 0; not in cooldown → wait 1 → lr 0.25,
    // cooldown 2. e4: cooling. e5: cooldown 0 → reduce to 0.125.
    #expect(lrs == [1.0, 0.5, 0.5, 0.25, 0.25, 0.125])
  }

  @Test func respectsMinLR() {
    let cb = ReduceLROnPlateau(monitor: "loss", factor: 0.1, patience: 0, minLR: 0.05)
    let c = FakeControl()
    c.learningRate = 0.1
    cb.onTrainBegin(c)
    for e in 0..<4 {
      var logs: Logs = ["loss": 1]
      cb.onEpochEnd(e, logs: &logs, c)
    }
    #expect(c.learningRate == 0.05)
  }

  @Test func accuracyMeansMaximize() {
    let cb = ReduceLROnPlateau(monitor: "val_accuracy", factor: 0.5, patience: 1)
    let c = FakeControl()
    c.learningRate = 1
    cb.onTrainBegin(c)
    for (e, v) in [0.5, 0.6, 0.7].enumerated() {
      var logs: Logs = ["val_accuracy": v]
      cb.onEpochEnd(e, logs: &logs, c)
    }
    #expect(c.learningRate == 1)  // rising accuracy is improvement
  }
}

@Suite struct TerminateOnNaNTests {
  @Test func stopsOnNaN() {
    let cb = TerminateOnNaN()
    let c = FakeControl()
    cb.onBatchEnd(step: 0, epoch: 0, logs: ["loss": 1], c)
    #expect(!c.stopTraining)
    cb.onBatchEnd(step: 1, epoch: 0, logs: ["loss": .nan], c)
    #expect(c.stopTraining && c.stopReason == "nan_loss")
  }
}

@Suite struct LearningRateSchedulerTests {
  @Test func appliesPerEpochThroughFloat32() {
    let cb = LearningRateScheduler { epoch, lr in epoch < 2 ? lr : lr * 0.1 }
    let c = FakeControl()
    c.learningRate = 0.001
    var seen: [Double] = []
    for e in 0..<4 {
      cb.onEpochBegin(e, c)
      var logs: Logs = [:]
      cb.onEpochEnd(e, logs: &logs, c)
      seen.append(logs["learning_rate"]!)
    }
    let f1 = Float(0.001)
    let f2 = Float(Double(f1) * 0.1)
    let f3 = Float(Double(f2) * 0.1)
    #expect(seen == [Double(f1), Double(f1), Double(f2), Double(f3)])
  }
}

@Suite struct ModelCheckpointTests {

 
  @Test func filenameTemplates() {
    #expect(ModelCheckpoint.expand("w-{epoch:03d}.safetensors", epoch: 7) == "w-007.safetensors")
    #expect(ModelCheckpoint.expand("e{epoch}-{other}", epoch: 12) == "e12-{other}")
  }

  @Test func savesOnlyImprovements() throws {
    let c = FakeControlSaving()
    let cb = ModelCheckpoint(
      monitor: try Monitor(name: "val_loss", mode: .auto, minDelta: 0), saveBestOnly: true,
      filename: "best-{epoch}.safetensors")
    cb.onTrainBegin(c)
    for (e, v) in [0.5, 0.4, 0.45, 0.3].enumerated() {
      var logs: Logs = ["val_loss": v]
      cb.onEpochEnd(e, logs: &logs, c)
    }
    #expect(c.files == ["best-1.safetensors", "best-2.safetensors", "best-4.safetensors"])
  }

  @Test func savesEveryNEpochs() throws {
    let c = FakeControlSaving()
    let cb = ModelCheckpoint(
      monitor: try Monitor(name: "loss", mode: .auto, minDelta: 0), saveBestOnly: false, every: 2,
      filename: "e{epoch}")
    for e in 0..<5 {
      var logs: Logs = [:]
      cb.onEpochEnd(e, logs: &logs, c)
    }
    #expect(c.files == ["e2", "e4"])
  }
}

class FakeControlSaving: FakeControl {
  var files: [String] = []
  override func saveCheckpoint(named filename: String) throws { files.append(filename) }
}
