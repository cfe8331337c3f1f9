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

  @Test(arguments: [
    ("a.b.c", ["a", "b", "c"]),
    ("sweep.parameters[optimizer.learning_rate]", ["sweep", "parameters", "optimizer.learning_rate"]),
    ("a[b.c].d", ["a", "b.c", "d"]),
    ("a[b.c][d.e]", ["a", "b.c", "d.e"]),
    ("a.b[c]", ["a", "b", "c"]),
    // Not a bracketed key: kept as written, as before brackets meant anything.
    ("model.layers[0].units", ["model", "layers[0]", "units"]),
    ("a[b", ["a[b"]),
    ("a[b]c", ["a[b]c"]),
    ("a[]", ["a[]"]),
    ("[b].c", ["[b]", "c"]),
    ("a..b", ["a", "", "b"]),
    ("a[b].", ["a", "b", ""]),
  ])
  func bracketedKeys(_ text: String, _ keys: [String]) {
    #expect(Override.keys(of: text) == keys)
  }

  @Test func bracketedSweepPathOverrides() throws {
    let base = mlpSpec + "sweep: {method: random, trials: 2, parameters: {optimizer.learning_rate: [0.1]}}\n"
    let spec = try load(
      base,
      overrides: [
        "sweep.parameters[optimizer.learning_rate]=[0.01, 0.001]",
        "sweep.parameters[optimizer.beta_1]={uniform: [0.8, 0.9]}",
        "sweep.parameters[model.layers.0.units]={int_uniform: [4, 8]}",
      ]
    ).spec
    #expect(
      spec.sweep?.parameters.map(\.distribution) == [
        .choice([.double(0.01), .double(0.001)]), .uniform(0.8, 0.9), .intUniform(4, 8),
      ])
    #expect(
      spec.sweep?.parameters.map(\.path) == [
        "optimizer.learning_rate", "optimizer.beta_1", "model.layers.0.units",
      ])
    let drawn = try load(
      base, overrides: ["sweep.parameters[optimizer.learning_rate]={log_uniform: [0.001, 0.1]}"])
    #expect(drawn.spec.sweep?.parameters[0].distribution == .logUniform(0.001, 0.1))
    #expect(try drawn.sweepTrials().count == 2)
  }

  @Test func bracketedValueErrorsPointIntoTheArgument() {
    #expect(
      diagnostics(
        mlpSpec + "sweep: {parameters: {optimizer.learning_rate: [0.1]}}\n",
        overrides: ["sweep.parameters[optimizer.beta_1]=[0.9, -0.5]"]) == """
          <command line>:1:48: error: with sweep value -0.5 for 'optimizer.beta_1': optimizer.beta_1 must be in [0, 1), got -0.5
          --set sweep.parameters[optimizer.beta_1]=[0.9, -0.5]
                                                         ^
          """)
  }

  @Test func dottedSweepPathHintsTheBracketSpelling() {
    let hint =
      "; to sweep the path 'optimizer.learning_rate', write --set 'sweep.parameters[optimizer.learning_rate]=...' (a key with dots goes in brackets)"
    #expect(
      diagnostics(
        mlpSpec + "sweep: {parameters: {optimizer.learning_rate: [0.1]}}\n",
        overrides: ["sweep.parameters.optimizer.learning_rate=[0.01]"]) == """
          <command line>:1:7: error: unknown distribution 'learning_rate'; expected choice, uniform, log_uniform or int_uniform\(hint)
          --set sweep.parameters.optimizer.learning_rate=[0.01]
                ^
          """)
    #expect(
      diagnostics(
        mlpSpec + "sweep: {parameters: {optimizer: [sgd, adam]}}\n",
        overrides: ["sweep.parameters.optimizer.learning_rate=[0.01]"]) == """
          <command line>:1:7: error: cannot set 'sweep.parameters.optimizer.learning_rate': 'sweep.parameters.optimizer' is a list of 2 items; 'learning_rate' is not an index 0...1\(hint)
          --set sweep.parameters.optimizer.learning_rate=[0.01]
                ^
          """)
  }
}
