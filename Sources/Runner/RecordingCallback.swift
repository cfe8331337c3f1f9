import Foundation
import Optimizers
import Reporting
import Tensors
import Training

/// Feeds the run folder as training goes: batch logs, the learning rate (per step or per epoch,
/// with per-parameter step sizes on request), and each epoch's logs, flushed at every epoch end.
final class RecordingCallback: Callback {
  private let recorder: TrainingRunRecorder
  private let optimizer: Optimizer
  private let parameters: [Parameter]
  private let learningRateEveryStep: Bool
  private let perParameter: Bool
  /// The first error met while writing; training stops and the run fails with it.
  private(set) var failure: Error?

  init(
    recorder: TrainingRunRecorder, optimizer: Optimizer, parameters: [Parameter], learningRateEveryStep: Bool,
    perParameter: Bool
  ) {
    self.recorder = recorder
    self.optimizer = optimizer
    self.parameters = parameters
    self.learningRateEveryStep = learningRateEveryStep
    self.perParameter = perParameter
  }

  func onBatchEnd(step: Int, epoch: Int, logs: Logs, _ control: TrainingControl) {
    recorder.recordBatch(step: step, epoch: epoch, logs: logs)
    guard learningRateEveryStep, let lr = optimizer.lastAppliedLearningRate else { return }
    // `step` in lr_history.csv is the optimizer iteration the rate was read at (before the step).
    let iteration = optimizer.iterations - 1
    recorder.recordLearningRate(step: iteration, epoch: epoch, lr: Double(lr))
    if perParameter { recordStepSizes(iteration) }
  }

  func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    if !learningRateEveryStep, let lr = optimizer.lastAppliedLearningRate {
      recorder.recordLearningRate(step: optimizer.iterations - 1, epoch: epoch, lr: Double(lr))
      if perParameter { recordStepSizes(optimizer.iterations - 1) }
    }
    do {
      try recorder.endEpoch(epoch, logs: logs)
    } catch {
      failure = failure ?? error
      control.stopTraining = true
      control.stopReason = "write_failed"
    }
  }

  private func recordStepSizes(_ iteration: Int) {
    for p in parameters {
      guard let sizes = optimizer.stepSizes(for: p) else { continue }
      recorder.recordParameterLearningRates(step: iteration, parameter: p.name, stepSizes: sizes)
    }
  }
}
