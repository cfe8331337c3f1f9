import Foundation
import Reporting
import Spec
import Tensors
import Training
import YAML

/// Runs an objective spec into a new run folder (the command line's entry point around
/// `runObjective`), polling SIGINT/SIGTERM between steps.
func runObjectiveExperiment(_ loaded: LoadedSpec, options: RunOptions) throws(RunFailure) -> RunOutcome {
  do {
    try validateObjective(loaded)
  } catch {
    throw .spec(error)
  }
  let spec = loaded.spec
  let start = Date()
  let folder = try makeRunFolder(loaded, options: options, start: start)
  options.note("run folder: \(folder.url.path)")
  var manifest = RunManifest(
    name: spec.name, specHash: loaded.hash, seed: UInt64(bitPattern: Int64(spec.seed)), toolVersion: toolVersion,
    commandLine: options.commandLine, overrides: options.overrides, startTime: start, threads: 1, blasCore: BLASThreads.coreName, datasets: [])
  manifest.git = GitProvenance.record(specPath: loaded.source.name)
  options.events(.runStarted(folder: folder.url, specHash: loaded.hash, trial: options.trial, resumedFrom: nil))
  let result: ObjectiveResult
  let steps = spec.objective?.steps ?? 0
  do {
    result = try runObjective(
      loaded, folder: folder, manifest: manifest, shouldStop: { Interruption.requested != nil },
      onPoint: { p in
        // Sampled: every 10th point and the last, so a long path does not flood a script.
        if p.step % 10 == 0 || p.step == steps {
          options.events(.step(step: p.step, x: p.x, y: p.y, loss: p.loss, lr: p.lr, trial: options.trial))
        }
      })
  } catch let list as DiagnosticList {
    throw .spec(list)
  } catch {
    throw .runtime("objective run in \(folder.url.path) failed: \(error)")
  }
  let last = result.path.last
  var logs: Logs = [:]
  if let last {
    logs = ["loss": last.loss, "x": last.x, "y": last.y]
  }
  let outcome = RunOutcome(folder: folder.url, status: result.status, exitReason: result.exitReason, finalLogs: logs)
  options.events(.runFinished(outcome, bestMetrics: [:], trial: options.trial))
  return outcome
}

/// The run folder: `--out DIR`, or `output.dir/<name>/<UTC time>-<hash8>/`.
func makeRunFolder(_ loaded: LoadedSpec, options: RunOptions, start: Date) throws(RunFailure) -> RunFolder {
  do {
    if let out = options.outDirectory { return try RunFolder.create(at: URL(fileURLWithPath: out)) }
    return try RunFolder.create(
      root: URL(fileURLWithPath: loaded.spec.output.dir), name: loaded.spec.name, specHash: loaded.hash, start: start)
  } catch {
    throw .runtime("cannot create the run folder: \(error)")
  }
}
