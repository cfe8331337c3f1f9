import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// docs/models.md's Python examples, taken from the page and run with the tests' Python against
  /// a freshly trained digits CNN: they must give what `optim-run evaluate` and `predict` give.
  ///
  /// A snippet is a fenced ```python block right after an `<!-- models-doc: NAME -->` line; the
  /// checks that are not the page's own code are in `scripts/reference/models_doc_check.py`.
  /// The PyTorch model snippet runs only where `import torch` works (torch is not in the tests'
  /// environment); its conversion function is always checked, with a numpy forward pass.
  @Suite("models doc")
  struct ModelsDocTests {
    /// The marked Python blocks of the page, by name.
    static func snippets() throws -> [String: String] {
      let text = try String(contentsOfFile: RepositoryPaths.path("docs/models.md"), encoding: .utf8)
      var snippets: [String: String] = [:]
      var pendingName: String?
      var current: [String]?
      for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if let lines = current {
          if line == "```" {
            snippets[pendingName!] = lines.joined(separator: "\n") + "\n"
            pendingName = nil
            current = nil
          } else {
            current!.append(line)
          }
        } else if line.hasPrefix("<!-- models-doc: "), line.hasSuffix(" -->") {
          pendingName = String(line.dropFirst("<!-- models-doc: ".count).dropLast(" -->".count))
        } else if let name = pendingName {
          #expect(line == "```python", "the marker for '\(name)' must be followed by a ```python line")
          current = []
        }
      }
      return snippets
    }

    /// The doc's digits spec (optionally changed by `overrides`) trained in a scratch folder whose
    /// `data` and `specs` point at the repository's; the snippets are written to `snippets/`.
    struct Fixture {
      let scratch: ScratchFolder
      let run: String
      let snippets: String

      init(overrides: [String] = []) throws {
        scratch = try ScratchFolder()
        for name in ["specs", "data"] {
          try FileManager.default.createSymbolicLink(
            atPath: scratch.path(name), withDestinationPath: RepositoryPaths.path(name))
        }
        run = scratch.path("run")
        let trained = try OptimRunProcess.run(
          ["specs/digits_cnn.yaml", "--out", run, "--quiet"] + overrides.flatMap { ["--set", $0] },
          in: scratch.url.path, scratch: scratch)
        try #require(trained.status == 0, "training failed: \(trained.stderr)")
        snippets = scratch.path("snippets")
        try FileManager.default.createDirectory(atPath: snippets, withIntermediateDirectories: true)
        let blocks = try ModelsDocTests.snippets()
        for (name, file) in ["keras": "keras_digits.py", "torch-convert": "torch_convert.py"] {
          try #require(blocks[name] != nil, "docs/models.md has no '\(name)' snippet")
          try blocks[name]!.write(toFile: "\(snippets)/\(file)", atomically: true, encoding: .utf8)
        }
      }

      /// Writes the run's validation rows, raw, to `validation_x.npy`, and `optim-run predict`'s
      /// outputs for them to `predict.npy`; returns both paths.
      func predictValidation() throws -> (x: String, predictions: String) {
        let x = scratch.path("validation_x.npy"), predictions = scratch.path("predict.npy")
        let rows = try TestPython.run(
          code: """
            import numpy as np, sys
            rows = np.load(sys.argv[1] + "/splits.npz")["validation"]
            np.save(sys.argv[2], np.load("data/digits/x.npy")[rows])
            """, arguments: [run, x], in: scratch.url.path)
        try #require(rows.status == 0, "\(rows.stderr)")
        let predicted = try OptimRunProcess.run(
          ["predict", run, "--input", x, "--output", predictions], in: scratch.url.path, scratch: scratch)
        try #require(predicted.status == 0, "optim-run predict failed: \(predicted.stderr)")
        return (x, predictions)
      }

      /// Runs `scripts/reference/models_doc_check.py arguments...` and returns its JSON object.
      func check(_ arguments: [String]) throws -> [String: Any] {
        let out = try TestPython.run(
          script: RepositoryPaths.path("scripts/reference/models_doc_check.py"), arguments: arguments,
          in: scratch.url.path)
        try #require(out.status == 0, "models_doc_check.py \(arguments.joined(separator: " ")):\n\(out.stderr)")
        return try Self.object(out.stdout)
      }

      /// The last line of `text` as a JSON object.
      static func object(_ text: String) throws -> [String: Any] {
        let line = try #require(text.split(separator: "\n").last, "no output")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
      }
    }

    /// `|a - b| ≤ 1e-5 |b|`.
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-5 * abs(b) }

    /// The ONNX block is marked and uses the names and the command line the page promises, though
    /// `optim-run export` itself is tested elsewhere (see the report of the docs branch).
    @Test func everySnippetIsMarked() throws {
      let snippets = try Self.snippets()
      #expect(Set(snippets.keys) == ["keras", "torch-convert", "torch-model", "onnx"])
      let onnx = try #require(snippets["onnx"])
      #expect(onnx.contains(#"session.run(["output"], {"input": x})"#))
      let page = try String(contentsOfFile: RepositoryPaths.path("docs/models.md"), encoding: .utf8)
      #expect(page.contains("optim-run export runs/digits --format onnx --output model.onnx"))
    }

    /// The Keras snippet, as a script on a run folder, prints `optim-run evaluate --split
    /// validation`'s loss and accuracy and saves `optim-run predict`'s outputs.
    @Test func kerasSnippetReproducesEvaluateAndPredict() throws {
      let fixture = try Fixture()
      let evaluated = try OptimRunProcess.run(
        ["evaluate", fixture.run, "--split", "validation", "--json"], in: fixture.scratch.url.path,
        scratch: fixture.scratch)
      try #require(evaluated.status == 0, "\(evaluated.stderr)")
      let metrics = try #require(try Fixture.object(evaluated.stdout)["metrics"] as? [String: Double])

      let keras = try TestPython.run(
        script: "\(fixture.snippets)/keras_digits.py", arguments: [fixture.run], in: fixture.scratch.url.path)
      try #require(keras.status == 0, "the Keras snippet failed:\n\(keras.stderr)")
      let scores = try Fixture.object(keras.stdout)
      let loss = try #require(scores["loss"] as? Double), accuracy = try #require(scores["accuracy"] as? Double)
      let expectedLoss = try #require(metrics["loss"]), expectedAccuracy = try #require(metrics["accuracy"])
      #expect(Self.close(loss, expectedLoss), "Keras loss \(loss), optim-run evaluate \(expectedLoss)")
      #expect(Self.close(accuracy, expectedAccuracy), "Keras accuracy \(accuracy), optim-run evaluate \(expectedAccuracy)")
      #expect(expectedAccuracy > 0.9, "the digits CNN should have learnt something")

      let predicted = try fixture.predictValidation()
      let diff = try fixture.check(["compare", fixture.scratch.path("keras_predictions.npy"), predicted.predictions])
      let maxDiff = try #require(diff["max_abs_diff"] as? Double)
      #expect(maxDiff <= 1e-5, "Keras predictions differ from optim-run predict's by up to \(maxDiff)")
    }

    /// The page's `to_torch` gives tensors that, in a numpy NCHW forward pass, reproduce
    /// `optim-run predict`; where PyTorch is installed, the page's torch model does too.
    @Test func torchConversionReproducesPredict() throws {
      let fixture = try Fixture()
      let predicted = try fixture.predictValidation()
      let result = try fixture.check(
        ["torch-numpy", fixture.snippets, fixture.run, predicted.x, predicted.predictions, "digits"])
      let maxDiff = try #require(result["max_abs_diff"] as? Double)
      let unpermuted = try #require(result["unpermuted_max_abs_diff"] as? Double)
      #expect(maxDiff <= 1e-5, "numpy NCHW forward pass with to_torch's tensors: max |diff| \(maxDiff)")
      #expect(unpermuted > 1e-2, "without the flatten permutation the outputs should differ, by \(unpermuted)")
      #expect(
        result["keys"] as? [String] == [
          "conv2d.bias", "conv2d.weight", "conv2d_1.bias", "conv2d_1.weight", "dense.bias", "dense.weight",
          "dense_1.bias", "dense_1.weight",
        ])

      // The only conditional part: torch is too large for the tests' environment.
      guard try TestPython.run(code: "import torch").status == 0 else { return }
      let blocks = try Self.snippets()
      let script = try fixture.scratch.write(blocks["torch-convert"]! + "\n" + blocks["torch-model"]!, to: "torch_digits.py")
      let torch = try TestPython.run(script: script, arguments: [fixture.run], in: fixture.scratch.url.path)
      try #require(torch.status == 0, "the PyTorch snippet failed:\n\(torch.stderr)")
      let torchDiff = try fixture.check(
        ["compare", fixture.scratch.path("torch_predictions.npy"), predicted.predictions])
      let torchMax = try #require(torchDiff["max_abs_diff"] as? Double)
      #expect(torchMax <= 1e-5, "PyTorch predictions differ from optim-run predict's by up to \(torchMax)")
    }

    /// The batch normalization paths of both snippets (names, order, epsilon), on the digits CNN
    /// with a batch normalization and a ReLU layer after its first convolution, trained 2 epochs.
    @Test func batchNormalizationLoadsInKerasAndConvertsForTorch() throws {
      let layers = """
        model.layers=[{type: reshape, target_shape: [8, 8, 1]}, \
        {type: conv2d, filters: 16, kernel_size: 3, padding: same}, batch_normalization, \
        {type: activation, activation: relu}, {type: max_pooling2d, pool_size: 2}, \
        {type: conv2d, filters: 32, kernel_size: 3, padding: same, activation: relu}, flatten, \
        {type: dense, units: 64, activation: relu}, {type: dense, units: 10, activation: softmax}]
        """
      let fixture = try Fixture(overrides: ["train.epochs=2", layers])
      let predicted = try fixture.predictValidation()
      let torch = try fixture.check(
        ["torch-numpy", fixture.snippets, fixture.run, predicted.x, predicted.predictions, "digits_bn"])
      let torchDiff = try #require(torch["max_abs_diff"] as? Double)
      #expect(torchDiff <= 1e-5, "numpy NCHW forward pass with batch norm: max |diff| \(torchDiff)")
      let keys = try #require(torch["keys"] as? [String])
      for name in ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"] {
        #expect(keys.contains("batch_normalization.\(name)"))
      }
      let keras = try fixture.check(
        ["keras", fixture.snippets, fixture.run, predicted.x, predicted.predictions, "digits_bn"])
      let kerasDiff = try #require(keras["max_abs_diff"] as? Double)
      #expect(kerasDiff <= 1e-5, "Keras with batch norm: max |diff| \(kerasDiff)")
    }
  }
}
