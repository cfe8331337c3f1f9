import Testing

@testable import Spec

/// `--set key.path=value` overrides, applied before validation.
@Suite struct OverrideTests {
  @Test func scalarAndListItemOverrides() throws {
    let spec = try load(
      mlpSpec, overrides: ["optimizer.learning_rate=0.01", "model.layers.0.units=16", "train.epochs=3"]
    ).spec
    #expect(spec.optimizer.type == "adam")  // the bare name was expanded to {type: adam}
    #expect(spec.optimizer.double("learning_rate") == 0.01)
    #expect(spec.model?.layers[0].int("units") == 16)
    #expect(spec.train.epochs == 3)
  }

  @Test func subtreeOverrideParsedAsYAML() throws {
    let spec = try load(mlpSpec, overrides: ["optimizer={type: sgd, momentum: 0.9}"]).spec
    #expect(spec.optimizer.type == "sgd")
    #expect(spec.optimizer.double("momentum") == 0.9)
    #expect(spec.optimizer.double("learning_rate") == 0.01)
  }

  @Test func overrideValueErrorPointsAtTheArgument() {
    #expect(
      diagnostics(mlpSpec, overrides: ["train.epochs=2", "optimizer.learning_rate=-1"]) == """
        <command line>:2:31: error: optimizer.learning_rate must be > 0, got -1
        --set optimizer.learning_rate=-1
                                      ^
        """)
  }

  @Test func misspeltOverrideKey() {
    #expect(
      diagnostics(mlpSpec, overrides: ["optimizer.bta_1=0.8"]) == """
        <command line>:1:7: error: unknown key 'bta_1' in optimizer (adam); did you mean 'beta_1'?
        --set optimizer.bta_1=0.8
              ^
        """)
  }

  @Test func badPathsAndSyntax() {
    #expect(
      diagnostics(mlpSpec, overrides: ["model.layers.5.units=3", "epochs", "train.epochs=[1"]) == """
        <command line>:1:7: error: cannot set 'model.layers.5.units': 'model.layers' is a list of 2 items; '5' is not an index 0...1
        --set model.layers.5.units=3
              ^
        <command line>:2:7: error: --set expects KEY.PATH=VALUE (for example optimizer.learning_rate=0.01); found no '='
        --set epochs
              ^
        <command line>:3:22: error: did not find expected ',' or ']' while parsing a flow sequence
        --set train.epochs=[1
                             ^
        """)
  }
}
