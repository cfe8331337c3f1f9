import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a run stands, as `run.json` records it.
public enum RunStatus: String, Sendable, CaseIterable {
  /// Started and not finished: what a folder of a killed process keeps saying.
  case running
  /// All epochs (or steps) done.
  case completed
  /// Early stopping ended training (a result, like `completed`).
  case early_stopped
  /// An error ended the run.
  case failed
  /// The loss became NaN or infinite.
  case diverged
  /// Stopped by a signal (SIGINT, SIGTERM, SIGHUP, ...); `optim-run resume` continues it.
  case interrupted

  /// True for every status a run ends with (all but `running`).
  public var isFinal: Bool { self != .running }
}

/// One `optim-run resume` of a run, as `run.json` lists it.
public struct ResumeRecord: Sendable, Equatable {
  /// When the resume started.
  public var time: Date
  /// The position it continued from: epochs completed and batches of the next epoch done.
  public var fromEpoch: Int
  public var fromStep: Int
  /// The optimizer steps done before it.
  public var fromGlobalStep: Int
  /// The resuming process's arguments.
  public var commandLine: [String]

  /// Creates a record.
  public init(time: Date, fromEpoch: Int, fromStep: Int, fromGlobalStep: Int, commandLine: [String]) {
    self.time = time
    self.fromEpoch = fromEpoch
    self.fromStep = fromStep
    self.fromGlobalStep = fromGlobalStep
    self.commandLine = commandLine
  }

  var json: JSONValue {
    .object([
      "time": .string(UTCTime.iso8601(time)), "from_epoch": .int(fromEpoch), "from_step_in_epoch": .int(fromStep),
      "from_global_step": .int(fromGlobalStep), "command_line": .array(commandLine.map(JSONValue.string)),
    ])
  }
}

/// A data file the run read: its absolute path, size in bytes and SHA-256, so a later reader can
/// tell whether the data it has is the data the run had (`sha256sum` prints the same digest).
public struct DatasetFile: Sendable, Equatable {
  /// The absolute path (relative paths in a spec are resolved before anything is read).
  public var path: String
  /// The file's size in bytes.
  public var sizeBytes: Int
  /// The file's SHA-256, 64 lower-case hex digits; nil when not recorded.
  public var sha256: String?

  /// Creates a record from known values.
  public init(path: String, sizeBytes: Int, sha256: String? = nil) {
    self.path = path
    self.sizeBytes = sizeBytes
    self.sha256 = sha256
  }

  var json: JSONValue {
    .object(["path": .string(path), "size_bytes": .int(sizeBytes), "sha256": sha256.map(JSONValue.string) ?? .null])
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

/// The git state of the folder holding the spec file, when it is in a git work tree (the
/// experiment as committed: `git checkout COMMIT` gets the spec back, if `dirty` is false).
public struct GitRecord: Sendable, Equatable {
  /// `git rev-parse HEAD`.
  public var commit: String
  /// The checked-out branch; nil on a detached HEAD.
  public var branch: String?
  /// Whether tracked files differ from the commit (as `git describe --dirty`; untracked files do not count).
  public var dirty: Bool
  /// The work tree's top folder.
  public var root: String
  /// The spec file's path inside the work tree.
  public var specFile: String

  /// Creates a record.
  public init(commit: String, branch: String?, dirty: Bool, root: String, specFile: String) {
    self.commit = commit
    self.branch = branch
    self.dirty = dirty
    self.root = root
    self.specFile = specFile
  }

  var json: JSONValue {
    .object([
      "commit": .string(commit), "branch": branch.map(JSONValue.string) ?? .null, "dirty": .bool(dirty),
      "root": .string(root), "spec_file": .string(specFile),
    ])
  }
}

/// The contents of `run.json`: what ran, how, where, and how it ended.
///
/// Written when the run starts with status `running`, and rewritten atomically whenever the status
/// changes, so a folder left by a killed process still parses and honestly says `running`.
/// Keys (sorted in the file): `command_line`, `datasets` (`[{path, sha256, size_bytes}]`), `end_time`
/// (null while running), `exit_reason` (null while running), `host`, `name`, `overrides`, `seed`,
/// `spec_hash`, `start_time`, `status`, `threads`, `blas_core`, `winograd`, `winograd_tile`, `haswell_kernels`, `tool_version`, `git` (null outside a
/// git work tree). Times are ISO 8601 UTC.
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
  /// Whether stride-1 3×3 convolutions (≥ 64 input, ≥ 32 output channels) ran as Winograd
  /// F(m×m, 3×3); results differ in the last bits from the GEMM routes. Nil when not recorded.
  public var winograd: Bool?
  /// Winograd's output tile side m: 4 (F(4×4, 3×3), the default) or 2 (F(2×2, 3×3), runs made
  /// before F(4×4) existed or with `OPTIM_RUN_WINOGRAD=2`). Nil when Winograd is off or not recorded.
  public var winogradTile: Int?
  /// Whether short-patch convolutions (3×3 over 1–3 channels, filters a multiple of 16) ran as the
  /// direct AVX2 kernels of `HaswellKernels` (CPUs with AVX2 and FMA, unless switched off); results
  /// differ in the last bits from the GEMM routes. Nil when not recorded.
  public var haswellKernels: Bool?
  /// The data files read, with sizes.
  public var datasets: [DatasetFile]
  /// The process writing the run (the last one, after resumes).
  public var pid: Int32 = getpid()
  /// The last sign of life of that process: refreshed at epoch ends (at most once a second) and
  /// every 30 s within long epochs. A `running` run whose process is gone is dead.
  public var heartbeat: Date?
  /// Every `optim-run resume` of this run, oldest first.
  public var resumes: [ResumeRecord] = []
  /// Where the worker thread count came from (`affinity`, `--threads`, `OPTIM_RUN_THREADS`, ...).
  public var threadsSource: String = ""
  /// The git state of the spec file's work tree when the run started; nil outside one (or without git).
  public var git: GitRecord?

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
      "threads_source": .string(threadsSource),
      "pid": .int(Int(pid)),
      "heartbeat": heartbeat.map { .string(UTCTime.iso8601($0)) } ?? .null,
      "resumes": .array(resumes.map(\.json)),
      "blas_core": .string(blasCore),
      "winograd": winograd.map { .bool($0) } ?? .null,
      "winograd_tile": winogradTile.map { .int($0) } ?? .null,
      "haswell_kernels": haswellKernels.map { .bool($0) } ?? .null,
      "datasets": .array(datasets.map(\.json)),
      "git": git?.json ?? .null,
    ])
  }

  /// Atomically writes `run.json` into `folder`; on a disk too full for a temporary file, overwrites
  /// the existing file in place, so the status is recorded all the same.
  public func write(to folder: RunFolder) throws {
    let url = folder.file(RunFolder.FileName.run)
    let bytes = Array(json.pretty.utf8)
    do {
      try AtomicFile.write(bytes, to: url)
    } catch {
      guard FileManager.default.fileExists(atPath: url.path) else { throw error }
      try AtomicFile.overwriteInPlace(bytes, at: url)
      // Callers count on this write to sync the folder for files renamed just before it.
      AtomicFile.syncFolder(folder.url.path)
    }
  }
}
