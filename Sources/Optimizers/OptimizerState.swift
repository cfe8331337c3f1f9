import Tensors

/// Everything needed to resume an optimizer exactly: the step count, the settable learning rate
/// (callbacks may have changed it) and every state slot by name.
///
/// Slot keys are `<parameter name>/<slot name>` (`dense/kernel/momentum`); algorithm-wide scalars
/// are `<optimizer name>/<scalar name>` (`nadam/u_product`).
public struct OptimizerState: Sendable, Equatable {
  /// Keras's `iterations`.
  public var iterations: Int
  /// The settable learning rate as float32 (meaningless when a per-step schedule drives it).
  public var learningRate: Float
  /// Slot and scalar values by key.
  public var slots: [String: [Float]]
  /// The epoch last announced (running schedules with `every: epoch` read it).
  public var epoch: Int
  /// The rate the last step used (nil before the first), which the LR history reads.
  public var lastAppliedLearningRate: Float?

  /// Creates a state.
  public init(
    iterations: Int, learningRate: Float, slots: [String: [Float]], epoch: Int = 0,
    lastAppliedLearningRate: Float? = nil
  ) {
    self.iterations = iterations
    self.learningRate = learningRate
    self.slots = slots
    self.epoch = epoch
    self.lastAppliedLearningRate = lastAppliedLearningRate
  }
}

extension Optimizer {
  /// A copy of the optimizer's state.
  public func saveState() -> OptimizerState {
    var slots: [String: [Float]] = [:]
    for id in entryOrder {
      let entry = entries[id]!
      let buffers = SlotBuffers(storage: entry.slots.buffer, count: entry.count)
      for (k, slotName) in rule.slotNames.enumerated() {
        slots["\(entry.name)/\(slotName)"] = Array(buffers[k])
      }
    }
    for (key, value) in rule.scalarState { slots["\(name)/\(key)"] = [value] }
    return OptimizerState(
      iterations: iterations, learningRate: storedLearningRate, slots: slots, epoch: epoch,
      lastAppliedLearningRate: lastAppliedLearningRate)
  }

  /// Puts back a saved state; builds slots for `parameters` first. Every slot of every trainable
  /// parameter must be present with the right size, and no other key.
  public func restoreState(_ state: OptimizerState, parameters: [Parameter]) throws {
    build(parameters)
    var expected = Set<String>()
    for id in entryOrder {
      let entry = entries[id]!
      for slotName in rule.slotNames {
        let key = "\(entry.name)/\(slotName)"
        expected.insert(key)
        guard let values = state.slots[key] else { throw OptimizerError.missingState(key: key) }
        guard values.count == entry.count else {
          throw OptimizerError.stateSizeMismatch(key: key, expected: entry.count, received: values.count)
        }
      }
    }
    var scalars: [String: Float] = [:]
    for key in rule.scalarState.keys {
      let full = "\(name)/\(key)"
      expected.insert(full)
      guard let values = state.slots[full] else { throw OptimizerError.missingState(key: full) }
      guard values.count == 1 else {
        throw OptimizerError.stateSizeMismatch(key: full, expected: 1, received: values.count)
      }
      scalars[key] = values[0]
    }
    if let unknown = state.slots.keys.sorted().first(where: { !expected.contains($0) }) {
      throw OptimizerError.unexpectedState(key: unknown)
    }
    // Validated: now write.
    for id in entryOrder {
      let entry = entries[id]!
      let buffers = SlotBuffers(storage: entry.slots.buffer, count: entry.count)
      for (k, slotName) in rule.slotNames.enumerated() {
        _ = buffers[k].update(fromContentsOf: state.slots["\(entry.name)/\(slotName)"]!)
      }
    }
    rule.scalarState = scalars
    iterations = state.iterations
    storedLearningRate = state.learningRate
    epoch = state.epoch
    lastAppliedLearningRate = state.lastAppliedLearningRate
  }
}
