import Testing

@testable import Spec

/// The resolved YAML reloads to an equal IR; the canonical hash identifies the experiment.
@Suite struct ResolvedFormTests {
  @Test(arguments: shippedSpecs)
  func resolvedYAMLRoundTrips(_ name: String) throws {
    let loaded = try loadSpec(path: repositoryRoot.appendingPathComponent("specs/\(name).yaml").path)
    let again = try loadSpec(text: loaded.resolvedYAML, name: "resolved.yaml")
    #expect(again.spec == loaded.spec)
    #expect(again.resolvedYAML == loaded.resolvedYAML)
    #expect(again.hash == loaded.hash)
  }

  @Test func equivalentSpellingsHashEqual() throws {
    let explicit =
      mlpSpec.replacingOccurrences(
        of: "optimizer: adam",
        with: "optimizer: {type: adam, learning_rate: 1.0e-3, beta_1: 0.9, epsilon: 1e-7}")
      + "train: {epochs: 1, batch_size: 32}\nseed: 0\n"
    #expect(try load(explicit).hash == load(mlpSpec).hash)
  }

  @Test func anyChangeChangesTheHash() throws {
    let base = try load(mlpSpec).hash
    #expect(try load(mlpSpec, overrides: ["optimizer.beta_2=0.99"]).hash != base)
    #expect(try load(mlpSpec, overrides: ["seed=1"]).hash != base)
    #expect(base.count == 64)
  }

  @Test func canonicalTextSortsKeysAndKeepsDoublesDistinct() throws {
    let spec = try load(
      "name: q\nobjective: {function: booth, start: [1, 2], steps: 3}\noptimizer: {type: sgd, learning_rate: 1}\n"
    ).spec
    let text = spec.canonicalText
    #expect(
      text.hasPrefix("{\"callbacks\":[],\"description\":\"\",\"metrics\":[],\"name\":\"q\",\"objective\":{"))
    #expect(text.contains("\"start\":[1.0,2.0]"))
    #expect(text.contains("\"learning_rate\":1.0"))
    #expect(text.contains("\"steps\":3"))
  }

  @Test func resolvedYAMLShowsDefaults() throws {
    let yaml = try load("name: q\nobjective: {function: booth, start: [1, 2], steps: 3}\noptimizer: lion\n")
      .resolvedYAML
    #expect(
      yaml == """
        name: q
        description: ""
        seed: 0
        metrics: []
        optimizer:
          type: lion
          learning_rate: 0.001
          beta_1: 0.9
          beta_2: 0.99
          weight_decay: null
          exclude_from_weight_decay: null
          clipnorm: null
          clipvalue: null
          global_clipnorm: null
          formula: keras
        train:
          epochs: 1
          batch_size: 32
          validation: null
          shuffle: true
          steps_per_epoch: null
          class_weight: null
          save_state: epoch
        callbacks: []
        objective:
          function: booth
          start: [1.0, 2.0]
          steps: 3
          scales: [1.0, 1.0]
          dtype: float32
          tolerance: null
        output:
          dir: runs

        """)
  }
}
