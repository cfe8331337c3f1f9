import Foundation
import Training

extension RunManifest {
  /// Renders the `run.json` a second signal writes on its way out (status `interrupted`, end time
  /// the last heartbeat), so the signal handler only copies bytes.
  public func armForcedExitRecord(
    in folder: RunFolder,
    reason: String = "stopped at once by a second signal; resume continues from the last saved state"
  ) {
    var forced = self
    forced.status = .interrupted
    forced.exitReason = reason
    forced.endTime = heartbeat ?? Date()
    Interruption.setEmergencyRecord(Array(forced.json.pretty.utf8), path: folder.file(RunFolder.FileName.run).path)
  }
}

extension RunManifest {
  /// Reads `run.json` of `folder` back (for `optim-run resume`).
  public static func read(from folder: RunFolder) throws -> RunManifest {
    let url = folder.file(RunFolder.FileName.run)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw ReportingError.io(operation: "read", path: url.path, message: "no such file")
    }
    return try decode([UInt8](data), path: url.path)
  }

  /// Decodes the bytes of a `run.json`; `path` names them in errors.
  public static func decode(_ bytes: [UInt8], path: String) throws -> RunManifest {
    func fail(_ message: String) -> ReportingError { .io(operation: "read", path: path, message: message) }
    guard let o = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
      throw fail("not a JSON object")
    }
    func string(_ key: String) throws -> String {
      guard let s = o[key] as? String else { throw fail("'\(key)' is not a string") }
      return s
    }
    func strings(_ key: String) -> [String] { (o[key] as? [String]) ?? [] }
    guard let status = RunStatus(rawValue: try string("status")) else { throw fail("unknown status") }
    let seed: UInt64 =
      if let n = o["seed"] as? Int { UInt64(bitPattern: Int64(n)) } else { UInt64(o["seed"] as? String ?? "") ?? 0 }
    let datasets = ((o["datasets"] as? [[String: Any]]) ?? []).map {
      DatasetFile(
        path: $0["path"] as? String ?? "", sizeBytes: $0["size_bytes"] as? Int ?? 0, sha256: $0["sha256"] as? String)
    }
    var m = RunManifest(
      name: try string("name"), specHash: try string("spec_hash"), seed: seed,
      toolVersion: try string("tool_version"), commandLine: strings("command_line"), overrides: strings("overrides"),
      startTime: UTCTime.parse(try string("start_time")) ?? Date(), host: try string("host"),
      threads: o["threads"] as? Int ?? 1, blasCore: o["blas_core"] as? String ?? "", datasets: datasets)
    m.status = status
    m.exitReason = o["exit_reason"] as? String
    m.winograd = o["winograd"] as? Bool
    m.winogradTile = o["winograd_tile"] as? Int
    m.haswellKernels = o["haswell_kernels"] as? Bool
    m.endTime = (o["end_time"] as? String).flatMap(UTCTime.parse)
    m.pid = Int32(o["pid"] as? Int ?? 0)
    m.heartbeat = (o["heartbeat"] as? String).flatMap(UTCTime.parse)
    m.threadsSource = o["threads_source"] as? String ?? ""
    if let g = o["git"] as? [String: Any], let commit = g["commit"] as? String {
      m.git = GitRecord(
        commit: commit, branch: g["branch"] as? String, dirty: g["dirty"] as? Bool ?? false,
        root: g["root"] as? String ?? "", specFile: g["spec_file"] as? String ?? "")
    }
    m.resumes = ((o["resumes"] as? [[String: Any]]) ?? []).map {
      ResumeRecord(
        time: ($0["time"] as? String).flatMap(UTCTime.parse) ?? Date(), fromEpoch: $0["from_epoch"] as? Int ?? 0,
        fromStep: $0["from_step_in_epoch"] as? Int ?? 0, fromGlobalStep: $0["from_global_step"] as? Int ?? 0,
        commandLine: ($0["command_line"] as? [String]) ?? [])
    }
    return m
  }
}
