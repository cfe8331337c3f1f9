import Spec
import Testing

/// `formula: pytorch` fills PyTorch's defaults where they differ from Keras's (torch.optim
/// documentation: SGD lr=1e-3; Adam eps=1e-8; AdamW weight_decay=1e-2, eps=1e-8; RMSprop lr=1e-2,
/// alpha=0.99, eps=1e-8; Adagrad lr=1e-2, initial_accumulator_value=0, eps=1e-10), while values the
/// user wrote are kept.
@Suite struct PyTorchDefaultsTests {
  func optimizer(_ flow: String) throws -> Component {
    try load("name: t\nobjective: {function: booth, start: [0, 0], steps: 1}\noptimizer: \(flow)\n").spec.optimizer
  }

  @Test func adamAndAdamW() throws {
    #expect(try optimizer("{type: adam, formula: pytorch}").double("epsilon") == 1e-8)
    #expect(try optimizer("{type: adam}").double("epsilon") == 1e-7)
    let w = try optimizer("{type: adamw, formula: pytorch}")
    #expect(w.double("weight_decay") == 0.01 && w.double("epsilon") == 1e-8)
    #expect(try optimizer("{type: adamw}").double("weight_decay") == 0.004)
  }

  @Test func rmspropSgdAdagrad() throws {
    let r = try optimizer("{type: rmsprop, formula: pytorch}")
    #expect(r.double("rho") == 0.99 && r.double("learning_rate") == 0.01 && r.double("epsilon") == 1e-8)
    #expect(try optimizer("{type: sgd, formula: pytorch}").double("learning_rate") == 0.001)
    let a = try optimizer("{type: adagrad, formula: pytorch}")
    #expect(a.double("initial_accumulator_value") == 0 && a.double("epsilon") == 1e-10)
  }

  @Test func writtenValuesWin() throws {
    let r = try optimizer("{type: rmsprop, formula: pytorch, rho: 0.9, epsilon: 1.0e-7}")
    #expect(r.double("rho") == 0.9 && r.double("epsilon") == 1e-7)
  }

  @Test func resolvedFormRecordsThePyTorchValues() throws {
    let loaded = try load("name: t\nobjective: {function: booth, start: [0, 0], steps: 1}\noptimizer: {type: adam, formula: pytorch}\n")
    #expect(loaded.resolvedYAML.contains("epsilon: 1.0e-08"))
    let again = try load(loaded.resolvedYAML)
    #expect(again.spec == loaded.spec && again.hash == loaded.hash)
  }
}
