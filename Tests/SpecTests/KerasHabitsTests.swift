import Testing
import YAML

@testable import Spec

/// What Keras users write out of habit gets a targeted hint, through the real decoder, at the
/// key's (or type name's) file, line, column and key path; ordinary typos still get "did you mean".
@Suite struct KerasHabitsTests {
  /// The diagnostics of loading `text`, which must be invalid.
  func errors(_ text: String) throws -> [Diagnostic] {
    do {
      _ = try loadSpec(text: text, name: "t.yaml")
    } catch {
      return error.diagnostics
    }
    Issue.record("the spec is valid:\n\(text)")
    return []
  }

  /// `mlpSpec` with `key: 0.5` written where `scope` applies; the key's line and column, and the
  /// key path the decoder reports.
  func spec(writing key: String, in scope: KerasHabits.Scope) -> (text: String, path: String) {
    func replacing(_ old: String, _ new: String) -> String {
      precondition(mlpSpec.contains(old))
      return mlpSpec.replacingOccurrences(of: old, with: new)
    }
    switch scope {
    case .family(.optimizer):
      return (replacing("optimizer: adam", "optimizer: {type: sgd, \(key): 0.5}"), "optimizer.\(key)")
    case .types(.optimizer, let names):
      return (replacing("optimizer: adam", "optimizer: {type: \(names[0]), \(key): 0.5}"), "optimizer.\(key)")
    case .family(.layer):
      return (replacing("{type: dense, units: 1}", "{type: dense, units: 1, \(key): 0.5}"), "model.layers.1.\(key)")
    case .types(.callback, let names):
      return (mlpSpec + "callbacks: [{type: \(names[0]), \(key): 0.5}]\n", "callbacks.0.\(key)")
    case .section("experiment"), .anywhere:
      return (mlpSpec + "\(key): 0.5\n", key)
    case .section("train"):
      return (mlpSpec + "train: {epochs: 2, \(key): 0.5}\n", "train.\(key)")
    case .family(.initializer):
      return (
        replacing("{type: dense, units: 1}", "{type: dense, units: 1, kernel_initializer: {type: orthogonal, \(key): 0.5}}"),
        "model.layers.1.kernel_initializer.\(key)"
      )
    case .section("model"):
      return (replacing("  input: [4]", "  input: [4]\n  \(key): 0.5"), "model.\(key)")
    default:
      preconditionFailure("no test spec for \(scope)")
    }
  }

  /// 1-based line and column of the last `key:` in `text` that starts a key (the one written).
  func position(of key: String, in text: String) -> (line: Int, column: Int)? {
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().reversed() {
      for prefix in [" ", "{", ""] {
        if let range = line.range(of: prefix + key + ":"), prefix != "" || range.lowerBound == line.startIndex {
          return (i + 1, line.distance(from: line.startIndex, to: range.lowerBound) + prefix.count + 1)
        }
      }
    }
    return nil
  }

  @Test func tableHasASensibleSize() {
    #expect((8...30).contains(KerasHabits.keys.count))
    #expect(KerasHabits.typeAliases.count >= 5)
  }

  @Test(arguments: KerasHabits.keys.indices)
  func keyHabitIsHinted(_ index: Int) throws {
    let habit = KerasHabits.keys[index]
    let (text, path) = spec(writing: habit.key, in: habit.scope)
    let all = try errors(text)
    let found = all.filter { $0.keyPath == path }
    #expect(found.count == 1, "\(all.map(\.rendered))")
    let d = try #require(found.first)
    #expect(d.message.hasPrefix("unknown key '\(habit.key)' "))
    #expect(d.message.hasSuffix("; " + KerasHabits.text(of: habit, value: "0.5")), "\(d.message)")
    #expect(!d.message.contains("did you mean"))
    #expect(d.suggestion == habit.replacement)
    let expected = try #require(position(of: habit.key, in: text))
    #expect(d.mark == Mark(file: "t.yaml", line: expected.line, column: expected.column))
  }

  @Test func learningRateHintRendered() {
    let text = mlpSpec.replacingOccurrences(of: "optimizer: adam", with: "optimizer: {type: adam, lr: 0.01}")
    #expect(
      diagnostics(text) == """
        t.yaml:9:25: error: unknown key 'lr' in optimizer (adam); Keras 3 calls it learning_rate
        optimizer: {type: adam, lr: 0.01}
                                ^
        """)
  }

  /// The value written is carried into the hint (`validation_split: 0.1` → `validation: 0.1`).
  @Test func hintsQuoteTheWrittenValue() throws {
    let d = try errors(mlpSpec + "train: {validation_split: 0.1}\n")
    #expect(d.map(\.message) == [
      "unknown key 'validation_split' in train; write validation: 0.1 (Keras's validation_split: the last part of the training data)"
    ])
  }

  /// Every registered type written as Keras's class name (`MaxPooling2d`, `Adam`) names the type.
  @Test(arguments: Family.allCases)
  func classNamesPointToSnakeCase(_ family: Family) throws {
    for type in Schemas.family(family).types {
      let written = type.name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
      var decoder = SpecDecoder()
      _ = decoder.decodeComponent(try YAMLLoaderBridge.load("x: {type: \(written)}"), family: family, path: "x")
      let d = try #require(decoder.diagnostics.first, "\(written)")
      #expect(d.message == "unknown \(family.rawValue) type '\(written)'; type names are lower-case snake_case (Keras's string names): '\(type.name)'")
      #expect(d.suggestion == type.name)
      #expect(d.keyPath == "x.type")
      #expect(d.mark == Mark(file: "t.yaml", line: 1, column: 11))
    }
  }

  @Test(arguments: KerasHabits.typeAliases.indices)
  func typeAliasIsHinted(_ index: Int) throws {
    let habit = KerasHabits.typeAliases[index]
    #expect(Schemas.family(habit.family).type(named: habit.written) == nil, "\(habit.written) is a type")
    if let replacement = habit.replacement {
      #expect(Schemas.family(habit.family).type(named: replacement) != nil, "\(replacement) is no type")
    }
    var decoder = SpecDecoder()
    _ = decoder.decodeComponent(try YAMLLoaderBridge.load("x: \(habit.written)"), family: habit.family, path: "x")
    let d = try #require(decoder.diagnostics.first)
    #expect(d.message.hasPrefix("unknown \(habit.family.rawValue) type '\(habit.written)'; "))
    #expect(d.message.hasSuffix(habit.hint ?? "Keras's '\(habit.written)' is '\(habit.replacement ?? "")' here"))
    #expect(d.suggestion == habit.replacement)
    #expect(d.mark == Mark(file: "t.yaml", line: 1, column: 4))
  }

  /// Keras's other names for metrics and losses are accepted and kept as written (Keras logs a
  /// metric under the name given); Keras 2's legacy loss names get a hint.
  @Test func metricAndLossAliasesInASpec() throws {
    let loaded = try loadSpec(text: mlpSpec + "metrics: [mae, acc, mean_squared_error]\n", name: "t.yaml")
    #expect(loaded.spec.metrics.map(\.type) == ["mae", "acc", "mean_squared_error"])
    let d = try errors(mlpSpec.replacingOccurrences(of: "loss: mse", with: "loss: kullback_leibler_divergence"))
    #expect(d.first?.message == "unknown loss type 'kullback_leibler_divergence'; Keras's 'kullback_leibler_divergence' is 'kl_divergence' here")
    #expect(d.first?.suggestion == "kl_divergence")
  }

  /// Typos and keys that are habits only elsewhere keep the generic did-you-mean (or nothing).
  @Test func ordinaryTyposStillGetDidYouMean() throws {
    let typo = try errors(mlpSpec + "train: {epoch: 2}\n")
    #expect(typo.map(\.message) == ["unknown key 'epoch' in train; did you mean 'epochs'?"])
    #expect(typo.first?.suggestion == "epochs")
    let type = try errors(mlpSpec.replacingOccurrences(of: "optimizer: adam", with: "optimizer: adamm"))
    #expect(type.map(\.message) == ["unknown optimizer type 'adamm'; did you mean 'adam'?"])
    // `lr` is a habit in an optimizer, not in train; `nesterov` only on adam.
    let elsewhere = try errors(mlpSpec + "train: {lr: 2}\n")
    #expect(elsewhere.map(\.message) == ["unknown key 'lr' in train"])
    let rms = try errors(mlpSpec.replacingOccurrences(of: "optimizer: adam", with: "optimizer: {type: rmsprop, nesterov: true}"))
    #expect(rms.first?.message.contains("nadam") == false)
  }

  /// An override (`--set lr=...` style) gets the same hint, at the command-line position.
  @Test func overridesGetHintsToo() throws {
    do {
      let text = mlpSpec.replacingOccurrences(of: "optimizer: adam", with: "optimizer: {type: adam}")
      _ = try loadSpec(text: text, name: "t.yaml", overrides: ["optimizer.lr=0.1"])
      Issue.record("override accepted")
    } catch {
      #expect(error.diagnostics.first?.message.hasSuffix("Keras 3 calls it learning_rate") == true)
      #expect(error.diagnostics.first?.keyPath == "optimizer.lr")
    }
  }
}
