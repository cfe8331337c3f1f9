import YAML

/// One run of a sweep: the values it assigns and the experiment they give.
public struct SweepTrial: Sendable, Equatable {
  /// 0-based position in the sweep.
  public var index: Int
  /// The swept paths and the value each takes in this trial, in the order the sweep lists them.
  public var assignments: [SweepSpec.Parameter]
  /// The experiment with these values substituted (and no `sweep` section).
  public var spec: ExperimentSpec
  /// `spec` as YAML, what this trial's run saves.
  public var resolvedYAML: String
  /// SHA-256 of `spec`'s canonical form.
  public var hash: String
}

extension LoadedSpec {
  /// The trials of the sweep (empty without one).
  ///
  /// `grid`: every combination, the first parameter varying slowest. `random`: `trials` draws,
  /// each parameter's value picked uniformly by a SplitMix64 stream seeded with the spec's seed.
  /// Each value is substituted into the spec as written (after overrides), then validated.
  public func sweepTrials() throws(DiagnosticList) -> [SweepTrial] {
    guard let sweep = spec.sweep,
      case .mapping(let pairs)? = root.lookup(key: "sweep")?.lookup(key: "parameters")?.content
    else { return [] }
    let parameters: [(path: String, values: [Node])] = pairs.compactMap { pair in
      guard let path = keyString(pair.key), case .sequence(let values) = pair.value.content else {
        return nil
      }
      return (path, values)
    }
    var choices: [[Int]] = []
    switch sweep.method {
    case .grid:
      choices = [[]]
      for p in parameters { choices = choices.flatMap { c in p.values.indices.map { c + [$0] } } }
    case .random:
      var stream = SplitMix64(seed: UInt64(bitPattern: Int64(spec.seed)))
      for _ in 0..<(sweep.trials ?? 0) {
        choices.append(parameters.map { Int(stream.next() % UInt64($0.values.count)) })
      }
    }
    let base = NodeEditor.removing("sweep", from: root)
    var trials: [SweepTrial] = []
    var diagnostics: [Diagnostic] = []
    for (index, choice) in choices.enumerated() {
      var tree = base
      var assignments: [SweepSpec.Parameter] = []
      do throws(Diagnostic) {
        for (p, i) in zip(parameters, choice) {
          let parts = p.path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
          tree = try NodeEditor.setting(tree, path: parts, to: p.values[i], keyMark: p.values[i].mark)
          assignments.append(SweepSpec.Parameter(path: p.path, values: [Value(p.values[i])]))
        }
      } catch {
        diagnostics.append(error)
        continue
      }
      var decoder = SpecDecoder()
      guard let trial = decoder.decodeExperiment(tree) else {
        let label = assignments.map { "\($0.path)=\($0.values[0])" }.joined(separator: ", ")
        diagnostics += decoder.diagnostics.map { d in
          var d = d
          d.message = "in sweep trial \(index) (\(label)): " + d.message
          d.sourceLine = d.mark.flatMap { source.name == $0.file ? source.line($0.line) : nil }
          return d
        }
        continue
      }
      trials.append(
        SweepTrial(
          index: index, assignments: assignments, spec: trial, resolvedYAML: trial.resolvedYAML,
          hash: trial.hash))
    }
    guard diagnostics.isEmpty else { throw DiagnosticList(diagnostics) }
    return trials
  }
}

/// SplitMix64 (Steele, Lea & Flood, 2014): a tiny seeded generator for picking random sweep values.
struct SplitMix64 {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
