import Foundation
import Spec
import YAML

/// The repository's root folder (this file is Tests/SpecTests/SpecTestSupport.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// The rendered diagnostics of loading `text` as `t.yaml`, or `nil` when it is valid.
func diagnostics(_ text: String, overrides: [String] = []) -> String? {
  do {
    _ = try loadSpec(text: text, name: "t.yaml", overrides: overrides)
    return nil
  } catch {
    return error.rendered
  }
}

/// Loads `text`, which must be valid.
func load(_ text: String, overrides: [String] = []) throws -> LoadedSpec {
  try loadSpec(text: text, name: "t.yaml", overrides: overrides)
}

/// A valid small training spec; tests append or replace lines.
let mlpSpec = """
  name: mlp
  data: {type: synthetic_regression, samples: 100, features: 4}
  model:
    input: [4]
    layers:
      - {type: dense, units: 8, activation: relu}
      - {type: dense, units: 1}
  loss: mse
  optimizer: adam

  """

/// Loads `text` with the YAML loader and returns the value under its single key `x`.
enum YAMLLoaderBridge {
  static func load(_ text: String) throws -> Node {
    let root = try YAMLLoader.load(text: text, name: "t.yaml").root
    guard let x = root.lookup(key: "x") else { throw DiagnosticList([]) }
    return x
  }
}
