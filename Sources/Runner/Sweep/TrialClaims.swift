#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation
import Reporting

/// Who may work on a trial: claims are folders `claims/trial-NNN.G` in the sweep folder, made with
/// `mkdir`, which succeeds for exactly one process even on NFS. Generation G is the number of
/// claims the trial had when the process looked, so two processes that both found a trial free
/// race for the same name and one loses; a trial taken over after its owner died gets G + 1.
///
/// A claim holds `owner` (host, pid, time) and, once the owner has finished with the trial,
/// `released`. A trial is busy while its newest claim is unreleased and its owner alive.
struct TrialClaims {
  /// The sweep folder's `claims/`.
  let folder: URL

  init(sweepFolder: URL) { folder = sweepFolder.appendingPathComponent("claims") }

  /// The owner of a claim.
  struct Owner: Equatable {
    var host: String
    var pid: Int32
    var time: Date
  }

  /// The newest claim of trial `index`: its generation, owner and whether it was released; nil
  /// when the trial was never claimed.
  func latest(_ index: Int) -> (generation: Int, owner: Owner?, released: Bool)? {
    let prefix = SweepTrialRecord.folderName(index) + "."
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    guard let generation = names.compactMap({ $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil }).max()
    else { return nil }
    let claim = folder.appendingPathComponent(prefix + String(generation))
    let released = FileManager.default.fileExists(atPath: claim.appendingPathComponent("released").path)
    return (generation, Self.readOwner(claim.appendingPathComponent("owner")), released)
  }

  /// Tries to take trial `index` as claim `generation`; the claim's folder on success, nil when
  /// another process took that generation first.
  func take(_ index: Int, generation: Int) throws -> URL? {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let claim = folder.appendingPathComponent(SweepTrialRecord.folderName(index) + ".\(generation)")
    if mkdir(claim.path, 0o755) != 0 {
      if errno == EEXIST { return nil }
      throw ReportingError.io(operation: "create", path: claim.path, message: String(cString: strerror(errno)))
    }
    let owner = "\(ProcessInfo.processInfo.hostName)\n\(getpid())\n\(UTCTime.iso8601(Date()))\n"
    try AtomicFile.write(owner, to: claim.appendingPathComponent("owner"))
    return claim
  }

  /// Marks a claim as done with (the trial's run.json now says how it ended).
  static func release(_ claim: URL) {
    _ = try? AtomicFile.write("", to: claim.appendingPathComponent("released"))
  }

  /// Whether the owner of an unreleased claim still works on it (`optimRunProcessLooksAlive`; from
  /// another host, the claim or the run's heartbeat, whichever is newer, is the sign of life).
  static func isAlive(_ owner: Owner, heartbeat: Date?) -> Bool {
    optimRunProcessLooksAlive(host: owner.host, pid: owner.pid, lastSign: max(owner.time, heartbeat ?? owner.time))
  }

  private static func readOwner(_ url: URL) -> Owner? {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
    let lines = text.split(separator: "\n").map(String.init)
    guard lines.count >= 3, let pid = Int32(lines[1]), let time = UTCTime.parse(lines[2]) else { return nil }
    return Owner(host: lines[0], pid: pid, time: time)
  }
}
