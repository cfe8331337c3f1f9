#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import YAML

/// One run of a sweep: the values it assigns, its seed, and the experiment they give.
public struct SweepTrial: Sendable, Equatable {
  /// 0-based position in the sweep: `configuration * repeats + repeatIndex` (`trial-NNN`).
  public var index: Int
  /// 0-based configuration (grid combination or random draw) this trial runs.
  public var configuration: Int
  /// 0-based repeat of the configuration.
  public var repeatIndex: Int
  /// The seed this trial's spec runs with.
  public var seed: Int
  /// The swept paths and the value each takes in this trial (one each, listed or drawn), in the
  /// order the sweep lists them.
  public var assignments: [SweepSpec.Parameter]
  /// The experiment with these values substituted (and no `sweep` section).
  public var spec: ExperimentSpec
  /// `spec` as YAML, what this trial's run saves.
  public var resolvedYAML: String
  /// SHA-256 of `spec`'s canonical form.
  public var hash: String

  /// Creates a trial.
  public init(
    index: Int, configuration: Int, repeatIndex: Int, seed: Int, assignments: [SweepSpec.Parameter],
    spec: ExperimentSpec, resolvedYAML: String, hash: String
  ) {
    self.index = index
    self.configuration = configuration
    self.repeatIndex = repeatIndex
    self.seed = seed
    self.assignments = assignments
    self.spec = spec
    self.resolvedYAML = resolvedYAML
    self.hash = hash
  }
}

extension LoadedSpec {
  /// The trials of the sweep (empty without one), in index order.
  ///
  /// Configurations: `grid` (and `halving` without `trials`) takes every combination of the listed
  /// values, the first parameter varying slowest. `random` (and `halving` with `trials`) draws
  /// `trials` configurations from one SplitMix64 stream seeded with the spec's seed, configuration
  /// by configuration, parameter by parameter in sweep order (see `SweepSpec.Distribution.draw`).
  /// Each value is substituted into the spec (after overrides), then the whole is validated.
  ///
  /// Each configuration runs `repeats` times (once per `seeds` entry): repeat r has `seed`
  /// `seeds[r]`, or the spec's seed + r; repeats share their configuration's values. With neither
  /// `repeats` nor `seeds` the seed is left as written. `halving` trials have `train.epochs` set to
  /// `min_epochs` (the first rung).
  public func sweepTrials() throws(DiagnosticList) -> [SweepTrial] {
    guard let sweep = spec.sweep else { return [] }
    let written = WrittenSweepParameter.all(in: root)
    precondition(
      written.map(\.path) == sweep.parameters.map(\.path), "the tree's sweep parameters are the decoded ones")
    let sweepNode = root.lookup(key: "sweep")
    let seedsNode = sweepNode?.lookup(key: "seeds")
    let setsSeed = sweep.seeds != nil || sweep.repeats > 1
    let repeatsMark = sweepNode?.lookup(key: "repeats")?.mark ?? sweepNode?.mark ?? root.mark
    let epochsMark =
      sweepNode?.lookup(key: "min_epochs")?.mark ?? sweepNode?.lookup(key: "method")?.mark ?? root.mark

    let base = NodeEditor.removing("sweep", from: root)
    var trials: [SweepTrial] = []
    var diagnostics: [Diagnostic] = []
    for (configuration, values) in configurations(sweep, written).enumerated() {
      var tree = base
      var assignments: [SweepSpec.Parameter] = []
      do throws(Diagnostic) {
        for (p, node) in zip(written, values) {
          tree = try NodeEditor.setting(tree, path: p.parts, to: node, keyMark: node.mark)
          assignments.append(SweepSpec.Parameter(path: p.path, values: [Value(node)]))
        }
      } catch {
        diagnostics.append(error)
        continue
      }
      for r in 0..<sweep.repeats {
        let index = configuration * sweep.repeats + r
        var trialTree = tree
        var label = assignments.map { "\($0.path)=\($0.values[0])" }
        do throws(Diagnostic) {
          if setsSeed {
            let seed = sweep.seeds?[r] ?? spec.seed &+ r
            let mark = seedsNode.flatMap { n -> Mark? in
              if case .sequence(let items) = n.content, r < items.count { return items[r].mark }
              return nil
            }
            let node = WrittenSweepParameter.scalar(.int(seed), mark: mark ?? repeatsMark)
            trialTree = try NodeEditor.setting(trialTree, path: ["seed"], to: node, keyMark: node.mark)
            label.append("seed=\(seed)")
          }
          if let halving = sweep.halving {
            let node = WrittenSweepParameter.scalar(.int(halving.minEpochs), mark: epochsMark)
            trialTree = try NodeEditor.setting(
              trialTree, path: ["train", "epochs"], to: node, keyMark: epochsMark)
          }
        } catch {
          diagnostics.append(error)
          break
        }
        var decoder = SpecDecoder()
        guard let trial = decoder.decodeExperiment(trialTree) else {
          diagnostics += decoder.diagnostics.map { d in
            var d = d
            d.message = "in sweep trial \(index) (\(label.joined(separator: ", "))): " + d.message
            d.sourceLine = d.mark.flatMap { source.name == $0.file ? source.line($0.line) : nil }
            return d
          }
          break  // the other repeats differ only in their seed: they fail alike
        }
        trials.append(
          SweepTrial(
            index: index, configuration: configuration, repeatIndex: r, seed: trial.seed,
            assignments: assignments, spec: trial, resolvedYAML: trial.resolvedYAML, hash: trial.hash))
      }
    }
    guard diagnostics.isEmpty else { throw DiagnosticList(diagnostics) }
    return trials
  }

  /// The value node of each parameter in each configuration: listed nodes keep their marks, drawn
  /// numbers are new scalars marked at their distribution.
  private func configurations(_ sweep: SweepSpec, _ written: [WrittenSweepParameter]) -> [[Node]] {
    guard sweep.method == .random || sweep.trials != nil else {
      var combinations: [[Node]] = [[]]
      for p in written { combinations = combinations.flatMap { c in p.items.map { c + [$0] } } }
      return combinations
    }
    var stream = SplitMix64(seed: UInt64(bitPattern: Int64(spec.seed)))
    return (0..<(sweep.trials ?? 0)).map { _ in
      zip(sweep.parameters, written).map { parameter, p in
        switch parameter.distribution.draw(&stream) {
        case .index(let i): p.items[i]
        case .value(let v): WrittenSweepParameter.scalar(v, mark: p.value.mark)
        }
      }
    }
  }
}

extension SweepSpec.Distribution {
  /// What one draw gives: the index of a listed value, or a number.
  enum Draw {
    case index(Int)
    case value(Value)
  }

  /// Draws one value, using one number of `stream`.
  ///
  /// With x = `stream.next()` and u = (x >> 11) · 2⁻⁵³ in [0, 1): choice picks `x % count` (as
  /// sweeps always have); uniform gives a + (b − a)·u; log_uniform exp(log a + (log b − log a)·u);
  /// int_uniform a + x % (b − a + 1). Numbers are clamped to [a, b] against rounding.
  func draw(_ stream: inout SplitMix64) -> Draw {
    let x = stream.next()
    let u = Double(x >> 11) * 0x1p-53
    switch self {
    case .choice(let values): return .index(Int(x % UInt64(values.count)))
    case .uniform(let a, let b): return .value(.double(Swift.min(Swift.max(a + (b - a) * u, a), b)))
    case .logUniform(let a, let b):
      return .value(.double(Swift.min(Swift.max(exp(log(a) + (log(b) - log(a)) * u), a), b)))
    case .intUniform(let a, let b): return .value(.int(a + Int(x % UInt64(b - a + 1))))
    }
  }
}

/// SplitMix64 (Steele, Lea & Flood, 2014): a tiny seeded generator for drawing random sweep values.
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
