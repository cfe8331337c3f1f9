/// A search over dotted paths: a grid, random draws, or successive halving, each configuration run
/// once per seed.
public struct SweepSpec: Sendable, Equatable {
  /// How configurations are chosen and run.
  public enum Method: String, Sendable, Equatable {
    /// Every combination of the listed values.
    case grid
    /// `trials` draws, one value per parameter each.
    case random
    /// Successive halving (Jamieson & Talwalkar, 2016): every configuration trains `min_epochs`,
    /// the best `1/eta` go on for `eta` times as many epochs, until `max_epochs`.
    case halving
  }

  /// Which epoch's metric ranks a trial.
  public enum RankBy: String, Sendable, Equatable {
    /// The best epoch's value (what `restore_best_weights` keeps).
    case best
    /// The final epoch's value.
    case last
  }

  /// How a swept path's values are chosen.
  public enum Distribution: Sendable, Equatable {
    /// One of the listed values (a plain list, or `{choice: [...]}`); each may be a whole subtree.
    case choice([Value])
    /// A number drawn uniformly from [a, b] (`{uniform: [a, b]}`, a < b).
    case uniform(Double, Double)
    /// A number whose logarithm is uniform in [log a, log b] (`{log_uniform: [a, b]}`, 0 < a < b).
    case logUniform(Double, Double)
    /// An integer drawn uniformly from a...b, both ends included (`{int_uniform: [a, b]}`, a <= b),
    /// as Optuna's `suggest_int` and Keras Tuner's `Int`.
    case intUniform(Int, Int)

    /// Whether values are drawn from a range rather than listed.
    public var isContinuous: Bool {
      if case .choice = self { return false }
      return true
    }

    /// The key that writes the distribution (`choice`, `uniform`, `log_uniform`, `int_uniform`).
    public var name: String {
      switch self {
      case .choice: "choice"
      case .uniform: "uniform"
      case .logUniform: "log_uniform"
      case .intUniform: "int_uniform"
      }
    }
  }

  /// One swept path and how its values are chosen.
  public struct Parameter: Sendable, Equatable {
    /// The dotted path (`optimizer.learning_rate`, `optimizer`).
    public var path: String
    /// The choice list (for `.choice`); for a trial's assignment: exactly one value, the one
    /// assigned. Empty for continuous distributions in the sweep spec.
    public var values: [Value]
    /// How values are chosen.
    public var distribution: Distribution

    /// Creates a parameter; `distribution` defaults to `.choice(values)`.
    public init(path: String, values: [Value], distribution: Distribution? = nil) {
      self.path = path
      self.values = values
      self.distribution = distribution ?? .choice(values)
    }
  }

  /// The rungs of successive halving.
  public struct Halving: Sendable, Equatable {
    /// Epochs every configuration trains in the first rung.
    public var minEpochs: Int
    /// The factor: each rung keeps 1/eta of the configurations and trains eta times as many epochs.
    public var eta: Int
    /// Epochs of the last rung.
    public var maxEpochs: Int

    /// Creates halving settings.
    public init(minEpochs: Int, eta: Int, maxEpochs: Int) {
      self.minEpochs = minEpochs
      self.eta = eta
      self.maxEpochs = maxEpochs
    }
  }

  /// Grid, random or halving.
  public var method: Method
  /// Number of random draws (random; halving when set).
  public var trials: Int?
  /// The metric that ranks trials.
  public var metric: String
  /// `min` or `max`.
  public var mode: String
  /// Which epoch's metric ranks a trial.
  public var rankBy: RankBy
  /// Runs per configuration (`seeds.count` when seeds are given).
  public var repeats: Int
  /// The seed of each repeat, when given; otherwise repeat r runs with the spec's seed + r.
  public var seeds: [Int]?
  /// The rungs' settings; non-nil exactly when `method` is `.halving`.
  public var halving: Halving?
  /// The swept paths, in the order written.
  public var parameters: [Parameter]

  /// Creates a sweep (the decoder guarantees the rules docs/spec.md states; this does not check).
  public init(
    method: Method, trials: Int? = nil, metric: String = "loss", mode: String = "min", rankBy: RankBy = .best,
    repeats: Int = 1, seeds: [Int]? = nil, halving: Halving? = nil, parameters: [Parameter]
  ) {
    self.method = method
    self.trials = trials
    self.metric = metric
    self.mode = mode
    self.rankBy = rankBy
    self.repeats = repeats
    self.seeds = seeds
    self.halving = halving
    self.parameters = parameters
  }

  /// Number of configurations (grid combinations or random draws) — trials = configurations * repeats.
  public var configurationCount: Int {
    if method != .grid, let trials { return trials }
    return parameters.reduce(1) { $0 * $1.values.count }
  }

  /// Successive-halving rungs for `configurations` configurations: rung 0 trains every
  /// configuration for minEpochs; each next rung keeps max(1, survivors / eta) (integer division)
  /// configurations and multiplies the epochs by eta, capped at maxEpochs; the list stops after the
  /// rung that reaches maxEpochs or has 1 survivor. Empty unless method == .halving.
  ///
  /// 27 configurations, eta 3, epochs 1...27: (1, 27), (3, 9), (9, 3), (27, 1).
  public func halvingRungs(configurations: Int) -> [(epochs: Int, survivors: Int)] {
    guard method == .halving, let h = halving else { return [] }
    precondition(h.minEpochs >= 1 && h.eta >= 2, "halving needs min_epochs >= 1 and eta >= 2")
    var rungs = [(epochs: h.minEpochs, survivors: configurations)]
    while let last = rungs.last, last.epochs < h.maxEpochs, last.survivors > 1 {
      rungs.append((min(last.epochs * h.eta, h.maxEpochs), max(1, last.survivors / h.eta)))
    }
    return rungs
  }
}

extension SweepSpec {
  /// Builds the IR from the decoded `sweep` section; `trainEpochs` is the default `max_epochs`.
  init(decoded s: Component, trainEpochs: Int) {
    var parameters: [Parameter] = []
    if case .map(let entries) = s.value("parameters") {
      parameters = entries.map { e in
        let distribution = SweepSpec.Distribution(decoded: e.value)
        if case .choice(let values) = distribution { return Parameter(path: e.key, values: values) }
        return Parameter(path: e.key, values: [], distribution: distribution)
      }
    }
    let method = Method(rawValue: s.string("method"))!
    let seeds = s.ints("seeds")
    self.init(
      method: method, trials: s.optionalInt("trials"), metric: s.string("metric"), mode: s.string("mode"),
      rankBy: RankBy(rawValue: s.string("rank_by"))!, repeats: seeds?.count ?? s.optionalInt("repeats") ?? 1,
      seeds: seeds,
      halving: method != .halving
        ? nil
        : Halving(
          minEpochs: s.optionalInt("min_epochs") ?? 1, eta: s.optionalInt("eta") ?? 3,
          maxEpochs: s.optionalInt("max_epochs") ?? trainEpochs),
      parameters: parameters)
  }

  /// The section as the resolved spec writes it: every key, defaults filled in.
  var resolvedValue: Value {
    .map([
      .init("method", .string(method.rawValue)), .init("trials", trials.map(Value.int) ?? .null),
      .init("metric", .string(metric)), .init("mode", .string(mode)),
      .init("rank_by", .string(rankBy.rawValue)),
      .init("repeats", seeds == nil ? .int(repeats) : .null),
      .init("seeds", seeds.map { .list($0.map(Value.int)) } ?? .null),
      .init("min_epochs", halving.map { .int($0.minEpochs) } ?? .null),
      .init("eta", halving.map { .int($0.eta) } ?? .null),
      .init("max_epochs", halving.map { .int($0.maxEpochs) } ?? .null),
      .init("parameters", .map(parameters.map { .init($0.path, $0.distribution.resolvedValue) })),
    ])
  }
}

extension SweepSpec.Distribution {
  /// From a decoded `sweep.parameters` entry: a list (a choice) or `{name: [a, b]}`.
  init(decoded value: Value) {
    switch value {
    case .list(let values): self = .choice(values)
    case .map(let entries):
      guard entries.count == 1, case .list(let ends) = entries[0].value, ends.count == 2 else {
        preconditionFailure("a decoded distribution is {name: [a, b]}")
      }
      switch (entries[0].key, ends[0], ends[1]) {
      case ("int_uniform", .int(let a), .int(let b)): self = .intUniform(a, b)
      case ("uniform", _, _): self = .uniform(ends[0].asDouble!, ends[1].asDouble!)
      case ("log_uniform", _, _): self = .logUniform(ends[0].asDouble!, ends[1].asDouble!)
      default: preconditionFailure("unknown decoded distribution \(entries[0].key)")
      }
    default: preconditionFailure("a decoded sweep parameter is a list or a mapping")
    }
  }

  /// As the resolved spec writes it: a plain list for a choice, else `{name: [a, b]}`.
  var resolvedValue: Value {
    switch self {
    case .choice(let values): .list(values)
    case .uniform(let a, let b), .logUniform(let a, let b):
      .map([.init(name, .list([.double(a), .double(b)]))])
    case .intUniform(let a, let b): .map([.init(name, .list([.int(a), .int(b)]))])
    }
  }
}
