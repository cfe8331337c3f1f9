import Datasets
import Foundation
import Optimizers
import Reporting
import Spec
import Tensors
import YAML

/// Runs an objective experiment: the spec's optimizer (and schedule) minimizes its test function
/// from `objective.start` for `objective.steps` steps, and the run folder records the path.
///
/// As in Keras, the point (x, y) is one float32 variable of shape [2], the `Parameter` `xy`; its
/// gradient is the function's analytic gradient (`TestFunction.gradient`) in float32. With
/// `objective.dtype: float64` the point, the function, its gradient and the optimizer
/// (`Optimizer64`: no float32 rounding of the learning rate either) are float64, as Keras with
/// `floatx` float64, and `path.csv` holds the float64 values. Each step
/// reads the learning rate once (the optimizer does), so a schedule sees steps 0, 1, 2, …; the whole
/// run is epoch 0 for `step_decay` and `expression` schedules with `every: epoch`.
///
/// Writes `spec.yaml` (resolved), `run.json` (`running`, then the final status), `path.csv`
/// (`step,x,y,loss,lr`: the position and loss after `step` updates and the rate used by the next
/// update, or for the last row the rate the next step would read), `lr_history.csv` (one row per
/// update, epoch 0), `summary.json` (see `ObjectiveSummary`; `tolerance` is the spec's or
/// `defaultObjectiveTolerance`) and `path.svg` (the path over the function's contours).
/// A non-finite position or loss stops the run with status `diverged`; the files are still written.
///
/// - Parameters:
///   - loaded: a validated objective experiment (`spec.objective` set).
///   - folder: a fresh run folder.
///   - manifest: the run's `run.json` contents (its status is set here).
///   - shouldStop: polled before every step; true ends the run as `interrupted` (SIGINT).
///   - onPoint: called with every row of the path, for progress displays.
/// - Throws: `DiagnosticList` for an unsupported spec (see `validateObjective`) or an optimizer
///   configuration the Optimizers library rejects; Reporting errors if a file cannot be written.
public func runObjective(
  _ loaded: LoadedSpec, folder: RunFolder, manifest: RunManifest, shouldStop: () -> Bool = { false },
  onPoint: (ObjectivePathPoint) -> Void = { _ in }
) throws -> ObjectiveResult {
  try validateObjective(loaded)
  let spec = loaded.spec
  guard let objective = spec.objective, let function = TestFunction(rawValue: objective.function) else {
    preconditionFailure("runObjective needs a validated objective experiment")
  }
  let optimizer = try OptimizerBuilder.make(
    optimizer: spec.optimizer, schedule: spec.schedule, source: loaded.source)
  let start = Date()
  let recorder = try ObjectiveRunRecorder(
    folder: folder, manifest: manifest, resolvedSpec: loaded.resolvedYAML)
  let rates = try LearningRateLog(folder: folder, perParameter: false)

  let scales = (a: objective.scales[0], b: objective.scales[1])
  func walk<S: ObjectiveStepper>(_ stepper: S, _ scales: (a: S.Scalar, b: S.Scalar)) throws -> PathEnding {
    try walkObjectivePath(
      stepper, function: function, scales: scales, steps: objective.steps, recorder: recorder, rates: rates,
      shouldStop: shouldStop, onPoint: onPoint)
  }
  var ending: PathEnding
  do {
    ending =
      objective.dtype == "float64"
      ? try walk(Float64ObjectiveStepper(optimizer: optimizer, start: objective.start), scales)
      : try walk(
        Float32ObjectiveStepper(optimizer: optimizer, start: objective.start),
        (Float(scales.a), Float(scales.b)))
  } catch {
    // A write that failed (a full disk) ends the run as failed, with its cause, not `running`.
    ending = (.failed, ReportingError.reason(of: error))
  }
  let (status, exitReason) = ending
  let points = recorder.path.points
  let minima = knownMinima(function, scales: scales)
  let summary = ObjectiveSummary(
    path: points, knownMinima: minima, tolerance: objective.tolerance ?? defaultObjectiveTolerance,
    stopReason: status == .completed
      ? "steps_completed" : status == .diverged ? "diverged" : status == .failed ? exitReason : "interrupted",
    wallTimeSeconds: Date().timeIntervalSince(start))
  let grid = ObjectivePlotGrid.make(
    function: function, scales: scales, paths: [(points.map(\.x), points.map(\.y))])
  try recorder.finish(
    status: status, exitReason: exitReason, summary: summary, grid: grid, minima: minima, endTime: Date())
  return ObjectiveResult(
    status: recorder.manifest.status, exitReason: recorder.manifest.exitReason ?? exitReason, summary: summary,
    path: points, folder: folder)
}

/// How an objective path ended: the run's status and `run.json`'s exit reason.
private typealias PathEnding = (status: RunStatus, exitReason: String)

/// The step loop of `runObjective` in the stepper's dtype: records the start and the point after
/// every step; returns the final status and exit reason.
private func walkObjectivePath<S: ObjectiveStepper>(
  _ stepper: S, function: TestFunction, scales: (a: S.Scalar, b: S.Scalar), steps: Int,
  recorder: ObjectiveRunRecorder, rates: LearningRateLog, shouldStop: () -> Bool,
  onPoint: (ObjectivePathPoint) -> Void
) throws -> PathEnding {
  var status = RunStatus.completed
  var exitReason = "steps_completed"
  for step in 0...steps {
    let (x, y) = stepper.position
    let loss = function.value(x: x, y: y, scales: scales)
    var lr = stepper.learningRate
    let finite = x.isFinite && y.isFinite && loss.isFinite
    if !finite {
      status = .diverged
      exitReason = "non-finite position or loss at step \(step)"
    } else if step < steps, shouldStop() {
      status = .interrupted
      exitReason = "interrupted"
    } else if step < steps {
      lr = stepper.step(gradient: function.gradient(x: x, y: y, scales: scales))
      rates.record(step: step, epoch: 0, lr: lr)
    }
    let point = ObjectivePathPoint(step: step, x: Double(x), y: Double(y), loss: Double(loss), lr: lr)
    try recorder.record(point)
    onPoint(point)
    if status != .completed { break }
    if step % 100 == 0 { try rates.flush() }
  }
  try rates.flush()
  return (status, exitReason)
}

/// The function's known global minima as `[x, y]`; none for a `quadratic` whose scales are not
/// both positive (it then has no isolated minimum).
func knownMinima(_ function: TestFunction, scales: (a: Double, b: Double)) -> [[Double]] {
  if function == .quadratic, !(scales.a > 0 && scales.b > 0) { return [] }
  return function.minima.map { [$0.x, $0.y] }
}

/// Checks what `runObjective` needs beyond the spec's own validation, before anything is written:
/// an `objective` section with a finite start. Both dtypes (`float32`, `float64`) are supported.
public func validateObjective(_ loaded: LoadedSpec) throws(DiagnosticList) {
  guard let objective = loaded.spec.objective else {
    throw DiagnosticList([
      Diagnostic(at: nil, "this experiment has no 'objective' section", keyPath: "objective")
    ])
  }
  if !objective.start.allSatisfy(\.isFinite) {
    throw DiagnosticList([located(in: loaded, "objective", "start", "objective.start must be finite numbers")]
    )
  }
  if objective.dtype == "float32", !objective.start.allSatisfy({ Float($0).isFinite }) {
    throw DiagnosticList([
      located(
        in: loaded, "objective", "start",
        "objective.start must fit in float32 (magnitude at most 3.4e38), or set objective.dtype: float64")
    ])
  }
}

/// A diagnostic at `section.key`, in the file or in the `--set` argument that gave the value;
/// without a position when neither spells it.
private func located(in loaded: LoadedSpec, _ section: String, _ key: String, _ message: String) -> Diagnostic
{
  loaded.diagnostic(atPath: [section, key], message)
}
