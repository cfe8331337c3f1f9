import Foundation
import Runner
import Spec
import Testing
import YAML

/// What `validate` and sweeps now catch without running: problems a run would only hit after
/// creating its folder.
@Suite struct ExperimentCheckTests {
  static let base = """
    name: c
    data: {type: synthetic_classification, samples: 50, shape: [4], classes: 3}
    model:
      input: [4]
      layers:
        - {type: dense, units: 3, activation: softmax}
    loss: sparse_categorical_crossentropy
    metrics: [accuracy]
    optimizer: adam

    """

  func problems(_ extra: String) throws -> String? {
    let loaded = try loadSpec(text: Self.base + extra, name: "c.yaml")
    do {
      try checkExperiment(loaded)
      return nil
    } catch {
      return error.rendered
    }
  }

  @Test func aValidSpecPasses() throws {
    #expect(try problems("callbacks: [{type: early_stopping, monitor: loss}]\n") == nil)
  }

  @Test func monitoredNamesMustBeLogged() throws {
    let text = try problems("callbacks: [{type: early_stopping, monitor: val_accuracy}]\n")
    #expect(
      text
        == """
        c.yaml:10:45: error: early_stopping monitors 'val_accuracy', which this run does not log; it logs accuracy, learning_rate, loss
        callbacks: [{type: early_stopping, monitor: val_accuracy}]
                                                    ^
        """)
  }

  @Test func checkpointNamesArePlainAndNotFinal() throws {
    for name in ["..", "a/b", "final.safetensors"] {
      #expect(try problems("callbacks: [{type: model_checkpoint, filename: \"\(name)\"}]\n") != nil, "\(name)")
    }
  }

  @Test func reduceOnPlateauCannotFightARunningSchedule() throws {
    let text = try problems(
      "schedule: {type: step_decay, drop: 0.5, every: 2}\ncallbacks: [{type: reduce_lr_on_plateau, monitor: loss}]\n")
    #expect(text?.contains("reduce_lr_on_plateau cannot change a learning rate that the schedule sets") == true)
  }

  @Test func shapeErrorsWithAModelInput() throws {
    let loaded = try loadSpec(
      text: Self.base.replacingOccurrences(of: "input: [4]", with: "input: [4, 4]"), name: "c.yaml")
    #expect(throws: DiagnosticList.self) { try checkExperiment(loaded) }
  }
}

@Suite struct ValidationSplitCheckTests {
  @Test func testValidationNeedsATestSplit() throws {
    let text = ExperimentCheckTests.base + "train: {epochs: 1, validation: test}\n"
    let loaded = try loadSpec(text: text, name: "c.yaml")
    #expect(throws: DiagnosticList.self) { try checkExperiment(loaded) }
    let fixed = try loadSpec(
      text: text.replacingOccurrences(of: "classes: 3}", with: "classes: 3, test_split: 0.2}"), name: "c.yaml")
    try checkExperiment(fixed)
  }

  // A value that came from `--set` is reported at the argument, not at the file's old value.
  @Test func problemsInOverriddenValuesPointAtTheArgument() throws {
    let objective = "name: o\nobjective: {function: booth, start: [1, 2], steps: 5}\noptimizer: adam\n"
    let loaded = try loadSpec(text: objective, name: "o.yaml", overrides: ["objective.start=[1e39, 1]"])
    #expect(
      Self.rendered(loaded) == """
        <command line>:1:23: error: objective.start must fit in float32 (magnitude at most 3.4e38), or set objective.dtype: float64
        --set objective.start=[1e39, 1]
                              ^
        """)
    let file = try loadSpec(text: objective.replacingOccurrences(of: "[1, 2]", with: "[1e39, 2]"), name: "o.yaml")
    #expect(Self.rendered(file)?.hasPrefix("o.yaml:2:37: error: objective.start must fit in float32") == true)
    let wide = try loadSpec(
      text: objective, name: "o.yaml", overrides: ["objective.start=[1e39, 1]", "objective.dtype=float64"])
    #expect(Self.rendered(wide) == nil)
  }

  /// What `checkExperiment` reports, rendered; nil when it passes.
  static func rendered(_ loaded: LoadedSpec) -> String? {
    do throws(DiagnosticList) {
      try checkExperiment(loaded)
      return nil
    } catch {
      return error.rendered
    }
  }

  @Test func testValidationErrorPointsAtTheOverride() throws {
    let loaded = try loadSpec(
      text: ExperimentCheckTests.base, name: "c.yaml", overrides: ["train={epochs: 1, validation: test}"])
    #expect(Self.rendered(loaded)?.hasPrefix("<command line>:1:37: error: train.validation is `test` but") == true)
  }
}

/// A run checks what `validate` checks before it creates its folder (found by probing: a schedule
/// error in an objective run used to leave a folder holding only `checkpoints/`).
@Suite struct RunChecksBeforeItsFolderTests {
  @Test func specErrorLeavesNoFolder() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("early-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    let text = """
      name: o
      objective: {function: quadratic, start: [1, 1], steps: 10}
      optimizer: {type: sgd, learning_rate: 0.001}
      schedule: {type: linear_warmup, warmup_steps: 2, schedule: {type: step_decay, every: 1}}

      """
    let loaded = try loadSpec(text: text, name: "o.yaml")
    do throws(RunFailure) {
      _ = try runExperiment(loaded, options: RunOptions(outDirectory: out.path))
      Issue.record("the run should have been refused")
    } catch {
      if case .spec(let list) = error {
        #expect(list.rendered.hasPrefix("o.yaml:4:60: error: linear_warmup cannot wrap 'step_decay'"))
      } else {
        Issue.record("expected a spec error, got \(error)")
      }
    }
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test func perParameterStepSizesNeedTheAdamFamily() throws {
    let text = ExperimentCheckTests.base + "callbacks: [{type: lr_history, per_parameter: true}]\n"
    #expect(ValidationSplitCheckTests.rendered(try loadSpec(text: text, name: "c.yaml")) == nil)
    let sgd = try loadSpec(text: text.replacingOccurrences(of: "optimizer: adam", with: "optimizer: sgd"), name: "c.yaml")
    let rendered = ValidationSplitCheckTests.rendered(sgd) ?? ""
    #expect(
      rendered.hasPrefix(
        "c.yaml:10:47: error: lr_history: per_parameter records the Adam family's per-parameter step size"),
      "\(rendered)")
  }
}

/// Checks `validate` used to leave to the run (found by probing).
@Suite struct ValidateCatchesWhatRunsCaughtTests {
  @Test func duplicateMetricsSweepMetricAndSyntheticShapes() throws {
    let dup = try loadSpec(
      text: ExperimentCheckTests.base.replacingOccurrences(of: "metrics: [accuracy]", with: "metrics: [accuracy, accuracy]"),
      name: "c.yaml")
    #expect(
      ValidationSplitCheckTests.rendered(dup)?.hasPrefix(
        "c.yaml:8:21: error: metric 'accuracy' is listed twice; each metric is logged once") == true)
    let sweep = try loadSpec(
      text: "name: s\nobjective: {function: booth, start: [1, 2], steps: 5}\noptimizer: sgd\n"
        + "sweep: {metric: accuracy, parameters: {optimizer.learning_rate: [0.1, 0.2]}}\n",
      name: "s.yaml")
    let precision = try loadSpec(
      text: ExperimentCheckTests.base.replacingOccurrences(of: "metrics: [accuracy]", with: "metrics: [precision]"),
      name: "c.yaml")
    #expect(
      ValidationSplitCheckTests.rendered(precision)?.hasPrefix(
        "c.yaml:8:11: error: precision is a binary metric (one sigmoid output per example, as Keras's); this model outputs (3,)")
        == true)
    #expect(
      ValidationSplitCheckTests.rendered(sweep)?.hasPrefix(
        "s.yaml:4:17: error: sweep.metric 'accuracy' is not logged by this experiment; it logs loss") == true)
  }
}

