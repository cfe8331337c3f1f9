/// Which trials of a sweep one process runs: `--trial 3`, `--trial 3,5,8-11` or `--trial auto`.
public struct TrialSelection: Sendable, Equatable {
  /// The chosen 0-based trial indices, ascending, without repeats.
  public var indices: [Int]
  /// Where `auto` found the index (`SLURM_ARRAY_TASK_ID=3`), nil for explicit lists.
  public var source: String?

  /// The environment variables `--trial auto` reads, in order: Slurm job arrays, Kubernetes
  /// Indexed Jobs, GNU parallel (whose sequence number starts at 1).
  public static let automaticSources: [(name: String, offset: Int)] = [
    ("SLURM_ARRAY_TASK_ID", 0), ("JOB_COMPLETION_INDEX", 0), ("PARALLEL_SEQ", -1),
  ]

  /// Parses `text` (`auto`, or comma-separated indices and inclusive ranges `a-b`).
  public static func parse(_ text: String, environment: [String: String]) throws(TrialSelectionError) -> TrialSelection {
    if text == "auto" {
      for (name, offset) in automaticSources {
        guard let raw = environment[name], !raw.isEmpty else { continue }
        guard let value = Int(raw), value + offset >= 0 else {
          throw TrialSelectionError("--trial auto: \(name)=\(raw) is not a trial index")
        }
        return TrialSelection(indices: [value + offset], source: "\(name)=\(raw)")
      }
      let names = automaticSources.map(\.name).joined(separator: ", ")
      throw TrialSelectionError("--trial auto: none of \(names) is set; give the trial index, e.g. --trial 3")
    }
    var chosen = Set<Int>()
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = part.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
      guard let low = Int(bounds[0]), low >= 0, bounds.count == 1 || Int(bounds[1]) != nil else {
        throw TrialSelectionError(
          "--trial: '\(part)' is not a trial index or range; write e.g. 3, 3,5,8-11 or auto")
      }
      let high = bounds.count == 2 ? Int(bounds[1])! : low
      guard high >= low else { throw TrialSelectionError("--trial: range '\(part)' ends before it starts") }
      guard high - low < 1_000_000 else { throw TrialSelectionError("--trial: range '\(part)' is too long") }
      chosen.formUnion(low...high)
    }
    return TrialSelection(indices: chosen.sorted(), source: nil)
  }

  /// Throws when an index is not a trial of a sweep with `count` trials.
  public func check(trialCount count: Int) throws(TrialSelectionError) {
    if let bad = indices.first(where: { $0 >= count }) {
      let from = source.map { " (from \($0))" } ?? ""
      throw TrialSelectionError("--trial \(bad)\(from): the sweep has \(count) trials, 0 to \(count - 1)")
    }
  }
}

/// A `--trial` argument that names no trial of the sweep.
public struct TrialSelectionError: Error, CustomStringConvertible, Sendable {
  public var description: String
  init(_ description: String) { self.description = description }
}
