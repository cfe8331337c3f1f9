import Foundation
import NN
import Optimizers
import Spec
import Tensors
import Training
import YAML

/// Checks what the builders can check without loading data, so `validate` (and a sweep, before its
/// first trial) reports what a run would otherwise only find once started: the optimizer and
/// schedule build, the model builds with every shape consistent (when `model.input` is given), the
/// loss exists, the callbacks fit the run (monitored names are logged, no schedule fights a
/// callback over the learning rate, checkpoint names are plain), and an objective is runnable.
public func checkExperiment(_ loaded: LoadedSpec) throws(DiagnosticList) {
  let spec = loaded.spec
  var problems: [Diagnostic] = []
  if spec.objective != nil {
    do throws(DiagnosticList) { try validateObjective(loaded) } catch { problems += error.diagnostics }
  }
  let logged = SweepTrialCheck.loggedNames(spec)
  if let sweep = spec.sweep, !logged.contains(sweep.metric) {
    problems.append(
      loaded.diagnostic(
        atPath: ["sweep", "metric"],
        "sweep.metric '\(sweep.metric)' is not logged by this experiment; it logs \(logged.sorted().joined(separator: ", "))"))
  }
  // Each metric is logged under its name once (found again by the builder, which needs the data).
  var seenMetrics = Set<String>()
  for (i, metric) in spec.metrics.enumerated() where !seenMetrics.insert(metric.type).inserted {
    problems.append(
      loaded.diagnostic(
        at: metric.mark, ModelBuilder.listedTwice(metric.type), keyPath: "metrics.\(i)"))
  }
  var optimizer: Optimizer?
  do throws(DiagnosticList) {
    optimizer = try OptimizerBuilder.make(optimizer: spec.optimizer, schedule: spec.schedule, source: loaded.source)
  } catch {
    problems += error.diagnostics
  }
  if spec.objective == nil {
    if let model = spec.model, let input = model.input {
      do throws(DiagnosticList) {
        let graph = try ModelBuilder.makeGraph(model, inputShape: Shape(input), seed: 0, source: loaded.source)
        // The binary metrics need one output per example; the builder checks targets too, with the data.
        for (i, metric) in spec.metrics.enumerated()
        where ["precision", "recall"].contains(metric.type) && graph.outputShape.count != 1 {
          problems.append(
            loaded.diagnostic(
              at: metric.mark, ModelBuilder.binaryMetricMismatch(metric.type, predictionShape: graph.outputShape),
              keyPath: "metrics.\(i)"))
        }
      } catch {
        problems += error.diagnostics
      }
    }
    if spec.train.validation == .test, let data = spec.data,
      !["cifar10", "mnist", "fashion_mnist"].contains(data.type), data.optionalDouble("test_split") == nil
    {
      let message =
        "train.validation is `test` but \(data.type) data has no test split; set data.test_split (e.g. 0.2) or validation to a fraction"
      problems.append(loaded.diagnostic(atPath: ["train", "validation"], message))
    }
    if let loss = spec.loss {
      do throws(DiagnosticList) { _ = try ModelBuilder.makeLoss(loss, source: loaded.source) } catch {
        problems += error.diagnostics
      }
    }
    if let optimizer {
      do throws(DiagnosticList) {
        _ = try CallbackBuilder.make(
          spec.callbacks, optimizer: optimizer, runFolder: URL(fileURLWithPath: "/nonexistent"),
          logged: logged, source: loaded.source)
      } catch {
        problems += error.diagnostics
      }
    }
  }
  if !problems.isEmpty { throw DiagnosticList(problems) }
}
