import Testing
import YAML

@testable import Spec

/// Decoding of the arguments of the new layers and of the `sequence` text vectorizer.
@Suite struct MoreLayersSpecTests {
  func spec(layers: String, data: String = "{type: synthetic_regression, samples: 8, features: 4}") -> String {
    """
    name: t
    data: \(data)
    model:
      input: [6, 6, 1]
      layers:
    \(layers)
    loss: mse
    optimizer: adam

    """
  }

  func diagnostics(_ text: String) -> [Diagnostic] {
    do {
      _ = try load(text)
      return []
    } catch let list as DiagnosticList {
      return list.diagnostics
    } catch {
      return [Diagnostic(at: nil, "\(error)")]
    }
  }

  @Test func paddingFormsAreStoredAsTopBottomLeftRight() throws {
    let text = spec(
      layers: """
            - {type: zero_padding2d, padding: 2}
            - {type: zero_padding2d, padding: [1, 3]}
            - {type: zero_padding2d, padding: [[0, 1], [2, 3]]}
            - zero_padding2d
        """)
    let layers = try #require(try load(text).spec.model?.layers)
    func pairs(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Value {
      .list([.list([.int(a), .int(b)]), .list([.int(c), .int(d)])])
    }
    #expect(layers.map { $0.value("padding") } == [pairs(2, 2, 2, 2), pairs(1, 1, 3, 3), pairs(0, 1, 2, 3), pairs(1, 1, 1, 1)])
  }

  @Test func newLayerDefaultsAreKeras() throws {
    let text = spec(
      layers: """
            - layer_normalization
            - {type: embedding, input_dim: 10, output_dim: 4}
        """)
    let layers = try #require(try load(text).spec.model?.layers)
    #expect(layers[0].double("epsilon") == 0.001)
    #expect(layers[0].bool("center") && layers[0].bool("scale"))
    #expect(layers[0].component("gamma_initializer") == Component(type: "ones"))
    #expect(layers[0].component("beta_initializer") == Component(type: "zeros"))
    #expect(layers[1].component("embeddings_initializer")?.type == "random_uniform")
    #expect(layers[1].value("embeddings_regularizer") == .null)
  }

  @Test func sequenceVectorizerArgumentsAreChecked() throws {
    let texts = "type: text, texts: [a b, c d], labels: [0, 1]"
    let layers = "      - {type: dense, units: 1}"
    let ok = try load(spec(layers: layers, data: "{\(texts), vectorizer: sequence, max_tokens: 5, output_sequence_length: 3}"))
    #expect(ok.spec.data?.int("max_tokens") == 5)
    let noLength = diagnostics(spec(layers: layers, data: "{\(texts), vectorizer: sequence}"))
    #expect(noLength.first?.message.contains("needs output_sequence_length") == true, "\(noLength)")
    #expect(noLength.first?.mark?.line == 2)
    let bagWithCap = diagnostics(spec(layers: layers, data: "{\(texts), max_tokens: 5}"))
    #expect(bagWithCap.first?.message.contains("max_tokens applies to vectorizer: sequence only") == true, "\(bagWithCap)")
    let tooFew = diagnostics(spec(layers: layers, data: "{\(texts), vectorizer: sequence, max_tokens: 1, output_sequence_length: 2}"))
    #expect(tooFew.first?.keyPath == "data.max_tokens", "\(tooFew)")
  }
}
