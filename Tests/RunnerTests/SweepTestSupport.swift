import Foundation
import Spec

@testable import Runner

/// One data row of `leaderboard.csv` (scalar values only: no quoted fields), by column name.
struct SweepCSVRow {
  let fields: [String: String]
  subscript(_ column: String) -> String? { fields[column] }
}

/// The rows of a CSV file whose fields hold no commas, by header name (lines end in `\n` or, as
/// Keras's `CSVLogger` writes them, `\r\n`).
func readSweepCSV(_ url: URL) throws -> [SweepCSVRow] {
  let lines = String(decoding: try Data(contentsOf: url), as: UTF8.self).split(whereSeparator: \.isNewline)
  guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
  else {
    return []
  }
  return lines.dropFirst().map { line in
    let values = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return SweepCSVRow(fields: Dictionary(uniqueKeysWithValues: zip(header, values)))
  }
}

/// Runs a sweep spec's text into `out` (which must not exist yet).
func runSweepSpec(
  _ text: String, out: URL, notes: SweepNotes? = nil, shouldStop: @escaping (Int) -> Bool = { _ in false }
) throws -> RunOutcome {
  let loaded = try loadSpec(text: text, name: "sweep.yaml")
  let options = RunOptions(outDirectory: out.path, note: { notes?.lines.append($0) })
  // The driver asks before each trial; the count of questions so far is the trials run so far.
  var asked = 0
  return try runSweep(
    loaded, options: options,
    shouldStop: {
      defer { asked += 1 }
      return shouldStop(asked)
    })
}

/// Collects `RunOptions.note` lines.
final class SweepNotes {
  var lines: [String] = []
}

/// The names of the `trial-*` folders in a sweep folder, sorted.
func sweepTrialFolders(_ folder: URL) throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("trial-") }.sorted()
}

/// Parses a JSON object with Foundation's parser.
func sweepJSON(_ url: URL) throws -> [String: Any] {
  try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
}
