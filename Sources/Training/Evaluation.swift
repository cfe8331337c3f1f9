import Datasets
import NN
import Tensors

/// Keras's `evaluate`: the loss (with the regularization penalty) and metrics over data in
/// inference mode, batch by batch in order, each batch weighted by its size.
///
/// The trainer's validation pass and `optim-run evaluate` both use it, so an evaluation with the
/// run's batch size reproduces the logged `val_` values exactly.
public enum Evaluation {
  /// Evaluates `graph` (built for at least `batchSize`) on `data`, resetting `metrics` first; stops
  /// at a batch the graph finds invalid (`graph.inputProblem` is then set).
  public static func run(graph: Graph, loss: Loss, metrics: [any Metric], data: Split, batchSize: Int) -> Logs {
    let iterator = BatchIterator(split: data, batchSize: batchSize, shuffle: false, seed: 0)
    return run(graph: graph, loss: loss, metrics: metrics, iterator: iterator)
  }

  static func run(graph: Graph, loss: Loss, metrics: [any Metric], iterator: BatchIterator) -> Logs {
    for m in metrics { m.reset() }
    iterator.startEpoch(0)
    var lossSum = 0.0
    var seen = 0
    let penalty = Double(graph.regularizationLoss())
    for b in 0..<iterator.batchCount {
      let (x, y) = iterator.batch(b)
      let output = graph.forward(x, training: false)
      // Stop at an invalid batch, leaving `graph.inputProblem` set for the caller.
      if graph.inputProblem != nil { return ["loss": .nan] }
      let value = Double(graph.loss(loss, targets: y)) + penalty
      lossSum += value * Double(x.shape[0])
      seen += x.shape[0]
      for m in metrics { m.update(predictions: output, targets: y) }
    }
    var logs: Logs = ["loss": seen > 0 ? lossSum / Double(seen) : .nan]
    for m in metrics { logs[m.name] = Double(m.result()) }
    return logs
  }
}
