extension Schemas {
  /// The objective test functions.
  public static let objectiveFunctions = [
    "rosenbrock", "himmelblau", "beale", "booth", "matyas", "rastrigin", "ackley", "styblinski_tang",
    "quadratic",
  ]

  /// The fixed sections, the top level (`experiment`) first; each is checked like a type's arguments.
  public static let sections: [TypeSchema] = [experiment, model, train, objective, sweep, output]

  /// The section schema called `name`.
  public static func section(named name: String) -> TypeSchema {
    guard let s = sections.first(where: { $0.name == name }) else {
      preconditionFailure("no section \(name)")
    }
    return s
  }

  static let experiment = TypeSchema(
    "experiment", "The top level of an experiment file.",
    [
      .required("name", .string, "Names the run folder (letters, digits, `_`, `-`, `.`; at most 200 bytes)."),
      .string("description", "", "Free text, saved with the run."),
      .int("seed", 0, "The one seed: weight init, shuffling, dropout and synthetic data derive from it."),
      .optional("data", .component(.dataset), "What to train on (required unless `objective`)."),
      .optional("model", .section("model"), "The network (required unless `objective`)."),
      .optional("loss", .component(.loss), "What to minimize (required unless `objective`)."),
      ArgumentSchema(
        "metrics", .componentList(.metric), default: .list([]), doc: "Metrics reported per epoch."),
      .required("optimizer", .component(.optimizer), "How parameters are updated."),
      .optional("schedule", .component(.schedule), "Learning-rate schedule; null: constant learning_rate."),
      ArgumentSchema("train", .section("train"), default: .map([]), doc: "Epochs, batches, validation."),
      ArgumentSchema("callbacks", .componentList(.callback), default: .list([]), doc: "Run in order."),
      .optional("objective", .section("objective"), "Minimize a test function instead of data/model/loss."),
      .optional("sweep", .section("sweep"), "Grid, random or successive-halving search over dotted paths."),
      ArgumentSchema("output", .section("output"), default: .map([]), doc: "Where run folders go."),
    ],
    check: { c, check in
      if let name = c.optionalString("name"),
        name.isEmpty
          || !name.unicodeScalars.allSatisfy({
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0)
          })
          || name.hasPrefix(".")
      {
        check.error(
          c, "name", "name must be letters, digits, '_', '-' or '.', not starting with '.'; got '\(name)'")
      } else if let name = c.optionalString("name"), name.utf8.count > 200 {
        // It names a folder, and file systems allow 255 bytes per name.
        check.error(
          c, "name", "name must be at most 200 bytes (it names the run folder), got \(name.utf8.count)")
      }
      if !c.value("objective").isNull {
        for key in ["model", "data", "loss"] where !c.value(key).isNull {
          check.error(
            c, key,
            "'\(key)' cannot be combined with 'objective'; an objective experiment has no data, model or loss"
          )
        }
      } else {
        for key in ["data", "model", "loss"] where c.value(key).isNull {
          check.error(
            c, nil, "missing required key '\(key)' (or give 'objective' instead of data, model and loss)")
        }
      }
      checkSweepInExperiment(c, &check)
    })

  static let model = TypeSchema(
    "model", "The network: the input shape and a list of layers (a graph when layers name their inputs).",
    [
      .optional(
        "input", .intList, .atLeast(1), "Shape of one example, without the batch dimension; null: the data's."
      ),
      .required("layers", .componentList(.layer), "The layers, in order."),
    ],
    example: "{input: [28, 28, 1], layers: [flatten, {type: dense, units: 10, activation: softmax}]}",
    check: checkLayerGraph)

  static let train = TypeSchema(
    "train", "How training runs (Keras's `fit` arguments).",
    [
      .int("epochs", 1, .atLeast(1), "Number of epochs."),
      .int("batch_size", 32, .atLeast(1), "Examples per step."),
      .optional(
        "validation", .validation,
        "`test`: the data's test split (then it is not held out: a callback monitoring a `val_` metric lets it choose the model, and optim-run warns); a fraction: the last part of the training data, before shuffling (Keras's validation_split), leaving the test split held out."),
      .bool("shuffle", true, "Shuffle the training data each epoch."),
      .optional(
        "steps_per_epoch", .int, .atLeast(1),
        "Steps per epoch; the next epoch continues where this one stopped in the shuffled data (Keras)."),
      .optional(
        "class_weight", .classWeights,
        "Weight of each class in the loss; needs one class per example (integer labels or one-hot rows)."),
      ArgumentSchema(
        "save_state", .intOrChoice(["epoch", "never"]), default: .string("epoch"), .atLeast(1),
        doc:
          "When the run keeps the state that `optim-run resume` continues from: `epoch` (every epoch end), "
          + "N (also every N steps within an epoch, for long epochs) or `never`. A stop by a signal saves it too, unless `never`."
      ),
    ],
    example: "{epochs: 10, batch_size: 32, validation: test}")

  /// Keys that existed once, with what to use instead.
  static let removedKeys: [String: String] = [
    "train.initial_epoch":
      "it numbered the epochs as continued but started from fresh weights; to continue a stopped run use "
      + "`optim-run resume RUN_DIR` (which restores the weights, optimizer and callbacks exactly)"
  ]

  static let objective = TypeSchema(
    "objective", "Minimize a 2-D test function from a start point; the path is the result.",
    [
      .required("function", .choice(objectiveFunctions), "The test function."),
      .required("start", .doubleList(count: 2), "Start point [x, y]."),
      .required("steps", .int, .atLeast(1), "Optimizer steps."),
      ArgumentSchema(
        "scales", .doubleList(count: 2), default: .list([.double(1), .double(1)]),
        doc: "quadratic only: f = a·x² + b·y² with [a, b]."),
      .choice(
        "dtype", ["float32", "float64"], "float32",
        "Precision of the point, gradient and optimizer state: float32 (as Keras) or float64."),
      .optional(
        "tolerance", .double, .greaterThan(0),
        "Distance to a known minimum that counts as reached (summary.json's first_step_within_tolerance; default 0.001). The run does not stop early."
      ),
    ],
    example: "{function: rosenbrock, start: [-1.5, 2.5], steps: 1000}",
    check: { c, check in
      if c.doubles("scales") != [1, 1], c.string("function") != "quadratic" {
        check.error(c, "scales", "scales applies only to function quadratic, not \(c.string("function"))")
      }
    })

  static let sweep = TypeSchema(
    "sweep",
    "Run the experiment once per configuration of parameter values: every combination (grid), random "
      + "draws (random), or successive halving (halving); each configuration once per seed.",
    [
      .choice(
        "method", ["grid", "random", "halving"], "grid",
        "`grid`: every combination; `random`: `trials` draws; `halving`: successive halving "
          + "(Jamieson & Talwalkar, 2016) of the grid's combinations or of `trials` draws."),
      .optional(
        "trials", .int, .range(1, Double(maxSweepTrials), lowClosed: true, highClosed: true),
        "Number of random draws (random: required; halving: optional, without it the grid's combinations)."),
      .string("metric", "loss", "What ranks the trials (a logged metric name)."),
      .choice("mode", ["min", "max"], "min", "Whether lower or higher is better."),
      .choice(
        "rank_by", ["best", "last"], "best",
        "Which epoch's metric ranks a trial: `best` (the best epoch's, as `restore_best_weights` keeps) "
          + "or `last` (the final epoch's)."),
      .optional(
        "repeats", .int, .atLeast(1),
        "Runs of each configuration, with seeds `seed`, `seed` + 1, ...; null: 1 (or one per `seeds`)."),
      .optional(
        "seeds", .intList,
        "The seeds to run each configuration with, one run each (instead of `repeats`); distinct."),
      .optional(
        "min_epochs", .int, .atLeast(1),
        "halving only: epochs of the first rung, which trains every configuration; null: 1."),
      .optional(
        "eta", .int, .atLeast(2),
        "halving only: each rung keeps 1/eta of the configurations and trains eta times as many epochs; null: 3."
      ),
      .optional(
        "max_epochs", .int, .atLeast(1),
        "halving only: epochs of the last rung (at least `min_epochs`); null: `train.epochs`."),
      .required(
        "parameters", .sweepParameters,
        "Dotted path → a list of values (a value may be a whole subtree) or one distribution: "
          + "`{choice: [...]}`, `{uniform: [a, b]}`, `{log_uniform: [a, b]}` or `{int_uniform: [a, b]}`; "
          + "a path with dots is `sweep.parameters[optimizer.learning_rate]` in `--set`."),
    ],
    check: { checkSweep($0, &$1) })

  /// The checks within the `sweep` section (those that need other sections are in `checkSweepInExperiment`).
  static func checkSweep(_ c: Component, _ check: inout CrossCheck) {
    let method = c.string("method")
    if method == "random", c.value("trials").isNull {
      check.error(c, "method", "method: random needs trials")
    } else if method == "grid", !c.value("trials").isNull {
      check.error(c, "trials", "trials applies only to method: random or halving")
    }
    for key in ["min_epochs", "eta", "max_epochs"] where method != "halving" && !c.value(key).isNull {
      check.error(c, key, "\(key) applies only to method: halving")
    }
    if let min = c.optionalInt("min_epochs"), let max = c.optionalInt("max_epochs"), min > max {
      check.error(c, "min_epochs", "min_epochs (\(min)) must be at most max_epochs (\(max))")
    }
    var repeats = c.optionalInt("repeats") ?? 1
    if let seeds = c.ints("seeds") {
      repeats = seeds.count
      if !c.value("repeats").isNull {
        check.error(c, "seeds", "give repeats or seeds, not both: each configuration runs once per seed")
      }
      if seeds.isEmpty { check.error(c, "seeds", "seeds must list at least one seed") }
      for (i, seed) in seeds.enumerated() where seeds[..<i].contains(seed) {
        check.error(c, "seeds.\(i)", "seeds must be distinct; \(seed) is listed twice")
      }
    }
    guard case .map(let entries) = c.value("parameters") else { return }
    // Without `trials`, the configurations are the grid's: every parameter must list its values.
    let drawn = method == "random" || !c.value("trials").isNull
    if !drawn {
      for entry in entries {
        guard case .map(let form) = entry.value, let name = form.first?.key else { continue }
        check.error(
          c, "parameters.\(entry.key)",
          "method: \(method)\(method == "halving" ? " without trials" : "") combines listed values, but "
            + "'\(entry.key)' is drawn from \(name); use method: random with trials (or halving with trials)")
      }
    }
    // A grid is every combination: its size is the product of the list lengths, which grows fast
    // enough to hang a run that tried to enumerate it. Repeats multiply it.
    var count = 1
    var overflow = false
    var sizes: [String] = []
    if drawn {
      count = c.optionalInt("trials") ?? 1
    } else {
      for entry in entries {
        guard case .list(let values) = entry.value else { continue }
        sizes.append(String(values.count))
        let (p, o) = count.multipliedReportingOverflow(by: values.count)
        overflow = overflow || o
        count = o ? Int.max : p
      }
    }
    let configurations = count
    if !overflow {
      let (p, o) = count.multipliedReportingOverflow(by: repeats)
      overflow = o
      count = o ? Int.max : p
    }
    guard overflow || count > maxSweepTrials else { return }
    let total = overflow ? "more than \(Int.max)" : String(count)
    let limit = "at most \(maxSweepTrials) are allowed"
    if drawn {
      check.error(
        c, c.value("seeds").isNull ? "repeats" : "seeds",
        "the sweep has \(total) trials (\(configurations) draws × \(repeats) repeats); \(limit): draw fewer or repeat less"
      )
    } else if repeats == 1 {
      check.error(
        c, "parameters",
        "the grid has \(total) trials (\(sizes.joined(separator: " × "))); \(limit): sweep fewer values, "
          + "or use method: random with trials")
    } else {
      check.error(
        c, "parameters",
        "the grid has \(total) trials (\(sizes.joined(separator: " × ")) configurations × \(repeats) repeats); "
          + "\(limit): sweep fewer values, repeat less, or use method: random with trials")
    }
  }

  /// The checks of the `sweep` section against the rest of the experiment (`c` is the top level).
  static func checkSweepInExperiment(_ c: Component, _ check: inout CrossCheck) {
    guard let sweep = c.component("sweep") else { return }
    let paths: [String] =
      if case .map(let entries) = sweep.value("parameters") { entries.map(\.key) } else { [] }
    func error(_ key: String, _ message: String) {
      check.error(at: sweep.argumentMarks[key] ?? sweep.mark, keyPath: "sweep.\(key)", message)
    }
    if sweep.string("method") == "halving" {
      if !c.value("objective").isNull {
        error(
          "method",
          "method: halving trains for more epochs at each rung; an objective experiment has steps, not epochs"
        )
      } else if let min = sweep.optionalInt("min_epochs"), sweep.value("max_epochs").isNull,
        let epochs = c.component("train")?.int("epochs"), min > epochs
      {
        error(
          "min_epochs",
          "min_epochs (\(min)) must be at most max_epochs (\(epochs), from train.epochs); set max_epochs or train.epochs"
        )
      }
      if paths.contains("train.epochs") {
        error(
          "parameters.train.epochs",
          "method: halving sets train.epochs itself (min_epochs, then more at each rung); it cannot be swept")
      }
    }
    if paths.contains("seed"), (sweep.optionalInt("repeats") ?? 1) > 1 || !sweep.value("seeds").isNull {
      error(
        "parameters.seed",
        "repeats and seeds set each trial's seed; seed cannot also be swept (list the seeds in sweep.seeds)")
    }
  }

  /// The most trials one sweep may have (grid combinations or random draws).
  static let maxSweepTrials = 10_000

  static let output = TypeSchema(
    "output", "Where results go.", [.string("dir", "runs", "Folder under which each run gets a folder.")],
    example: "{dir: runs}")
}
