import Testing
import YAML

@testable import Spec

/// Sweep expansion into trials.
@Suite struct SweepTrialTests {
  @Test func gridSearchHasTwelveTrialsFirstParameterSlowest() throws {
    let loaded = try loadSpec(path: repositoryRoot.appendingPathComponent("specs/grid_search.yaml").path)
    let trials = try loaded.sweepTrials()
    #expect(trials.count == 12)
    let settings = trials.map {
      [
        $0.spec.optimizer.double("learning_rate"), $0.spec.optimizer.double("beta_1"),
        $0.spec.optimizer.double("beta_2"),
      ]
    }
    #expect(settings[0] == [0.001, 0.9, 0.999])
    #expect(settings[1] == [0.001, 0.9, 0.9999])
    #expect(settings[2] == [0.001, 0.95, 0.999])
    #expect(settings[11] == [0.1, 0.95, 0.9999])
    #expect(Set(trials.map(\.hash)).count == 12)
    #expect(trials.allSatisfy { $0.spec.sweep == nil })
  }

  @Test func subtreeValuesReplaceTheOptimizer() throws {
    let loaded = try loadSpec(
      path: repositoryRoot.appendingPathComponent("specs/rosenbrock_compare.yaml").path)
    let trials = try loaded.sweepTrials()
    #expect(trials.map(\.spec.optimizer.type) == ["sgd", "adam", "rmsprop"])
    #expect(trials[1].spec.optimizer.double("beta_2") == 0.999)  // Keras default filled in
  }

  @Test func randomDrawsAreSeededAndCounted() throws {
    let text =
      mlpSpec
      + "sweep: {method: random, trials: 5, parameters: {optimizer.learning_rate: [0.1, 0.01, 0.001]}}\n"
    let first = try load(text).sweepTrials()
    let again = try load(text).sweepTrials()
    #expect(first.count == 5)
    #expect(first == again)
    #expect(first.allSatisfy { [0.1, 0.01, 0.001].contains($0.spec.optimizer.double("learning_rate")) })
  }

  @Test func conflictingCombinationIsReported() throws {
    let text =
      mlpSpec + """
        sweep:
          parameters:
            optimizer.type: [sgd]
            optimizer.amsgrad: [true]

        """
    let loaded = try load(text)  // each value alone is valid
    let error = #expect(throws: DiagnosticList.self) { _ = try loaded.sweepTrials() }
    #expect(
      error?.rendered == """
        t.yaml:13:25: error: in sweep trial 0 (optimizer.type=sgd, optimizer.amsgrad=true): unknown key 'amsgrad' in optimizer (sgd)
            optimizer.amsgrad: [true]
                                ^
        """)
  }
}
