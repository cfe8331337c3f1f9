import Foundation
import Testing
import _TestSupport

@testable import Spec

/// The JSON Schema and the decoder agree: forms the decoder accepts pass jsonschema, and broken
/// specs that the decoder rejects are rejected by jsonschema too, at the key's path.
@Suite struct JSONSchemaAgreementTests {
  /// A shipped spec to vary.
  static func base() throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent("specs/digits_cnn.yaml"), encoding: .utf8)
  }

  /// `text` with `old` replaced by `new`, which must occur.
  static func replacing(_ old: String, with new: String, in text: String) -> String {
    precondition(text.contains(old), "'\(old)' is not in the spec")
    return text.replacingOccurrences(of: old, with: new)
  }

  /// Forms the decoder accepts that a closed schema could easily refuse.
  static let acceptedVariants: [(name: String, old: String, new: String)] = [
    ("YAML 1.2 number without a dot", "learning_rate: 0.001}", "learning_rate: 0.001, epsilon: 1e-07}"),
    ("bare layer name and layer names", "- flatten", "- global_average_pooling2d\n    - {type: flatten, name: flat, inputs: [previous]}"),
    ("kernel_size as a pair", "kernel_size: 3, padding: same", "kernel_size: [3, 5], padding: same"),
    ("validation fraction", "validation: test", "validation: 0.2"),
    ("save_state steps", "validation: test", "validation: test, save_state: 100"),
    ("class weights", "validation: test", "validation: test, class_weight: {0: 1, 1: 2.5}"),
    ("optimizer as a bare name", "optimizer: {type: adam, learning_rate: 0.001}", "optimizer: nadam"),
    ("optimizer common keys", "learning_rate: 0.001}", "learning_rate: 0.001, clipnorm: 1.0, formula: pytorch}"),
    ("null optional key", "validation: test", "validation: null"),
    ("nested schedule", "callbacks:", "schedule: {type: linear_warmup, warmup_steps: 10, schedule: {type: cosine_decay, decay_steps: 100}}\ncallbacks:"),
    ("initializer mapping", "units: 64, activation: relu", "units: 64, activation: relu, kernel_initializer: {type: random_normal, stddev: 0.1}, kernel_regularizer: {l2: 0.01}"),
    ("tensorboard update_freq", "- {type: lr_history, every: epoch}", "- {type: lr_history, every: epoch}\n  - {type: tensorboard, update_freq: batch}"),
    (
      "sweep distributions, anchors and merge keys", "optimizer: {type: adam, learning_rate: 0.001}",
      "optimizer: &opt {type: adam, learning_rate: 0.001}\nsweep:\n  method: random\n  trials: 4\n  parameters:\n"
        + "    optimizer: [*opt, {<<: *opt, type: nadam}]\n    optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}\n"
        + "    train.batch_size: {int_uniform: [16, 64]}\n    optimizer.beta_1: {uniform: [0.8, 0.99]}"
    ),
  ]

  @Test func formsTheDecoderAcceptsPassTheSchema() throws {
    let checker = try SchemaChecker()
    defer { checker.remove() }
    let base = try Self.base()
    var targets: [String] = []
    for (i, variant) in Self.acceptedVariants.enumerated() {
      let text = Self.replacing(variant.old, with: variant.new, in: base)
      #expect(diagnostics(text) == nil, "the decoder refuses '\(variant.name)': \(diagnostics(text) ?? "")")
      targets.append(try checker.write(text, to: "accepted-\(i).yaml"))
    }
    for (result, variant) in zip(try checker.check(targets), Self.acceptedVariants) {
      #expect(result.valid, "\(variant.name):\n\(result.summary)")
    }
  }

  /// Broken specs: the decoder's error and jsonschema's both point at the key.
  static let brokenVariants: [(name: String, old: String, new: String, path: String, message: String)] = [
    ("unknown key", "learning_rate: 0.001}", "learning_rate: 0.001, lr: 0.1}", "$.optimizer", "'lr' was unexpected"),
    ("unknown top-level key", "seed: 42", "seed: 42\nepochs: 3", "$", "'epochs' was unexpected"),
    ("wrong type", "epochs: 15", "epochs: fifteen", "$.train.epochs", "is not of type 'integer'"),
    ("out of range", "batch_size: 32", "batch_size: 0", "$.train.batch_size", "less than the minimum of 1"),
    ("fraction out of range", "validation: test", "validation: 1.5", "$.train.validation", "1.5"),
    ("unknown layer type", "type: max_pooling2d", "type: max_pool", "$.model.layers[2].type", "'max_pool' is not one of"),
    ("unknown key in a layer", "units: 64,", "units: 64, input_shape: [64],", "$.model.layers[5]", "'input_shape' was unexpected"),
    ("missing required key", "{type: dense, units: 64,", "{type: dense,", "$.model.layers[5]", "'units' is a required property"),
    ("missing top-level key", "optimizer: {type: adam, learning_rate: 0.001}\n", "", "$", "'optimizer' is a required property"),
    ("bare name of a type with required keys", "- flatten", "- dropout", "$.model.layers[4]", "'dropout' is not one of"),
    ("integer beyond 32 bits", "epochs: 15", "epochs: 3000000000", "$.train.epochs", "greater than the maximum"),
  ]

  @Test func brokenSpecsAreRejectedAtTheirPath() throws {
    let checker = try SchemaChecker()
    defer { checker.remove() }
    let base = try Self.base()
    var targets: [String] = []
    for (i, variant) in Self.brokenVariants.enumerated() {
      let text = Self.replacing(variant.old, with: variant.new, in: base)
      #expect(diagnostics(text) != nil, "the decoder accepts '\(variant.name)'")
      targets.append(try checker.write(text, to: "broken-\(i).yaml"))
    }
    for (result, variant) in zip(try checker.check(targets), Self.brokenVariants) {
      #expect(!result.valid, "\(variant.name) passes the schema")
      #expect(result.bestPath == variant.path, "\(variant.name): best error at \(result.bestPath ?? "-")")
      #expect(
        result.errors.contains { $0.path == variant.path && $0.message.contains(variant.message) },
        "\(variant.name):\n\(result.summary)")
    }
  }
}
