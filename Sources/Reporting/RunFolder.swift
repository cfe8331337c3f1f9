#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

/// The folder one run writes into, with its `checkpoints/` subfolder; created, never reused.
///
/// Default naming is `<root>/<name>/<UTC start YYYYMMDDTHHMMSSZ>-<first 8 hex of the spec hash>/`.
/// If that folder already exists (two runs of the same spec started in the same second, as in a
/// fast sweep), `-2`, `-3`, … is appended: the default never fails for that reason and never
/// reuses a folder. An explicit folder (`--out DIR`) must not exist or be an empty directory;
/// otherwise creation fails with `ReportingError.runFolderExists`. The final folder is created with
/// `mkdir`, which fails atomically if the folder appeared meanwhile, so two processes cannot share it.
public struct RunFolder: Sendable, Equatable {
  /// The run's folder.
  public let url: URL

  /// The file names the run folder format defines.
  public enum FileName {
    /// The resolved spec text.
    public static let spec = "spec.yaml"
    /// The run manifest (`RunManifest`).
    public static let run = "run.json"
    /// Per-epoch metrics as Keras's `CSVLogger` (`MetricsCSVLog`).
    public static let metricsCSV = "metrics.csv"
    /// Per-batch and per-epoch JSON lines (`MetricsJSONLog`).
    public static let metricsJSONL = "metrics.jsonl"
    /// `step,epoch,lr` (`LearningRateLog`).
    public static let learningRates = "lr_history.csv"
    /// Per-parameter rate summaries (`LearningRateLog`).
    public static let learningRatesPerParameter = "lr_per_parameter.csv"
    /// `TrainingSummary` or `ObjectiveSummary`.
    public static let summary = "summary.json"
    /// An objective run's path (`ObjectivePathLog`).
    public static let objectivePath = "path.csv"
    /// The folder of safetensors checkpoints.
    public static let checkpoints = "checkpoints"
    /// What applying the model to new data needs: input, output, preprocessing (`ModelFile`).
    public static let model = "model.json"
    /// The row indices of each split, as int64 arrays `train`, `validation`, `test`.
    public static let splits = "splits.npz"
    /// The training state that `optim-run resume` continues from (`TrainingStateFile`).
    public static let state = "state.safetensors"
    /// Newer states written without `fsync` between durable saves, in turn (`PendingStateSlots`);
    /// the newest whole one is preferred.
    public static let pendingStates = PendingStateSlots.names
  }

  private init(url: URL) { self.url = url }

  /// An existing run folder (for `optim-run resume`): it must hold `run.json` and `spec.yaml`.
  public static func existing(_ url: URL, for operation: String = "resume") throws -> RunFolder {
    let folder = RunFolder(url: url.standardizedFileURL)
    for name in [FileName.run, FileName.spec] where !FileManager.default.fileExists(atPath: folder.file(name).path) {
      let hint =
        FileManager.default.fileExists(atPath: url.path)
        ? "; a run killed while starting trained nothing: run its spec again with this --out" : ""
      throw ReportingError.io(
        operation: operation, path: url.path, message: "not a run folder (it has no \(name))\(hint)")
    }
    return folder
  }

  /// Removes temporary files left by a process that was killed while writing (`.<name>.tmp-*`).
  public func removeTemporaryFiles() {
    for folder in [url, checkpoints] {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
      }
    }
  }

  /// The URL of `name` inside the run folder.
  ///
  /// Said to be a file: without `isDirectory`, Foundation `stat`s the path to find out, and the
  /// run's files are named at every epoch (the state's slots).
  public func file(_ name: String) -> URL { url.appendingPathComponent(name, isDirectory: false) }

  /// The `checkpoints/` subfolder.
  public var checkpoints: URL { url.appendingPathComponent(FileName.checkpoints, isDirectory: true) }

  /// Atomically writes the resolved spec text as `spec.yaml`.
  public func writeSpec(_ resolvedSpec: String, syncFolder: Bool = true) throws {
    try AtomicFile.write(resolvedSpec, to: file(FileName.spec), syncFolder: syncFolder)
  }

  /// `fsync`s the folder, making the renames of files written with `syncFolder: false` durable.
  public func sync() { AtomicFile.syncFolder(url.path) }

  /// Creates `<root>/<name>/<UTC start>-<hash prefix>[-N]/` and its `checkpoints/`.
  ///
  /// - Parameters:
  ///   - root: the `output.dir` of the spec (`runs` by default), created if missing.
  ///   - name: the spec's `name`; must be usable as one folder name.
  ///   - specHash: the spec's SHA-256 in hex; its first 8 characters go in the folder name.
  ///   - start: the run's start time.
  public static func create(root: URL, name: String, specHash: String, start: Date) throws -> RunFolder {
    guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0") else {
      throw ReportingError.invalidRunName(name)
    }
    precondition(
      specHash.count >= 8 && specHash.allSatisfy(\.isHexDigit), "spec hash must be hex: \(specHash)")
    let parent = root.appendingPathComponent(name, isDirectory: true)
    try makeParents(parent)
    let base = UTCTime.compact(start) + "-" + specHash.prefix(8).lowercased()
    var attempt = 1
    while true {
      let candidate = parent.appendingPathComponent(attempt == 1 ? base : "\(base)-\(attempt)")
      if try makeFolder(candidate) { return try finish(candidate) }
      attempt += 1
    }
  }

  /// Creates the explicit folder `url` (`--out DIR`); it must not exist, or be an empty directory,
  /// or hold only what a run killed before its `run.json` leaves (nothing trained yet).
  public static func create(at url: URL) throws -> RunFolder {
    try makeParents(url.deletingLastPathComponent())
    if try !makeFolder(url) {
      if clearUnstartedRun(url) { return try finish(url) }
      let contents = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? ["?"]
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
        throw ReportingError.runFolderIsNotAFolder(path: url.path)
      }
      guard isDirectory.boolValue, contents.isEmpty else { throw ReportingError.runFolderExists(path: url.path) }
    }
    return try finish(url)
  }

  /// Files a run writes before `run.json`: a folder holding nothing else (and an empty
  /// `checkpoints/`) is a run killed while starting, which trained nothing.
  private static let startingFiles: Set<String> = [
    FileName.spec, FileName.metricsCSV, FileName.metricsJSONL, FileName.learningRates,
    FileName.learningRatesPerParameter, FileName.checkpoints, "vocabulary.txt",
  ]

  /// Empties `url` if it holds only a run killed before its `run.json`; true if it did.
  private static func clearUnstartedRun(_ url: URL) -> Bool {
    let fm = FileManager.default
    guard let names = try? fm.contentsOfDirectory(atPath: url.path), !names.contains(FileName.run),
      names.allSatisfy({ startingFiles.contains($0) || ($0.hasPrefix(".") && $0.contains(".tmp-")) }),
      (try? fm.contentsOfDirectory(atPath: url.appendingPathComponent(FileName.checkpoints).path))?.isEmpty ?? true
    else { return false }
    for name in names { try? fm.removeItem(at: url.appendingPathComponent(name)) }
    return (try? fm.contentsOfDirectory(atPath: url.path))?.isEmpty ?? false
  }

  private static func finish(_ url: URL) throws -> RunFolder {
    let folder = RunFolder(url: url)
    guard try makeFolder(folder.checkpoints) else {
      throw ReportingError.runFolderExists(path: folder.checkpoints.path)
    }
    AtomicFile.syncFolder(url.path)
    AtomicFile.syncFolder(url.deletingLastPathComponent().path)
    return folder
  }

  private static func makeParents(_ url: URL) throws {
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw ReportingError.io(
        operation: "create the folder", path: url.path, message: "\(error.localizedDescription)")
    }
  }

  /// `mkdir`: true if created, false if something already exists there; throws on other errors.
  private static func makeFolder(_ url: URL) throws -> Bool {
    if mkdir(url.path, 0o755) == 0 { return true }
    if errno == EEXIST { return false }
    throw AtomicFile.ioError("create the folder", url.path)
  }
}
