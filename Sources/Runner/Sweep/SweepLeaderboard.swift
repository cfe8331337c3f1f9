import Foundation
import Reporting
import Spec

/// The trials of a sweep in ranking order, as `leaderboard.csv` and the `leaderboard` of
/// `sweep.json`.
///
/// Ranking rule: trials that completed with a finite metric come first, by the metric (ascending
/// for `mode: min`, descending for `max`; equal values keep trial order); then every other trial
/// (diverged, failed, interrupted, or a NaN or missing metric) in trial order.
public struct SweepLeaderboard: Sendable, Equatable {
  /// The metric that ranks the trials (`sweep.metric`).
  public var metric: String
  /// Whether lower (`min`) or higher (`max`) is better.
  public var mode: String
  /// The swept paths, in the order the sweep lists them (one column each).
  public var parameterPaths: [String]
  /// The trials run so far, in trial order.
  public var records: [SweepTrialRecord]

  /// A leaderboard of `records`.
  public init(metric: String, mode: String, parameterPaths: [String], records: [SweepTrialRecord] = []) {
    precondition(mode == "min" || mode == "max", "sweep mode \(mode)")
    self.metric = metric
    self.mode = mode
    self.parameterPaths = parameterPaths
    self.records = records
  }

  /// The records in ranking order (see the type's summary).
  public var ranked: [SweepTrialRecord] {
    let maximize = mode == "max"
    let ranked = records.filter(\.isRanked).sorted { a, b in
      let (x, y) = (a.metric!, b.metric!)
      if x != y { return maximize ? x > y : x < y }
      return a.index < b.index
    }
    return ranked + records.filter { !$0.isRanked }
  }

  /// The first trial of the ranking, if any trial is ranked.
  public var best: SweepTrialRecord? { ranked.first(where: \.isRanked) }

  /// `leaderboard.csv`: `rank,trial,<each swept path>,<metric>,status,run_folder`, one row per
  /// trial in ranking order; values are RFC 4180 fields, the metric as Python's `repr` (`nan`),
  /// empty when the trial logged none.
  public var csv: String {
    var lines = [(["rank", "trial"] + parameterPaths + [metric, "status", "run_folder"]).map(Self.csvField)]
    for (position, r) in ranked.enumerated() {
      let values = r.assignments.map { SweepTrialRecord.text($0.values[0]) }
      let fields =
        [String(position + 1), String(r.index)] + values
        + [r.metric.map(PythonFloat.repr) ?? "", r.status.rawValue, r.folderName]
      lines.append(fields.map(Self.csvField))
    }
    return lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
  }

  /// The ranking as JSON: one object per trial in ranking order.
  public var jsonRows: JSONValue {
    .array(ranked.enumerated().map { position, r in jsonRow(r, rank: position + 1) })
  }

  /// The best trial as JSON (`null` when no trial is ranked).
  public var jsonBest: JSONValue {
    guard let best, let position = ranked.firstIndex(where: { $0.index == best.index }) else { return .null }
    return jsonRow(best, rank: position + 1)
  }

  private func jsonRow(_ r: SweepTrialRecord, rank: Int) -> JSONValue {
    .object([
      "rank": .int(rank), "trial": .int(r.index), "run_folder": .string(r.folderName),
      "status": .string(r.status.rawValue), "exit_reason": .string(r.exitReason),
      "metric": .number(r.metric), "ranked": .bool(r.isRanked),
      "assignments": .object(
        Dictionary(
          r.assignments.map { ($0.path, SweepLeaderboard.json($0.values[0])) },
          uniquingKeysWith: { a, _ in a })
      ),
      "final_logs": .numbers(r.finalLogs),
    ])
  }

  /// A swept value as JSON (mappings become objects).
  static func json(_ value: Value) -> JSONValue {
    switch value {
    case .null: .null
    case .bool(let b): .bool(b)
    case .int(let i): .int(i)
    case .double(let d): .double(d)
    case .string(let s): .string(s)
    case .list(let items): .array(items.map(json))
    case .map(let entries):
      .object(Dictionary(entries.map { ($0.key, json($0.value)) }, uniquingKeysWith: { a, _ in a }))
    case .component(let c): .string("\(Value.component(c))")
    }
  }

  /// An RFC 4180 field: quoted (with doubled quotes) when it holds a comma, quote or line break.
  static func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
