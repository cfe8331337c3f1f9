import ArgumentParser
import Foundation
import Reporting
import Runner

extension OptimRun {
  /// `optim-run collect SWEEP_DIR`: rebuilds a sweep's leaderboard and reports its trials.
  struct Collect: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Rebuild a sweep's leaderboard, sweep.json and plots from its trial folders.",
      discussion: """
        Reads every trial folder of SWEEP_DIR (safe while trials run, on any machine sharing the \
        folder), rewrites leaderboard.csv, sweep.json and the plots, and prints how the sweep \
        stands: trials by status, then the ones missing, running, dead (their process is gone) or \
        failed. --json prints sweep.json's content on one line instead.

        Exit status: 0 when every trial finished (the sweep is completed); 1 when some trial \
        failed, or trials are still running, missing or interrupted (optim-run resume SWEEP_DIR \
        runs what is left); 2 when SWEEP_DIR is not a sweep folder.
        """)

    @Argument(help: "The sweep folder.", completion: .directory)
    var sweepFolder: String

    @Flag(help: "Print sweep.json's content (one line) instead of the report.")
    var json = false

    func run() throws {
      let report: SweepReport
      do {
        report = try collectSweep(at: sweepFolder)
      } catch {
        FileHandleStderr.write(error.description + "\n")
        throw ExitStatus.specError.exitCode
      }
      if json {
        Stdout.write(report.summary.compact + "\n")
      } else {
        Stdout.write(Self.text(report))
      }
      if report.status != "completed" { throw ExitStatus.failed.exitCode }
    }

    /// The report: a status line, counts, then the trials that need attention.
    static func text(_ report: SweepReport) -> String {
      let records = report.leaderboard.records
      var lines = ["\(report.folder.path): \(report.status) (\(report.exitReason))"]
      let counts = TrialStatus.allCases.compactMap { s in report.counts[s].map { "\(s.rawValue) \($0)" } }
      lines.append("trials: " + counts.joined(separator: ", "))
      for status in [TrialStatus.running, .dead, .interrupted, .failed] {
        for r in records where r.status == status {
          lines.append("\(status.rawValue): \(SweepLeaderboardText.name(r)) \(r.assignmentText) (\(r.exitReason))")
        }
      }
      let missing = records.filter { $0.status == .missing }.map(\.index)
      if !missing.isEmpty { lines.append("missing: " + SweepLeaderboardText.ranges(missing)) }
      if let best = report.leaderboard.best, let m = best.metric {
        lines.append("best: \(best.folderName) \(best.assignmentText) (\(report.leaderboard.metric)=\(PythonFloat.repr(m)))")
      }
      lines.append("leaderboard: " + report.folder.appendingPathComponent("leaderboard.csv").path)
      return lines.joined(separator: "\n") + "\n"
    }
  }
}

/// Short texts for trials in `collect`'s report.
enum SweepLeaderboardText {
  static func name(_ r: SweepTrialRecord) -> String { r.folderName.isEmpty ? "trial \(r.index)" : r.folderName }

  /// `0-3,7,9-10`: sorted indices as ranges (what `--trial` takes).
  static func ranges(_ indices: [Int]) -> String {
    var parts: [String] = []
    var i = 0
    while i < indices.count {
      var j = i
      while j + 1 < indices.count, indices[j + 1] == indices[j] + 1 { j += 1 }
      parts.append(i == j ? "\(indices[i])" : "\(indices[i])-\(indices[j])")
      i = j + 1
    }
    return parts.joined(separator: ",")
  }
}
