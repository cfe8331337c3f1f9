import Foundation
import NN
import Reporting
import Training

/// `layer_times.json`: where a run's training steps spent their wall time, per layer, written when
/// `OPTIM_RUN_LAYER_TIMES=1` is set (docs/run-folder.md). Milliseconds per step, means over the
/// steps this process ran (a resumed run counts the steps since it resumed).
enum LayerTimesFile {
  static let fileName = "layer_times.json"
  static let environmentVariable = "OPTIM_RUN_LAYER_TIMES"

  /// Whether this process times layers.
  static var isRequested: Bool { ProcessInfo.processInfo.environment[environmentVariable] == "1" }

  /// Starts timing `trainer`'s steps and its graph's layers.
  static func start(_ trainer: Trainer, graph: Graph) {
    trainer.stepTimes = StepTimes()
    graph.layerTimes = LayerTimes(layerCount: graph.layers.count)
  }

  /// The document for these times.
  static func document(graph: Graph, steps: StepTimes, layers: LayerTimes) -> JSONValue {
    let n = Double(max(steps.steps, 1))
    let ms = { (nanoseconds: UInt64) in Double(nanoseconds) / 1e6 / n }
    var inLayers: UInt64 = 0
    let rows: [JSONValue] = graph.layers.indices.map { i in
      inLayers &+= layers.forwardNanoseconds[i] &+ layers.backwardNanoseconds[i]
      return .object([
        "name": .string(graph.layers[i].name), "class": .string(graph.layers[i].className),
        "forward_ms": .double(ms(layers.forwardNanoseconds[i])), "backward_ms": .double(ms(layers.backwardNanoseconds[i])),
      ])
    }
    let step = ms(steps.stepNanoseconds), optimizer = ms(steps.optimizerNanoseconds)
    return .object([
      "steps": .int(steps.steps), "layers": .array(rows), "optimizer_ms": .double(optimizer),
      "step_ms": .double(step), "rest_ms": .double(max(0, step - optimizer - ms(inLayers))),
    ])
  }

  /// Writes the file into `folder` (atomically) when `start` ran; a failure is returned, not
  /// thrown: the run's own records do not depend on it.
  static func write(_ trainer: Trainer, graph: Graph, into folder: URL) -> Error? {
    guard let steps = trainer.stepTimes, let layers = graph.layerTimes else { return nil }
    do {
      try AtomicFile.write(
        document(graph: graph, steps: steps, layers: layers).pretty, to: folder.appendingPathComponent(fileName))
      return nil
    } catch {
      return error
    }
  }
}
