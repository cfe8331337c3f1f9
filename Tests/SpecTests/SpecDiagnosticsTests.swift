import Testing

@testable import Spec

/// Each class of spec error, asserting the full rendered message with line, column and caret.
@Suite struct SpecDiagnosticsTests {
  @Test func unknownKeyWithSuggestion() {
    let text = mlpSpec.replacingOccurrences(
      of: "optimizer: adam", with: "optimizer: {type: adam, lerning_rate: 0.1}")
    #expect(
      diagnostics(text) == """
        t.yaml:9:25: error: unknown key 'lerning_rate' in optimizer (adam); did you mean 'learning_rate'?
        optimizer: {type: adam, lerning_rate: 0.1}
                                ^
        """)
  }

  /// `train.initial_epoch` numbered epochs as continued from fresh weights; it is gone, and the
  /// message says what continues a run instead.
  @Test func removedInitialEpochPointsToResume() {
    let message = diagnostics(mlpSpec + "train: {epochs: 4, initial_epoch: 2}\n") ?? ""
    #expect(message.hasPrefix("t.yaml:10:20: error: 'train.initial_epoch' was removed: "))
    #expect(message.contains("optim-run resume RUN_DIR"))
  }

  @Test func unknownTopLevelKey() {
    #expect(
      diagnostics(mlpSpec + "trian: {epochs: 2}\n") == """
        t.yaml:10:1: error: unknown key 'trian' at the top level; did you mean 'train'?
        trian: {epochs: 2}
        ^
        """)
  }

  @Test func unknownTypeNames() {
    let text = mlpSpec.replacingOccurrences(of: "optimizer: adam", with: "optimizer: adamm")
      .replacingOccurrences(of: "activation: relu", with: "activation: rellu")
      .replacingOccurrences(of: "type: synthetic_regression", with: "type: synthetic_regresion")
    #expect(
      diagnostics(text) == """
        t.yaml:2:14: error: unknown dataset type 'synthetic_regresion'; did you mean 'synthetic_regression'?
        data: {type: synthetic_regresion, samples: 100, features: 4}
                     ^
        t.yaml:6:43: error: model.layers.0.activation must be one of relu, sigmoid, tanh, softmax, linear, leaky_relu, elu, gelu, swish, silu, selu, relu6, softplus, softsign, hard_sigmoid, hard_silu, hard_swish, mish, exponential, log_softmax, got 'rellu'; did you mean 'relu'?
            - {type: dense, units: 8, activation: rellu}
                                                  ^
        t.yaml:9:12: error: unknown optimizer type 'adamm'; did you mean 'adam'?
        optimizer: adamm
                   ^
        """)
  }

  @Test func unknownLayerTypeSuggestsByPrefix() {
    let text = mlpSpec.replacingOccurrences(of: "- {type: dense, units: 1}", with: "- {type: concat}")
    #expect(
      diagnostics(text) == """
        t.yaml:7:14: error: unknown layer type 'concat'; did you mean 'concatenate'?
            - {type: concat}
                     ^
        """)
  }

  @Test func stringWhereNumberBelongsIsAnError() {
    let text = mlpSpec.replacingOccurrences(of: "units: 8,", with: "units: \"8\",")
    #expect(
      diagnostics(text) == """
        t.yaml:6:28: error: model.layers.0.units must be an integer, got the string '8'
            - {type: dense, units: "8", activation: relu}
                                   ^
        """)
  }

  @Test func numberWhereIntegerBelongs() {
    #expect(
      diagnostics(mlpSpec + "train: {epochs: 2.5}\n") == """
        t.yaml:10:17: error: train.epochs must be an integer, got the number 2.5
        train: {epochs: 2.5}
                        ^
        """)
  }

  @Test func outOfRangeValues() {
    let text =
      mlpSpec.replacingOccurrences(
        of: "optimizer: adam", with: "optimizer: {type: adam, learning_rate: 0, beta_1: 1}")
      + "train: {epochs: 0, batch_size: 0}\n"
    #expect(
      diagnostics(text) == """
        t.yaml:9:40: error: optimizer.learning_rate must be > 0, got 0
        optimizer: {type: adam, learning_rate: 0, beta_1: 1}
                                               ^
        t.yaml:9:51: error: optimizer.beta_1 must be in [0, 1), got 1
        optimizer: {type: adam, learning_rate: 0, beta_1: 1}
                                                          ^
        t.yaml:10:17: error: train.epochs must be >= 1, got 0
        train: {epochs: 0, batch_size: 0}
                        ^
        t.yaml:10:32: error: train.batch_size must be >= 1, got 0
        train: {epochs: 0, batch_size: 0}
                                       ^
        """)
  }

  @Test func dropoutRateMustBeBelowOne() {
    let text = mlpSpec.replacingOccurrences(
      of: "- {type: dense, units: 1}", with: "- {type: dropout, rate: 1.0}")
    #expect(
      diagnostics(text) == """
        t.yaml:7:29: error: model.layers.1.rate must be in [0, 1), got 1
            - {type: dropout, rate: 1.0}
                                    ^
        """)
  }

  @Test func missingRequiredKeys() {
    let text = mlpSpec.replacingOccurrences(of: "{type: dense, units: 1}", with: "{type: conv2d, filters: 4}")
    #expect(
      diagnostics(text) == """
        t.yaml:7:7: error: missing required key 'kernel_size' in model.layers.1 (conv2d)
            - {type: conv2d, filters: 4}
              ^
        """)
  }

  @Test func missingTypeAndMissingName() {
    let text = """
      data: {samples: 3}
      optimizer: sgd
      objective: {function: booth, start: [0, 0], steps: 5}

      """
    #expect(
      diagnostics(text) == """
        t.yaml:1:1: error: missing required key 'name' at the top level
        data: {samples: 3}
        ^
        t.yaml:1:7: error: missing required key 'type' in data
        data: {samples: 3}
              ^
        """)
  }

  @Test func layerInputsNamingUnknownOrLaterLayers() {
    let text = """
      name: graph
      data: {type: synthetic_segmentation, samples: 4, shape: [8, 8, 1]}
      model:
        input: [8, 8, 1]
        layers:
          - {type: conv2d, name: c1, filters: 4, kernel_size: 3, padding: same}
          - {type: concatenate, inputs: [previous, c2]}
          - {type: concatenate, inputs: [previous, c3]}
          - {type: conv2d, name: c2, filters: 1, kernel_size: 1}
      loss: mse
      optimizer: adam

      """
    #expect(
      diagnostics(text) == """
        t.yaml:7:46: error: layer input 'c2' is model.layers.3, which does not come before model.layers.1
            - {type: concatenate, inputs: [previous, c2]}
                                                     ^
        t.yaml:8:46: error: layer input 'c3' is not the name of a layer; did you mean 'c1'?
            - {type: concatenate, inputs: [previous, c3]}
                                                     ^
        """)
  }

  @Test func duplicateLayerNamesReportedWithOtherLayerErrors() {
    let text = mlpSpec.replacingOccurrences(
      of: "{type: dense, units: 8, activation: relu}", with: "{type: dense, name: d, units: 8}"
    )
    .replacingOccurrences(of: "{type: dense, units: 1}", with: "{type: dense, name: d, units: -1}")
    #expect(
      diagnostics(text) == """
        t.yaml:7:27: error: duplicate layer name 'd'; model.layers.0 already has it (line 6)
            - {type: dense, name: d, units: -1}
                                  ^
        t.yaml:7:37: error: model.layers.1.units must be >= 1, got -1
            - {type: dense, name: d, units: -1}
                                            ^
        """)
  }

  @Test func objectiveCannotBeCombinedWithModel() {
    let text = mlpSpec + "objective: {function: rosenbrock, start: [-1.5, 2.5], steps: 10}\n"
    #expect(
      diagnostics(text) == """
        t.yaml:2:7: error: 'data' cannot be combined with 'objective'; an objective experiment has no data, model or loss
        data: {type: synthetic_regression, samples: 100, features: 4}
              ^
        t.yaml:4:3: error: 'model' cannot be combined with 'objective'; an objective experiment has no data, model or loss
          input: [4]
          ^
        t.yaml:8:7: error: 'loss' cannot be combined with 'objective'; an objective experiment has no data, model or loss
        loss: mse
              ^
        """)
  }

  @Test func dataModelLossRequiredWithoutObjective() {
    #expect(
      diagnostics("name: x\noptimizer: sgd\n") == """
        t.yaml:1:1: error: missing required key 'data' (or give 'objective' instead of data, model and loss)
        name: x
        ^
        t.yaml:1:1: error: missing required key 'model' (or give 'objective' instead of data, model and loss)
        name: x
        ^
        t.yaml:1:1: error: missing required key 'loss' (or give 'objective' instead of data, model and loss)
        name: x
        ^
        """)
  }

  @Test func expressionErrorPointsIntoTheQuotedString() {
    let text = mlpSpec + "schedule: {type: expression, value: \"epcoh < 5 ? lr : lr / 2\"}\n"
    #expect(
      diagnostics(text) == """
        t.yaml:10:38: error: in schedule.value: unknown variable 'epcoh'; did you mean 'epoch'?
        schedule: {type: expression, value: "epcoh < 5 ? lr : lr / 2"}
                                             ^
        """)
  }

  // An escape or a folded line break makes text offsets differ from source columns: the caret then
  // stays on the value and the message says which character of the expression is wrong.
  @Test func expressionErrorInEscapedOrFoldedScalarPointsAtTheValue() {
    let escaped = mlpSpec + "schedule: {type: expression, value: \"epoch < 5 ?\\t lr : fo(lr)\"}\n"
    #expect(
      diagnostics(escaped) == """
        t.yaml:10:37: error: in schedule.value: unknown function 'fo'; the functions are exp, log, sqrt, cos, sin, min, max, abs, floor, ceil (at character 19 of the expression)
        schedule: {type: expression, value: "epoch < 5 ?\\t lr : fo(lr)"}
                                            ^
        """)
    let folded = mlpSpec + "schedule:\n  type: expression\n  value: >\n    epoch < 5 ? lr\n    : fo(lr)\n"
    #expect(
      diagnostics(folded) == """
        t.yaml:12:10: error: in schedule.value: unknown function 'fo'; the functions are exp, log, sqrt, cos, sin, min, max, abs, floor, ceil (at character 18 of the expression)
          value: >
                 ^
        """)
    let twoLines = mlpSpec + "schedule:\n  type: expression\n  value: 'epoch < 5 ? lr\n    : fo(lr)'\n"
    #expect(diagnostics(twoLines)?.hasPrefix("t.yaml:12:10: error: in schedule.value: unknown function 'fo'") == true)
  }

  // Integers other than the seed fit in 32 bits, so no product of sizes can overflow downstream.
  @Test func integersBeyond32BitsAreRefusedExceptTheSeed() {
    let text = mlpSpec.replacingOccurrences(of: "units: 8,", with: "units: 9999999999,") + "seed: 9999999999\n"
    #expect(
      diagnostics(text) == """
        t.yaml:6:28: error: model.layers.0.units must be at most 2147483647 in size, got 9999999999
            - {type: dense, units: 9999999999, activation: relu}
                                   ^
        """)
  }

  // Messages say what was found, not only its kind; each first line is checked whole.
  @Test func messagesNameWhatWasFound() {
    func first(_ overrides: [String], _ text: String = mlpSpec) -> String? {
      diagnostics(text, overrides: overrides)?.split(separator: "\n").first.map(String.init)
    }
    let objective = "name: o\nobjective: {function: booth, start: [1, 2], steps: 5}\noptimizer: adam\n"
    #expect(
      first(["objective.start=[1, 2, 3]"], objective)
        == "<command line>:1:23: error: objective.start must be a list of 2 numbers, got a list of 3 items")
    #expect(
      first(["objective.start=[1]"], objective)
        == "<command line>:1:23: error: objective.start must be a list of 2 numbers, got a list of 1 item")
    #expect(
      first(["model.layers.5.units=3"])
        == "<command line>:1:7: error: cannot set 'model.layers.5.units': 'model.layers' is a list of 2 items; '5' is not an index 0...1")
    #expect(
      first(["model.input=[]"])
        == "<command line>:1:19: error: model.input must list at least one dimension (e.g. [28, 28, 1]), or be null for the data's shape")
    #expect(
      first(["model.layers.0.name=a/b"])
        == "<command line>:1:27: error: layer name 'a/b' must be non-empty and contain no '/' (parameters are named '<layer>/kernel')")
    #expect(
      first(["model.layers.1.name=input"])
        == "<command line>:1:27: error: 'input' is reserved for the model's input; choose another name")
    let sweep = mlpSpec + "sweep: {parameters: {optimizer.learning_rate: [0.1]}}\n"
    #expect(
      first(["sweep.parameters={}"], sweep)
        == "<command line>:1:24: error: sweep.parameters must be a non-empty mapping of dotted path → list of values, got an empty mapping")
    #expect(
      first(["sweep.parameters={optimizer..beta_1: [0.9]}"], sweep)
        == "<command line>:1:25: error: sweep path 'optimizer..beta_1' has an empty part; write keys joined by single dots, like optimizer.learning_rate")
  }

  @Test func documentMarkerAloneIsAnEmptyDocument() {
    #expect(diagnostics("---\n")?.hasPrefix("t.yaml:2:1: error: the document is empty; expected a mapping (name, data, model, ...)") == true)
    #expect(diagnostics("~\n")?.hasPrefix("t.yaml:1:1: error: the top level of a spec must be a mapping, got null") == true)
  }

  // A grid's size is a product; a few long lists would hang a run that enumerated them.
  @Test func sweepsAreBoundedInTrials() {
    let values = "[" + (1...20).map(String.init).joined(separator: ", ") + "]"
    let paths = ["train.epochs", "train.batch_size", "seed", "model.layers.0.units"]
    let sweep = "sweep:\n  parameters:\n" + paths.map { "    \($0): \(values)\n" }.joined()
    #expect(
      diagnostics(mlpSpec + sweep)?.hasPrefix(
        "t.yaml:12:5: error: the grid has 160000 trials (20 × 20 × 20 × 20); at most 10000 are allowed") == true)
    let three = "sweep:\n  parameters:\n" + paths.dropLast().map { "    \($0): \(values)\n" }.joined()
    #expect(diagnostics(mlpSpec + three) == nil)
    #expect(
      diagnostics(mlpSpec + sweep, overrides: ["sweep.method=random", "sweep.trials=10001"])?.hasPrefix(
        "<command line>:2:20: error: sweep.trials must be in [1, 10000], got 10001") == true)
  }

  // Numbers are finite, and constraints hold for the float32 value training will use.
  @Test func numbersAreFiniteAndValidInFloat32() {
    #expect(
      diagnostics(mlpSpec, overrides: ["optimizer={type: adam, clipnorm: .inf}"])?.hasPrefix(
        "<command line>:1:40: error: optimizer.clipnorm must be a finite number, got .inf") == true)
    #expect(
      diagnostics(mlpSpec, overrides: ["optimizer={type: adam, learning_rate: .nan}"])?.hasPrefix(
        "<command line>:1:45: error: optimizer.learning_rate must be a finite number, got .nan") == true)
    #expect(
      diagnostics(mlpSpec, overrides: ["model.layers.0={type: dropout, rate: 0.99999999999}"])?.hasPrefix(
        "<command line>:1:44: error: model.layers.0.rate must be in [0, 1) in float32, where 0.99999999999 rounds to 1.0")
        == true)
    #expect(
      diagnostics(mlpSpec, overrides: ["loss={type: huber, delta: 1e-50}"])?.hasPrefix(
        "<command line>:1:33: error: loss.delta must be > 0 in float32, where 1e-50 rounds to 0.0") == true)
    #expect(diagnostics(mlpSpec, overrides: ["loss={type: huber, delta: 1e-30}"]) == nil)
  }

  @Test func emptyLayerListIsPositioned() {
    #expect(
      diagnostics(mlpSpec, overrides: ["model.layers=[]"])
        == "<command line>:1:20: error: model.layers must list at least one layer\n--set model.layers=[]\n                   ^")
  }

  @Test func syntheticShapesAreChecked() {
    let classification = mlpSpec.replacingOccurrences(
      of: "data: {type: synthetic_regression, samples: 100, features: 4}",
      with: "data: {type: synthetic_classification, samples: 10, shape: [], classes: 2}")
    #expect(diagnostics(classification)?.hasPrefix("t.yaml:2:60: error: shape must list at least one dimension") == true)
    let segmentation = mlpSpec.replacingOccurrences(
      of: "data: {type: synthetic_regression, samples: 100, features: 4}",
      with: "data: {type: synthetic_segmentation, samples: 10, shape: [4]}")
    #expect(
      diagnostics(segmentation)?.hasPrefix(
        "t.yaml:2:58: error: shape must be [height, width, channels], got 1 dimension") == true)
  }

  @Test func longNamesAreRefused() {
    let long = String(repeating: "a", count: 201)
    #expect(
      diagnostics(mlpSpec.replacingOccurrences(of: "name: mlp", with: "name: \(long)"))?.hasPrefix(
        "t.yaml:1:7: error: name must be at most 200 bytes (it names the run folder), got 201") == true)
    #expect(diagnostics(mlpSpec.replacingOccurrences(of: "name: mlp", with: "name: \(long.dropLast())")) == nil)
  }

  @Test func crossArgumentChecks() {
    let text =
      mlpSpec.replacingOccurrences(
        of: "optimizer: adam", with: "optimizer: {type: lion, clipnorm: 1, clipvalue: 1, formula: pytorch}")
      + "schedule: {type: piecewise_constant_decay, boundaries: [10, 20], values: [0.1, 0.01]}\n"
    #expect(
      diagnostics(text) == """
        t.yaml:9:49: error: at most one of clipnorm, clipvalue, global_clipnorm may be set; got clipnorm and clipvalue
        optimizer: {type: lion, clipnorm: 1, clipvalue: 1, formula: pytorch}
                                                        ^
        t.yaml:9:61: error: formula: pytorch is available for sgd, adam, adamw, rmsprop and adagrad, not lion
        optimizer: {type: lion, clipnorm: 1, clipvalue: 1, formula: pytorch}
                                                                    ^
        t.yaml:10:74: error: values must have one more entry than boundaries (3); got 2
        schedule: {type: piecewise_constant_decay, boundaries: [10, 20], values: [0.1, 0.01]}
                                                                                 ^
        """)
  }

  @Test func allProblemsReportedSortedByPosition() throws {
    let text = """
      name: x
      optimizer: {type: sgd, momentum: 2}
      data: {type: npy, x: a.npy, y: b.npy, test_split: 1.5}
      model: {input: [0], layers: [flatten]}
      loss: huber

      """
    let rendered = try #require(diagnostics(text))
    let lines = rendered.split(separator: "\n").filter { $0.hasPrefix("t.yaml:") }
    #expect(
      lines == [
        "t.yaml:2:34: error: optimizer.momentum must be in [0, 1], got 2",
        "t.yaml:3:51: error: data.test_split must be in (0, 1), got 1.5",
        "t.yaml:4:17: error: model.input.0 must be >= 1, got 0",
      ])
  }
}
