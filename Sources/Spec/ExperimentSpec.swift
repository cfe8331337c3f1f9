import YAML

/// One experiment file, validated, with every default filled in.
///
/// Either `data`, `model` and `loss` are all set (a training experiment) or `objective` is (an
/// optimizer minimizing a test function); the decoder guarantees one or the other.
public struct ExperimentSpec: Sendable, Equatable {
  /// Names the run folder.
  public var name: String
  /// Free text, saved with the run.
  public var description: String
  /// The one seed every random stream derives from.
  public var seed: Int
  /// The data source (a `dataset` component).
  public var data: Component?
  /// The network.
  public var model: ModelSpec?
  /// The loss (a `loss` component).
  public var loss: Component?
  /// The metrics (`metric` components), in order.
  public var metrics: [Component]
  /// The optimizer (an `optimizer` component).
  public var optimizer: Component
  /// The learning-rate schedule, if any (a `schedule` component).
  public var schedule: Component?
  /// How training runs.
  public var train: TrainSpec
  /// The callbacks (`callback` components), in order.
  public var callbacks: [Component]
  /// The test function to minimize, for objective experiments.
  public var objective: ObjectiveSpec?
  /// The search over dotted paths, if any.
  public var sweep: SweepSpec?
  /// Where run folders go.
  public var output: OutputSpec
}

/// The network: input shape and layers (`layer` components, in order).
public struct ModelSpec: Sendable, Equatable {
  /// Shape of one example, without the batch dimension; `nil`: the data's example shape.
  public var input: [Int]?
  /// The layers, in order.
  public var layers: [Component]
  /// Where `input` was written, if it was (not part of equality).
  public var inputMark: Mark? = nil

  /// Compares input and layers (not marks).
  public static func == (a: ModelSpec, b: ModelSpec) -> Bool { a.input == b.input && a.layers == b.layers }
}

/// How training runs.
public struct TrainSpec: Sendable, Equatable {
  /// Where validation data comes from.
  public enum Validation: Sendable, Equatable {
    /// No validation.
    case none
    /// The data source's test split.
    case test
    /// The last fraction of the training data, before shuffling (Keras's `validation_split`).
    case fraction(Double)
  }

  /// Number of epochs (>= 1).
  public var epochs: Int
  /// Examples per step (>= 1).
  public var batchSize: Int
  /// Where validation data comes from.
  public var validation: Validation
  /// Whether training data is shuffled each epoch.
  public var shuffle: Bool
  /// Steps after which each epoch stops, if set.
  public var stepsPerEpoch: Int?
  /// Weight per class index, if given.
  public var classWeight: [Int: Double]?
  /// When the resumable training state is saved.
  public var saveState: SaveState

  /// `train.save_state`.
  public enum SaveState: Sendable, Equatable {
    /// At every epoch end (and when a signal stops the run).
    case epoch
    /// Also every N optimizer steps within an epoch.
    case steps(Int)
    /// Never.
    case never
  }
}

/// An objective experiment: minimize a 2-D test function.
public struct ObjectiveSpec: Sendable, Equatable {
  /// The test function's name (`rosenbrock`, ...; see `Schemas.objectiveFunctions`).
  public var function: String
  /// Start point (x, y).
  public var start: [Double]
  /// Optimizer steps (>= 1).
  public var steps: Int
  /// `[a, b]` for `quadratic` (f = a·x² + b·y²).
  public var scales: [Double]
  /// `float32` or `float64`.
  public var dtype: String
  /// Stop when the gradient norm falls below this, if set.
  public var tolerance: Double?
}

/// Where run folders go.
public struct OutputSpec: Sendable, Equatable {
  /// The folder under which each run gets a folder.
  public var dir: String
}

extension ExperimentSpec {
  /// Builds the IR from the decoded top-level section (all arguments present and well-kinded).
  init(decoded top: Component) {
    name = top.string("name")
    description = top.string("description")
    seed = top.int("seed")
    data = top.component("data")
    model = top.component("model").map { m in
      ModelSpec(
        input: m.ints("input"), layers: components(m.value("layers")), inputMark: m.argumentMarks["input"])
    }
    loss = top.component("loss")
    metrics = components(top.value("metrics"))
    optimizer = top.component("optimizer")!
    schedule = top.component("schedule")
    let t = top.component("train")!
    let validation: TrainSpec.Validation =
      switch t.value("validation") {
      case .string: .test
      case .double(let f): .fraction(f)
      default: .none
      }
    var classWeight: [Int: Double]?
    if case .map(let entries) = t.value("class_weight") {
      classWeight = Dictionary(
        entries.map { (Int($0.key)!, $0.value.asDouble!) }, uniquingKeysWith: { a, _ in a })
    }
    train = TrainSpec(
      epochs: t.int("epochs"), batchSize: t.int("batch_size"), validation: validation,
      shuffle: t.bool("shuffle"),
      stepsPerEpoch: t.optionalInt("steps_per_epoch"), classWeight: classWeight,
      saveState: {
        switch t.value("save_state") {
        case .int(let n): .steps(n)
        case .string("never"): .never
        default: .epoch
        }
      }())
    callbacks = components(top.value("callbacks"))
    objective = top.component("objective").map { o in
      ObjectiveSpec(
        function: o.string("function"), start: o.doubles("start")!, steps: o.int("steps"),
        scales: o.doubles("scales")!, dtype: o.string("dtype"), tolerance: o.optionalDouble("tolerance"))
    }
    sweep = top.component("sweep").map { SweepSpec(decoded: $0, trainEpochs: t.int("epochs")) }
    output = OutputSpec(dir: top.component("output")!.string("dir"))
  }
}

/// The components of a `.list` of `.component` values.
private func components(_ value: Value) -> [Component] {
  guard case .list(let items) = value else { return [] }
  return items.compactMap {
    if case .component(let c) = $0 { return c }
    return nil
  }
}
