import Testing

@testable import Spec

/// Sweep sections: decoding, and every swept value checked at its own position.
@Suite struct SweepTests {
  @Test func parametersKeepSubtrees() throws {
    let spec = try loadSpec(path: repositoryRoot.appendingPathComponent("specs/rosenbrock_compare.yaml").path)
      .spec
    let sweep = try #require(spec.sweep)
    #expect(sweep.method == .grid && sweep.metric == "loss" && sweep.mode == "min")
    #expect(sweep.parameters.map(\.path) == ["optimizer"])
    #expect(
      sweep.parameters[0].values.first
        == .map([.init("type", .string("sgd")), .init("learning_rate", .double(0.001))]))
  }

  @Test func misspeltPathAndBadValuesAreReportedInTheSweep() {
    let text =
      mlpSpec + """
        sweep:
          parameters:
            optimizer.bta_1: [0.9]
            optimizer.learning_rate: [0.1, -1]
            optimizer: [{type: sgd, momentum: 0.5}, {type: adamm}]

        """
    #expect(
      diagnostics(text) == """
        t.yaml:12:5: error: with sweep value 0.9 for 'optimizer.bta_1': unknown key 'bta_1' in optimizer (adam); did you mean 'beta_1'?
            optimizer.bta_1: [0.9]
            ^
        t.yaml:13:36: error: with sweep value -1 for 'optimizer.learning_rate': optimizer.learning_rate must be > 0, got -1
            optimizer.learning_rate: [0.1, -1]
                                           ^
        t.yaml:14:52: error: with sweep value {type: adamm} for 'optimizer': unknown optimizer type 'adamm'; did you mean 'adam'?
            optimizer: [{type: sgd, momentum: 0.5}, {type: adamm}]
                                                           ^
        """)
  }

  @Test func randomNeedsTrials() {
    #expect(
      diagnostics(mlpSpec + "sweep: {method: random, parameters: {seed: [1, 2]}}\n") == """
        t.yaml:10:17: error: method: random needs trials
        sweep: {method: random, parameters: {seed: [1, 2]}}
                        ^
        """)
  }
}
