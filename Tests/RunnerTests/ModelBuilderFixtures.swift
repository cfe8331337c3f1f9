import Spec
import YAML

/// Small specs for the model builder tests: a valid experiment around the given model lines.
enum ModelBuilderFixtures {
  /// A spec named `specs/test.yaml` whose `model:` block is `model` (indented by two spaces), with
  /// synthetic data, the given loss and metrics, and Adam. Line 1 is `name: test`, so the first
  /// layer of a `model` that starts with `input:` then `layers:` is on line 5.
  static func spec(model: String, loss: String = "mse", metrics: String = "[]") -> String {
    """
    name: test
    data: {type: synthetic_regression, samples: 8, features: 4}
    model:
    \(model.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
    loss: \(loss)
    metrics: \(metrics)
    optimizer: adam

    """
  }

  /// Loads `spec(model:loss:metrics:)` as `specs/test.yaml`.
  static func load(model: String, loss: String = "mse", metrics: String = "[]") throws -> LoadedSpec {
    try loadSpec(text: spec(model: model, loss: loss, metrics: metrics), name: "specs/test.yaml")
  }
}
