import Foundation

/// Where a run stands, as `run.json` records it.
public enum RunStatus: String, Sendable, CaseIterable {
  /// Started and not finished: what a folder of a killed process keeps saying.
  case running
  /// All epochs (or steps) done, or stopped by a callback such as early stopping.
  case completed
  /// An error ended the run.
  case failed
  /// The loss became NaN or infinite.
  case diverged
  /// Stopped by the user (SIGINT/SIGTERM).
  case interrupted
}

/// A data file the run read, with its size in bytes.
public struct DatasetFile: Sendable, Equatable {
  /// The path as given in the spec (or resolved from it).
  public var path: String
  /// The file's size in bytes.
  public var sizeBytes: Int

  /// Creates a record from known values.
  public init(path: String, sizeBytes: Int) {
    self.path = path
    self.sizeBytes = sizeBytes
  }

  /// Reads the size of the file at `path`.
  public static func measuring(_ path: String) throws -> DatasetFile {
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      return DatasetFile(path: path, sizeBytes: (attributes[.size] as? NSNumber)?.intValue ?? 0)
    } catch {
      throw ReportingError.io(operation: "read the size of", path: path, message: error.localizedDescription)
    }
  }
}

/// The contents of `run.json`: what ran, how, where, and how it ended.
///
/// Written when the run starts with status `running`, and rewritten atomically whenever the status
/// changes, so a folder left by a killed process still parses and honestly says `running`.
/// Keys (sorted in the file): `command_line`, `datasets` (`[{path, size_bytes}]`), `end_time`
/// (null while running), `exit_reason` (null while running), `host`, `name`, `overrides`, `seed`,
/// `spec_hash`, `start_time`, `status`, `threads`, `blas_core`, `tool_version`. Times are ISO 8601 UTC.
public struct RunManifest: Sendable, Equatable {
  /// The spec's `name`.
  public var name: String
  /// SHA-256 of the resolved spec, hex.
  public var specHash: String
  /// The spec's seed.
  public var seed: UInt64
  /// optim-run's version.
  public var toolVersion: String
  /// The process arguments, `argv[0]` first.
  public var commandLine: [String]
  /// The `--set path=value` overrides in the order given.
  public var overrides: [String]
  /// When the run started.
  public var startTime: Date
  /// When it ended; nil while running.
  public var endTime: Date?
  /// Where the run stands.
  public var status: RunStatus
  /// Why the run ended (`completed`, `early_stopping`, `nan_loss`, an error message, …).
  public var exitReason: String?
  /// The machine's host name.
  public var host: String
  /// Worker threads used by the kernels.
  public var threads: Int
  /// OpenBLAS's kernel family (`Cooperlake`, `Haswell`, ...): GEMM results can differ in the last
  /// bit between families, so a bit-for-bit rerun needs the same one. Empty when not recorded.
  public var blasCore: String
  /// The data files read, with sizes.
  public var datasets: [DatasetFile]

  /// A manifest for a run starting now-ish with status `running`.
  public init(
    name: String, specHash: String, seed: UInt64, toolVersion: String, commandLine: [String],
    overrides: [String], startTime: Date, host: String = ProcessInfo.processInfo.hostName, threads: Int,
    blasCore: String = "", datasets: [DatasetFile]
  ) {
    self.name = name
    self.specHash = specHash
    self.seed = seed
    self.toolVersion = toolVersion
    self.commandLine = commandLine
    self.overrides = overrides
    self.startTime = startTime
    self.endTime = nil
    self.status = .running
    self.exitReason = nil
    self.host = host
    self.threads = threads
    self.blasCore = blasCore
    self.datasets = datasets
  }

  /// The JSON document.
  public var json: JSONValue {
    .object([
      "name": .string(name),
      "spec_hash": .string(specHash),
      // Seeds beyond Int64 are written as a decimal string rather than wrapped.
      "seed": seed <= UInt64(Int.max) ? .int(Int(seed)) : .string(String(seed)),
      "tool_version": .string(toolVersion),
      "command_line": .array(commandLine.map { .string($0) }),
      "overrides": .array(overrides.map { .string($0) }),
      "start_time": .string(UTCTime.iso8601(startTime)),
      "end_time": endTime.map { .string(UTCTime.iso8601($0)) } ?? .null,
      "status": .string(status.rawValue),
      "exit_reason": exitReason.map { .string($0) } ?? .null,
      "host": .string(host),
      "threads": .int(threads),
      "blas_core": .string(blasCore),
      "datasets": .array(
        datasets.map { .object(["path": .string($0.path), "size_bytes": .int($0.sizeBytes)]) }),
    ])
  }

  /// Atomically writes `run.json` into `folder`.
  public func write(to folder: RunFolder) throws {
    try AtomicFile.write(json.pretty, to: folder.file(RunFolder.FileName.run))
  }
}
