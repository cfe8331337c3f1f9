import Optimizers

/// Everything a run needs to continue exactly where it stopped: one value that the trainer, the
/// optimizer and every stateful callback contribute to, captured between two optimizer steps.
///
/// The position is `epoch` and `stepInEpoch` (batches of that epoch already done; 0 means the epoch
/// has not begun, so its begin hooks run on resume). Random streams are counter-based and named by
/// position (`shuffle/epoch-<pass>`, `dropout/<layer>/step-<n>`), so the data order and dropout
/// masks come back from `pass`, `nextBatch` and `graphTrainingStep` alone.
public struct TrainingState: Sendable, Equatable {
  /// The epoch in progress, or the next one to run when `stepInEpoch` is 0.
  public var epoch: Int
  /// Batches of `epoch` already done.
  public var stepInEpoch: Int
  /// Optimizer steps over the whole run.
  public var globalStep: Int
  /// The pass over the training data in progress (one shuffle each).
  public var pass: Int
  /// The next batch of that pass.
  public var nextBatch: Int
  /// The graph's training forward passes (names the dropout streams).
  public var graphTrainingStep: Int
  /// The running loss sum and example count of the epoch in progress.
  public var lossSum: Double
  public var seen: Int
  /// Each training metric's running sums, in the trainer's metric order.
  public var metricAccumulators: [[Double]]
  /// Every model weight by Keras name (trainable and not: BN moving statistics too).
  public var weights: [String: [Float]]
  /// The optimizer's slots, step, learning rate and epoch.
  public var optimizer: OptimizerState
  /// The state of each stateful callback, by `StatefulCallback.stateKey`.
  public var callbacks: [String: CallbackState]
  /// Set when a callback had ended training (early stopping) when the state was taken: a resumed
  /// run then ends at once, as the uninterrupted one did.
  public var stopReason: String?

  /// Creates a state.
  public init(
    epoch: Int, stepInEpoch: Int, globalStep: Int, pass: Int, nextBatch: Int, graphTrainingStep: Int,
    lossSum: Double, seen: Int, metricAccumulators: [[Double]], weights: [String: [Float]],
    optimizer: OptimizerState, callbacks: [String: CallbackState], stopReason: String? = nil
  ) {
    self.stopReason = stopReason
    self.epoch = epoch
    self.stepInEpoch = stepInEpoch
    self.globalStep = globalStep
    self.pass = pass
    self.nextBatch = nextBatch
    self.graphTrainingStep = graphTrainingStep
    self.lossSum = lossSum
    self.seen = seen
    self.metricAccumulators = metricAccumulators
    self.weights = weights
    self.optimizer = optimizer
    self.callbacks = callbacks
  }

  /// True when every weight is finite (a state worth resuming from).
  public var weightsAreFinite: Bool {
    weights.values.allSatisfy { $0.allSatisfy(\.isFinite) }
  }
}

/// One callback's saved state: numbers (exact doubles), lists of names, and weight snapshots.
public struct CallbackState: Sendable, Equatable {
  public var numbers: [String: Double]
  public var names: [String: [String]]
  public var weights: [String: [Float]]?

  /// Creates a state.
  public init(numbers: [String: Double] = [:], names: [String: [String]] = [:], weights: [String: [Float]]? = nil) {
    self.numbers = numbers
    self.names = names
    self.weights = weights
  }

  /// The number saved as `key`, or a `TrainingStateError` naming the callback.
  public func number(_ key: String, of callback: String) throws(TrainingStateError) -> Double {
    guard let v = numbers[key] else { throw TrainingStateError("\(callback): the saved state has no '\(key)'") }
    return v
  }

  /// The counter `key` (an epoch, a wait): a whole number from 0 to 2^53; anything else is an
  /// error, not a trap in `Int(_:)`.
  public func count(_ key: String, of callback: String) throws(TrainingStateError) -> Int {
    let v = try number(key, of: callback)
    guard v >= 0, v <= 0x1p53, v == v.rounded(.towardZero) else {
      throw TrainingStateError("\(callback): the saved '\(key)' is \(v), not a count")
    }
    return Int(v)
  }
}

/// A saved state that does not fit the run being resumed.
public struct TrainingStateError: Error, Sendable, CustomStringConvertible {
  public var description: String
  /// Creates an error with its message.
  public init(_ description: String) { self.description = description }
}

/// A callback whose counters must survive a resume (early stopping's wait and best, ...).
public protocol StatefulCallback: Callback {
  /// A name that identifies this callback's state among the run's callbacks.
  var stateKey: String { get }
  /// A copy of the state.
  func saveState() -> CallbackState
  /// Puts back a saved state; called after `onTrainBegin`.
  func restoreState(_ state: CallbackState) throws(TrainingStateError)
}
