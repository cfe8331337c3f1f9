import Foundation
import Reporting
import Spec

/// The trials of a sweep in ranking order (`leaderboard.csv`, or `trials.csv` when configurations
/// repeat), and per configuration when each runs with several seeds.
///
/// Ranking rule: ranked trials (completed or early-stopped with a finite metric) come first, those
/// that reached a later successive-halving rung before earlier ones, then by the metric (ascending
/// for `min`, descending for `max`; equal values keep trial order); every other trial follows in
/// trial order. Configurations rank by the mean of their ranked trials' metrics.
public struct SweepLeaderboard: Sendable, Equatable {
  /// The metric that ranks the trials (`sweep.metric`).
  public var metric: String
  /// Whether lower (`min`) or higher (`max`) is better.
  public var mode: String
  /// The swept paths, in the order the sweep lists them (one column each).
  public var parameterPaths: [String]
  /// Trials per configuration (`sweep.repeats`).
  public var repeats: Int
  /// Whether the trials minimize a test function (distance column instead of epochs).
  public var isObjective: Bool
  /// The trials, in trial order, scored.
  public var records: [SweepTrialRecord]
  /// The successive-halving rung each trial reached (empty: no halving).
  public var rungs: [Int: Int]

  /// A leaderboard of `records` (already scored by `SweepRanking`).
  public init(
    metric: String, mode: String, parameterPaths: [String], records: [SweepTrialRecord] = [], repeats: Int = 1,
    isObjective: Bool = false, rungs: [Int: Int] = [:]
  ) {
    precondition(mode == "min" || mode == "max", "sweep mode \(mode)")
    self.metric = metric
    self.mode = mode
    self.parameterPaths = parameterPaths
    self.records = records
    self.repeats = repeats
    self.isObjective = isObjective
    self.rungs = rungs
  }

  /// The records in ranking order (see the type's summary).
  public var ranked: [SweepTrialRecord] {
    let maximize = mode == "max"
    let ranked = records.filter(\.isRanked).sorted { a, b in
      let (ra, rb) = (rungs[a.index] ?? 0, rungs[b.index] ?? 0)
      if ra != rb { return ra > rb }
      let (x, y) = (a.metric!, b.metric!)
      if x != y { return maximize ? x > y : x < y }
      return a.index < b.index
    }
    return ranked + records.filter { !$0.isRanked }
  }

  /// Trials by status.
  public var counts: [TrialStatus: Int] { Dictionary(grouping: records, by: \.status).mapValues(\.count) }

  /// The first trial of the ranking, if any trial is ranked.
  public var best: SweepTrialRecord? { ranked.first(where: \.isRanked) }

  /// The trial rows as CSV: `rank,trial[,configuration,seed],<each swept path>,<metric>,`
  /// then `best_epoch,epochs` (training) or `distance_to_minimum` (objective), then
  /// `status,run_folder`; RFC 4180 fields, numbers as Python's `repr` (`nan`), empty when none.
  public var trialsCSV: String {
    var header = ["rank", "trial"] + (repeats > 1 ? ["configuration", "seed"] : []) + parameterPaths + [metric]
    header += isObjective ? ["distance_to_minimum"] : ["best_epoch", "epochs"]
    var lines = [(header + ["status", "run_folder"]).map(Self.csvField)]
    for (position, r) in ranked.enumerated() {
      var fields = [String(position + 1), String(r.index)]
      if repeats > 1 { fields += [String(r.configuration), String(r.seed)] }
      fields += r.assignments.map { SweepTrialRecord.text($0.values[0]) } + [Self.number(r.metric)]
      fields += isObjective ? [Self.number(r.distanceToMinimum)] : [r.bestEpoch.map(String.init) ?? "", String(r.epochs)]
      fields += [r.status.rawValue, r.folderName]
      lines.append(fields.map(Self.csvField))
    }
    return lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
  }

  /// `leaderboard.csv`: the trial rows, or the configuration rows when configurations repeat.
  public var csv: String { repeats > 1 ? configurationsCSV : trialsCSV }

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
    var row: [String: JSONValue] = [
      "rank": .int(rank), "trial": .int(r.index), "configuration": .int(r.configuration), "seed": .int(r.seed),
      "run_folder": .string(r.folderName), "status": .string(r.status.rawValue), "exit_reason": .string(r.exitReason),
      "metric": .number(r.metric), "ranked": .bool(r.isRanked),
      "assignments": Self.jsonAssignments(r.assignments), "final_logs": .numbers(r.finalLogs),
    ]
    if isObjective {
      row["distance_to_minimum"] = .number(r.distanceToMinimum)
    } else {
      row["best_epoch"] = r.bestEpoch.map(JSONValue.int) ?? .null
      row["epochs"] = .int(r.epochs)
    }
    if let rung = rungs[r.index] { row["rung"] = .int(rung) }
    return .object(row)
  }

  public static func jsonAssignments(_ assignments: [SweepSpec.Parameter]) -> JSONValue {
    .object(Dictionary(assignments.map { ($0.path, json($0.values[0])) }, uniquingKeysWith: { a, _ in a }))
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

  /// A number as Python's `repr`, empty for none.
  static func number(_ value: Double?) -> String { value.map(PythonFloat.repr) ?? "" }

  /// An RFC 4180 field: quoted (with doubled quotes) when it holds a comma, quote or line break.
  static func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
