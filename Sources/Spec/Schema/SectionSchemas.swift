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
      .optional("sweep", .section("sweep"), "Grid or random search over dotted paths."),
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
        check.error(c, "name", "name must be at most 200 bytes (it names the run folder), got \(name.utf8.count)")
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
        "`test`: the data's test split; a fraction: the last part of the training data, before shuffling."),
      .bool("shuffle", true, "Shuffle the training data each epoch."),
      .optional(
        "steps_per_epoch", .int, .atLeast(1),
        "Steps per epoch; the next epoch continues where this one stopped in the shuffled data (Keras)."),
      .optional(
        "class_weight", .classWeights,
        "Weight of each class in the loss; needs one class per example (integer labels or one-hot rows)."),
      ArgumentSchema(
        "save_state", .intOrChoice(["epoch", "never"]), default: .string("epoch"), .atLeast(1),
        doc: "When the run keeps the state that `optim-run resume` continues from: `epoch` (every epoch end), "
          + "N (also every N steps within an epoch, for long epochs) or `never`. A stop by a signal saves it too, unless `never`."),
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
      .choice("dtype", ["float32", "float64"], "float32", "Precision of the point, gradient and optimizer state: float32 (as Keras) or float64."),
      .optional("tolerance", .double, .greaterThan(0), "Distance to a known minimum that counts as reached (summary.json's first_step_within_tolerance; default 0.001). The run does not stop early."),
    ],
    example: "{function: rosenbrock, start: [-1.5, 2.5], steps: 1000}",
    check: { c, check in
      if c.doubles("scales") != [1, 1], c.string("function") != "quadratic" {
        check.error(c, "scales", "scales applies only to function quadratic, not \(c.string("function"))")
      }
    })

  static let sweep = TypeSchema(
    "sweep",
    "Run the experiment once per combination (grid) or per random draw (random) of parameter values.",
    [
      .choice("method", ["grid", "random"], "grid", "Every combination, or `trials` random draws."),
      .optional(
        "trials", .int, .range(1, Double(maxSweepTrials), lowClosed: true, highClosed: true),
        "Number of random draws (random only)."),
      .string("metric", "loss", "What ranks the trials (a logged metric name)."),
      .choice("mode", ["min", "max"], "min", "Whether lower or higher is better."),
      .required(
        "parameters", .sweepParameters, "Dotted path → list of values; a value may be a whole subtree."),
    ],
    check: { c, check in
      let random = c.string("method") == "random"
      if random, c.value("trials").isNull {
        check.error(c, "method", "method: random needs trials")
      } else if !random, !c.value("trials").isNull {
        check.error(c, "trials", "trials applies only to method: random")
      }
      // A grid is every combination: its size is the product of the list lengths, which grows
      // fast enough to hang a run that tried to enumerate it.
      if !random, case .map(let entries) = c.value("parameters") {
        var count = 1
        var overflow = false
        for entry in entries {
          guard case .list(let values) = entry.value else { continue }
          let (p, o) = count.multipliedReportingOverflow(by: values.count)
          overflow = overflow || o
          count = o ? Int.max : p
        }
        if overflow || count > maxSweepTrials {
          let sizes = entries.compactMap { e -> String? in
            if case .list(let v) = e.value { return String(v.count) }
            return nil
          }
          check.error(
            c, "parameters",
            "the grid has \(overflow ? "more than \(Int.max)" : String(count)) trials (\(sizes.joined(separator: " × "))); "
              + "at most \(maxSweepTrials) are allowed: sweep fewer values, or use method: random with trials")
        }
      }
    })

  /// The most trials one sweep may have (grid combinations or random draws).
  static let maxSweepTrials = 10_000

  static let output = TypeSchema(
    "output", "Where results go.", [.string("dir", "runs", "Folder under which each run gets a folder.")],
    example: "{dir: runs}")
}
