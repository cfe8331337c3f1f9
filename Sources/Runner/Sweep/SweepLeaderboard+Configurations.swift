import Foundation
import Reporting
import Spec

/// One configuration of a sweep whose configurations run with several seeds: its trials and the
/// statistics of their metric.
public struct ConfigurationSummary: Sendable, Equatable {
  /// 0-based configuration index.
  public var configuration: Int
  /// The swept values (the first trial's assignments).
  public var assignments: [SweepSpec.Parameter]
  /// The configuration's trials, in trial order.
  public var trials: [Int]
  /// The ranked trials' metrics, in trial order.
  public var values: [Double]
  /// The highest successive-halving rung its trials reached.
  public var rung: Int

  /// Arithmetic mean of `values` (nil when none).
  public var mean: Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
  /// Sample standard deviation (n − 1, as pandas' `std`); nil for fewer than two values.
  public var standardDeviation: Double? {
    guard values.count > 1, let mean else { return nil }
    return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
  }
}

extension SweepLeaderboard {
  /// The configurations in ranking order: those with at least one ranked trial by their mean
  /// (later halving rungs first; ties by configuration), then the rest in configuration order.
  public var configurations: [ConfigurationSummary] {
    var byConfiguration: [Int: ConfigurationSummary] = [:]
    for r in records {
      var c =
        byConfiguration[r.configuration]
        ?? ConfigurationSummary(configuration: r.configuration, assignments: r.assignments, trials: [], values: [], rung: 0)
      c.trials.append(r.index)
      if r.isRanked, let m = r.metric { c.values.append(m) }
      c.rung = max(c.rung, rungs[r.index] ?? 0)
      byConfiguration[r.configuration] = c
    }
    let all = byConfiguration.values.sorted { $0.configuration < $1.configuration }
    let maximize = mode == "max"
    let ranked = all.filter { $0.mean != nil }.sorted { a, b in
      if a.rung != b.rung { return a.rung > b.rung }
      if a.mean! != b.mean! { return maximize ? a.mean! > b.mean! : a.mean! < b.mean! }
      return a.configuration < b.configuration
    }
    return ranked + all.filter { $0.mean == nil }
  }

  /// `leaderboard.csv` of a sweep with repeats: `rank,configuration,<each swept path>,`
  /// `<metric>_mean,<metric>_std,<metric>_min,<metric>_max,count,trials` (count: ranked trials;
  /// trials: every trial index of the configuration, space-separated).
  public var configurationsCSV: String {
    let header =
      ["rank", "configuration"] + parameterPaths
      + ["mean", "std", "min", "max"].map { "\(metric)_\($0)" } + ["count", "trials"]
    var lines = [header.map(Self.csvField)]
    for (position, c) in configurations.enumerated() {
      var fields = [c.mean == nil ? "" : String(position + 1), String(c.configuration)]
      fields += c.assignments.map { SweepTrialRecord.text($0.values[0]) }
      fields += [c.mean, c.standardDeviation, c.values.min(), c.values.max()].map(Self.number)
      fields += [String(c.values.count), c.trials.map(String.init).joined(separator: " ")]
      lines.append(fields.map(Self.csvField))
    }
    return lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
  }

  /// The configurations as JSON, in ranking order.
  public var jsonConfigurations: JSONValue {
    .array(
      configurations.enumerated().map { position, c in
        .object([
          "rank": c.mean == nil ? .null : .int(position + 1), "configuration": .int(c.configuration),
          "assignments": Self.jsonAssignments(c.assignments), "mean": .number(c.mean),
          "std": .number(c.standardDeviation), "min": .number(c.values.min()), "max": .number(c.values.max()),
          "count": .int(c.values.count), "trials": .array(c.trials.map(JSONValue.int)),
        ])
      })
  }
}
