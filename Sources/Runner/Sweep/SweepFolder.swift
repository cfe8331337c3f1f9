import Foundation
import Reporting
import Spec
import YAML

/// A sweep's folder: `sweep.yaml` (the spec with its sweep section, `--set` applied), one run folder per
/// trial (`trial-NNN/`), `claims/` (who works on which trial) and the records derived from them
/// (`leaderboard.csv`, `sweep.json`, plots), which `collect` can rebuild at any time.
public struct SweepFolder: Sendable {
  /// The folder.
  public let url: URL
  /// The base spec (from `sweep.yaml`, or the one that created it).
  public let loaded: LoadedSpec
  /// The sweep section.
  public let sweep: SweepSpec
  /// Every trial, in index order.
  public let trials: [SweepTrial]

  /// The sweep's own file names.
  public enum FileName {
    public static let spec = "sweep.yaml"
    public static let leaderboard = "leaderboard.csv"
    public static let trials = "trials.csv"
    public static let summary = "sweep.json"
  }

  /// The run folder of trial `index`.
  public func trialFolder(_ index: Int) -> URL { url.appendingPathComponent(SweepTrialRecord.folderName(index)) }

  /// The claims of this sweep's trials.
  var claims: TrialClaims { TrialClaims(sweepFolder: url) }

  /// Opens the sweep folder at `url` for `loaded`, creating it (and `sweep.yaml`) if it does not
  /// exist. Any number of processes may do this at once: `sweep.yaml` is created with an atomic
  /// link, and every later process checks that its spec is the one already there.
  static func open(_ url: URL, for loaded: LoadedSpec, trials: [SweepTrial]) throws(RunFailure) -> SweepFolder {
    guard let sweep = loaded.spec.sweep else { preconditionFailure("a sweep folder needs a sweep spec") }
    let fm = FileManager.default
    let specURL = url.appendingPathComponent(FileName.spec)
    do {
      try fm.createDirectory(at: url, withIntermediateDirectories: true)
      if !fm.fileExists(atPath: specURL.path) {
        // Another process may link sweep.yaml between the check above and this listing; every
        // other file of a sweep comes after it, so a listing without it is another folder.
        let names = try fm.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }
        if !names.isEmpty, !names.contains(FileName.spec) {
          throw RunFailure.runtime(
            "\(url.path) is not empty and holds no \(FileName.spec): it is not a sweep folder (give a new --out folder)")
        }
      }
      // The spec as written (with --set applied), not the resolved one: a resolved optimizer
      // carries every default of its type, so a trial that sweeps `optimizer.type` would not
      // reload. Each trial's spec.yaml is resolved.
      if try !AtomicFile.createExclusively(Array(emitYAML(loaded.root).utf8), at: specURL) {
        let existing = try Self.loadSpec(at: url)
        let differing = loaded.spec.differingPaths(from: existing.spec)
        if !differing.isEmpty {
          throw RunFailure.runtime(
            "\(url.path) holds a sweep of another spec; these keys differ from its \(FileName.spec): "
              + differing.joined(separator: ", ") + " (use another --out folder, or the same spec and --set)")
        }
      }
    } catch let failure as RunFailure {
      throw failure
    } catch {
      throw .runtime("cannot create the sweep folder \(url.path): \(error)")
    }
    return SweepFolder(url: url.standardizedFileURL, loaded: loaded, sweep: sweep, trials: trials)
  }

  /// Opens an existing sweep folder from its `sweep.yaml` (for `collect` and `resume`).
  public static func existing(_ url: URL) throws(RunFailure) -> SweepFolder {
    let loaded = try loadSpec(at: url)
    guard let sweep = loaded.spec.sweep else {
      throw .runtime("\(url.path)/\(FileName.spec) has no sweep section")
    }
    let trials: [SweepTrial]
    do {
      trials = try loaded.sweepTrials()
    } catch {
      throw .spec(error)
    }
    return SweepFolder(url: url.standardizedFileURL, loaded: loaded, sweep: sweep, trials: trials)
  }

  /// Whether `url` holds a sweep (a `sweep.yaml`).
  public static func isSweep(_ url: URL) -> Bool {
    FileManager.default.fileExists(atPath: url.appendingPathComponent(FileName.spec).path)
  }

  /// The spec in `url`'s `sweep.yaml`.
  static func loadSpec(at url: URL) throws(RunFailure) -> LoadedSpec {
    let path = url.appendingPathComponent(FileName.spec).path
    guard FileManager.default.fileExists(atPath: path) else {
      throw .runtime("\(url.path) is not a sweep folder: it has no \(FileName.spec)")
    }
    do {
      return try Spec.loadSpec(path: path)
    } catch {
      throw .spec(error)
    }
  }

  /// The successive-halving plan the records give (nil unless `method: halving`).
  func halvingPlan(_ records: [SweepTrialRecord]) -> HalvingPlan? {
    guard sweep.method == .halving else { return nil }
    return HalvingPlan(sweep: sweep, trials: trials, records: records, ranking: SweepRanking(sweep))
  }

  /// Every trial's record, scored by the sweep's ranking rule.
  func records() -> [SweepTrialRecord] {
    let claims = self.claims
    return SweepRanking(sweep).scored(
      trials.map { TrialFolderReader.read($0, sweepFolder: url, claims: claims) })
  }
}
