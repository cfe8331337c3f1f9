// A run's saved state (`state.safetensors` and the pending slots) as `optim-run resume` reads it:
// decoding (safetensors, checksum, the JSON record), then continuing a small run from it, which
// must either refuse the state with a `TrainingStateError` or train to the end.
//
// With OPTIM_RUN_FUZZ_WRITE_SEEDS=DIR, the first input also writes this run's own states (at every
// step) to DIR as seeds.
import Datasets
import Foundation
import FuzzSupport
import NN
import Optimizers
import Reporting
import Training

/// The run a state must fit: dense 5→6 relu, dropout, dense 6→3 softmax; Adam; reduce-on-plateau
/// and early stopping with best weights (both keep state); 3 epochs of 4 batches.
func makeRun() -> (Trainer, [Callback]) {
  let data = try! SyntheticData.classification(samples: 40, shape: [5], classes: 3, seed: 11)
  let parts = try! data.validationSplit(0.2)
  let graph = try! Graph(
    inputShape: [5],
    nodes: [
      GraphNode(.dense(DenseConfig(units: 6, activation: .relu))), GraphNode(.dropout(rate: 0.25)),
      GraphNode(.dense(DenseConfig(units: 3, activation: .softmax))),
    ], seed: 4)
  let loss = Loss(.sparseCategoricalCrossentropy)
  let trainer = Trainer(
    graph: graph, loss: loss,
    metrics: [{ Metrics.make(name: "accuracy", loss: loss, predictionShape: [3], targetShape: [])! }],
    optimizer: try! .adam(learningRate: 0.05), train: parts.train, validation: parts.validation,
    configuration: TrainingConfiguration(epochs: 3, batchSize: 8, seed: 9))
  let callbacks: [Callback] = [
    ReduceLROnPlateau(monitor: "val_loss", factor: 0.5, patience: 1, minDelta: 0.01),
    EarlyStopping(
      monitor: try! Monitor(name: "val_loss", mode: .min, minDelta: 0.001), patience: 2, restoreBestWeights: true),
  ]
  return (trainer, callbacks)
}

let seedsWritten: Bool = {
  guard let folder = ProcessInfo.processInfo.environment["OPTIM_RUN_FUZZ_WRITE_SEEDS"] else { return false }
  let (trainer, callbacks) = makeRun()
  var states: [TrainingState] = []
  trainer.stateEverySteps = 1
  trainer.stateWriter = { state, _ in
    states.append(state)
    return true
  }
  _ = trainer.fit(callbacks: callbacks)
  for (i, state) in states.enumerated() {
    let file = TrainingStateFile(state: state, logLengths: ["metrics.csv": 40 + i, "metrics.jsonl": 90], specHash: "f")
    FileManager.default.createFile(atPath: "\(folder)/state-\(i).safetensors", contents: Data(file.encoded()))
  }
  return true
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzState(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  _ = seedsWritten
  guard let file = try? TrainingStateFile(decoding: Fuzz.bytes(data, size), source: "state.safetensors") else {
    return 0
  }
  let (trainer, callbacks) = makeRun()
  do {
    let result = try trainer.fit(callbacks: callbacks, resumingFrom: file.state)
    if result.outcome == .completed, trainer.graph.parameterValues().values.contains(where: { $0.isEmpty }) {
      Fuzz.fail("a resumed run ended with empty weights")
    }
  } catch {
    _ = error.description
  }
  return 0
}
