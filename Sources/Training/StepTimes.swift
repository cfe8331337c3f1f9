import NN

/// Wall time of a run's training steps and of the optimizer's part of them (`Trainer.stepTimes`);
/// with the graph's `LayerTimes`, where a step's time goes. A step is zeroing the gradients, the
/// forward pass, the loss, the backward pass and the optimizer's update; fetching the batch,
/// metrics and callbacks are outside it.
public final class StepTimes {
  /// Nanoseconds in training steps.
  public private(set) var stepNanoseconds: UInt64 = 0
  /// Nanoseconds in the optimizer's updates, part of the steps'.
  public private(set) var optimizerNanoseconds: UInt64 = 0
  /// Steps timed.
  public private(set) var steps = 0

  /// Zeroed times.
  public init() {}

  func addStep(since start: UInt64) {
    stepNanoseconds &+= LayerTimes.now() &- start
    steps += 1
  }

  func addOptimizer(since start: UInt64) { optimizerNanoseconds &+= LayerTimes.now() &- start }
}
