import Training

/// A training stand-in for callback tests: one weight that the test sets per epoch.
class FakeControl: TrainingControl {
  var learningRate = 0.001
  var stopTraining = false
  var stopReason: String?
  var weight: Float = 0
  var restored: [Float] = []
  func snapshotWeights() -> WeightSnapshot { WeightSnapshot(values: ["w": [weight]]) }
  func restoreWeights(_ s: WeightSnapshot) {
    weight = s.values["w"]![0]
    restored.append(weight)
  }
  func saveCheckpoint(named filename: String) throws {}
}

/// Runs `callback` over epochs whose logs hold `monitor: values[e]`, setting the fake weight to the
/// epoch number; returns the number of epochs that ran.
@discardableResult
func drive(_ callback: Callback, _ control: FakeControl, monitor: String, values: [Double]) -> Int {
  callback.onTrainBegin(control)
  var ran = 0
  for (epoch, v) in values.enumerated() {
    callback.onEpochBegin(epoch, control)
    control.weight = Float(epoch)
    var logs: Logs = [monitor: v]
    callback.onEpochEnd(epoch, logs: &logs, control)
    ran += 1
    if control.stopTraining { break }
  }
  callback.onTrainEnd(control)
  return ran
}
