import Foundation
import Reporting
import Spec

/// One row of `optim-run runs`: a run folder, or a sweep folder as a whole.
public struct RunCatalogEntry: Sendable {
  /// `run` or `sweep`.
  public var kind: String
  /// The folder.
  public var folder: URL
  /// The spec's name; nil when unreadable.
  public var name: String?
  /// run.json's start time; a sweep's is when its sweep.yaml was written (nil when unreadable).
  public var startTime: Date?
  /// A run's status (`completed`, `running`, `dead`, ... or `unreadable` for a damaged run.json);
  /// a sweep's as `collect` reports it (`completed`, `running`, `interrupted`, `incomplete`, `failed`).
  public var status: String
  /// SHA-256 of the resolved spec (a sweep's: of sweep.yaml's spec); empty when unreadable.
  public var specHash: String
  /// Rows of metrics.csv (epochs done); nil for sweeps and objective runs.
  public var epochs: Int?
  /// A sweep's trial count and trials by status.
  public var trials: (count: Int, byStatus: [String: Int])?
  /// The best value: a run's summary.json monitor at its best epoch, a sweep's best trial.
  public var best: (metric: String, value: Double, at: String?)?
}

/// The run and sweep folders under some folders, newest first, with what was skipped.
public struct RunCatalog: Sendable {
  /// The entries that pass every filter, newest first (those without a start time last).
  public var entries: [RunCatalogEntry]
  /// Problems met on the way (a damaged run.json, a folder that cannot be listed): one line each.
  public var warnings: [String]
}

/// Lists every run folder (one with run.json) and sweep folder (one with sweep.yaml) under
/// `folders`, recursively but not into a run or a sweep, keeping those that pass every filter.
/// A folder that is missing or not a directory is a usage error (thrown).
public func listRuns(in folders: [String], where filters: [RunFilter] = []) throws(RunFailure) -> RunCatalog {
  var catalog = RunCatalog(entries: [], warnings: [])
  var found: [(URL, isSweep: Bool)] = []
  for path in folders {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw .runtime("\(path) is not a folder (runs lists the run and sweep folders under folders)")
    }
    walk(URL(fileURLWithPath: path).standardizedFileURL, into: &found, warnings: &catalog.warnings)
  }
  var seen = Set<String>()
  for (url, isSweep) in found where seen.insert(url.path).inserted {
    let (entry, spec) = isSweep ? sweepEntry(url, &catalog.warnings) : runEntry(url, &catalog.warnings)
    let passes = filters.allSatisfy {
      $0.holds(name: entry.name, status: entry.status, hash: entry.specHash, spec: spec)
    }
    if passes { catalog.entries.append(entry) }
  }
  catalog.entries.sort { a, b in
    switch (a.startTime, b.startTime) {
    case (let x?, let y?): x != y ? x > y : a.folder.path < b.folder.path
    case (.some, nil): true
    case (nil, .some): false
    case (nil, nil): a.folder.path < b.folder.path
    }
  }
  return catalog
}

/// Collects run and sweep folders under `url` (hidden folders are skipped: claims, temporaries).
private func walk(_ url: URL, into found: inout [(URL, isSweep: Bool)], warnings: inout [String]) {
  let fm = FileManager.default
  if SweepFolder.isSweep(url) { return found.append((url, true)) }
  if fm.fileExists(atPath: url.appendingPathComponent(RunFolder.FileName.run).path) {
    return found.append((url, false))
  }
  let names: [String]
  do {
    names = try fm.contentsOfDirectory(atPath: url.path).sorted()
  } catch {
    return warnings.append("\(url.path): cannot list the folder (\(error.localizedDescription))")
  }
  if names.contains(RunFolder.FileName.spec) {
    warnings.append("\(url.path): a spec.yaml without run.json (a run killed while starting), skipped")
  }
  for name in names where !name.hasPrefix(".") {
    let child = url.appendingPathComponent(name)
    // Symbolic links are not followed (attributesOfItem does not): a link back up would loop.
    if (try? fm.attributesOfItem(atPath: child.path))?[.type] as? FileAttributeType == .typeDirectory {
      walk(child, into: &found, warnings: &warnings)
    }
  }
}

/// A run folder's entry, and how to read its spec for filters.
private func runEntry(_ url: URL, _ warnings: inout [String]) -> (RunCatalogEntry, () -> Value?) {
  let run: RunFolderSnapshot
  do {
    run = try RunFolderSnapshot(url)
  } catch {
    warnings.append("\(url.path): run.json cannot be read (\(error)); listed as unreadable")
    return (RunCatalogEntry(kind: "run", folder: url, status: "unreadable", specHash: ""), { nil })
  }
  var entry = RunCatalogEntry(
    kind: "run", folder: run.folder, name: run.manifest.name, startTime: run.manifest.startTime,
    status: run.status,
    specHash: run.manifest.specHash)
  let isObjective = FileManager.default.fileExists(
    atPath: url.appendingPathComponent(RunFolder.FileName.objectivePath).path)
  if !isObjective { entry.epochs = run.history.count }
  if let best = run.best, let value = best.value {
    entry.best = (best.monitor, value, best.epoch.map { "epoch \($0)" })
  }
  return (entry, { try? run.specValue() })
}

/// A sweep folder's entry: its state as `collect` would report it, read without writing anything.
private func sweepEntry(_ url: URL, _ warnings: inout [String]) -> (RunCatalogEntry, () -> Value?) {
  let folder: SweepFolder
  do {
    folder = try SweepFolder.existing(url)
  } catch {
    warnings.append("\(url.path): sweep.yaml cannot be read; listed as unreadable")
    return (RunCatalogEntry(kind: "sweep", folder: url, status: "unreadable", specHash: ""), { nil })
  }
  let report = SweepReport(folder)
  let created = try? FileManager.default.attributesOfItem(
    atPath: url.appendingPathComponent(SweepFolder.FileName.spec).path)
  var entry = RunCatalogEntry(
    kind: "sweep", folder: folder.url, name: folder.loaded.spec.name,
    startTime: created?[.modificationDate] as? Date,
    status: report.status, specHash: folder.loaded.hash)
  let counts = report.counts.filter { $0.value > 0 }.map { ($0.key.rawValue, $0.value) }
  entry.trials = (folder.trials.count, Dictionary(uniqueKeysWithValues: counts))
  if let best = report.leaderboard.best, let metric = best.metric {
    entry.best = (report.leaderboard.metric, metric, best.folderName)
  }
  let spec = folder.loaded.spec.resolvedValue
  return (entry, { spec })
}
