import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// `optim-run export --format onnx` on trained runs, loaded by onnxruntime and compared with
  /// `optim-run predict` on the same raw inputs (scripts/reference/onnx_check.py: `onnx.checker`,
  /// names, a symbolic batch, |onnx − predict| ≤ 1e-5 · max(1, |predict|)).
  @Suite("export to ONNX")
  struct ExportCommandTests {
    /// Trains, exports, predicts on each input file and checks the export against the predictions.
    static func check(
      spec: String, overrides: [String], inputs: (ScratchFolder) throws -> [String], scratch: ScratchFolder
    ) throws -> String {
      let run = try TrainedModelCommandsTests.train(spec, overrides, scratch: scratch)
      let model = scratch.path("model.onnx")
      let e = try OptimRunProcess.run(["export", run, "--format", "onnx", "--output", model], scratch: scratch)
      try #require(e.status == 0, "\(e.stderr)")
      var pairs: [String] = []
      for (i, input) in try inputs(scratch).enumerated() {
        let expected = scratch.path("expected-\(i).npy")
        let p = try OptimRunProcess.run(
          ["predict", run, "--input", input, "--output", expected, "--batch-size", "4"], scratch: scratch)
        try #require(p.status == 0, "\(p.stderr)")
        pairs += [i == 0 ? input : input.replacingOccurrences(of: ".txt", with: ".npy"), expected]
      }
      let check = try TestPython.run(
        script: RepositoryPaths.path("scripts/reference/onnx_check.py"), arguments: [model] + pairs)
      #expect(check.status == 0, "\(check.stderr)")
      return e.stderr
    }

    /// Writes rows `rows` of a numpy expression `array` (Python, `np` imported) to `name`.
    static func numpyInputs(_ array: String, _ scratch: ScratchFolder, sizes: [Int] = [3, 7]) throws -> [String] {
      let paths = sizes.map { scratch.path("x\($0).npy") }
      let r = try TestPython.run(
        code: """
          import sys, numpy as np
          a = \(array)
          for n, path in zip(\(sizes), sys.argv[1:]): np.save(path, np.ascontiguousarray(a[:n]).astype(np.float32))
          """, arguments: paths)
      try #require(r.status == 0, "\(r.stderr)")
      return paths
    }

    @Test func theDigitsCNNWithItsRescaleFoldedIn() throws {
      let scratch = try ScratchFolder()
      let note = try Self.check(
        spec: "specs/digits_cnn.yaml", overrides: ["train.epochs=2"],
        inputs: { try Self.numpyInputs("np.load('data/digits/x.npy')[100:]", $0) }, scratch: scratch)
      #expect(note.contains("folded in: rescale"))
    }

    @Test func theUNetWithSkipConnections() throws {
      let scratch = try ScratchFolder()
      _ = try Self.check(
        spec: "specs/unet_segmentation.yaml",
        overrides: ["data.samples=10", "data.shape=[16, 16, 1]", "model.input=[16, 16, 1]", "train.epochs=1"],
        inputs: { try Self.numpyInputs("np.random.default_rng(5).random((7, 16, 16, 1))", $0) }, scratch: scratch)
    }

    @Test func anMLPWithBatchNormalizationDropoutAndStandardization() throws {
      let scratch = try ScratchFolder()
      let spec = try scratch.write(
        """
        name: mlp_bn
        seed: 3
        data: {type: csv, path: \(RepositoryPaths.path("data/diabetes.csv")), target: target, standardize: true, test_split: 0.2}
        model:
          layers:
            - {type: dense, units: 16, activation: relu}
            - {type: batch_normalization}
            - {type: dropout, rate: 0.3}
            - {type: dense, units: 8, activation: tanh}
            - {type: dense, units: 1}
        loss: mse
        optimizer: {type: adam, learning_rate: 0.01}
        train: {epochs: 3, batch_size: 32, validation: test}
        """, to: "mlp_bn.yaml")
      let note = try Self.check(
        spec: spec, overrides: [],
        inputs: {
          try Self.numpyInputs(
            "np.loadtxt('data/diabetes.csv', delimiter=',', skiprows=1)[:, :10] * np.float32(1.5)", $0)
        }, scratch: scratch)
      #expect(note.contains("folded in: standardize"))
    }

    @Test func theTextModelOverItsVocabulary() throws {
      let scratch = try ScratchFolder()
      let texts = ["I love this great movie", "Awful, boring and bad", "a film", "Great great acting", "new words"]
      let lines = try scratch.write(texts.joined(separator: "\n") + "\n", to: "texts.txt")
      var run = ""
      let note = try Self.check(
        spec: "specs/text_bow.yaml", overrides: ["train.epochs=5"],
        inputs: { scratch in
          run = scratch.path("run")
          // The vectors ONNX takes, built in numpy from vocabulary.txt with CountVectorizer's rule
          // (lowercase, tokens of two or more word characters), for the same lines predict reads.
          let r = try TestPython.run(
            code: """
              import re, sys, numpy as np
              words = open(sys.argv[1] + "/vocabulary.txt").read().split("\\n")[:-1]
              column = {w: i for i, w in enumerate(words)}
              x = np.zeros((0, len(words)), np.float32)
              for line in open(sys.argv[2]).read().splitlines():
                  v = np.zeros((1, len(words)), np.float32)
                  for t in re.findall(r"(?u)\\b\\w\\w+\\b", line.lower()):
                      if t in column: v[0, column[t]] += 1
                  x = np.concatenate([x, v])
              np.save(sys.argv[2].replace(".txt", ".npy"), x)
              np.save(sys.argv[3], x[:2])
              """, arguments: [run, lines, scratch.path("x2.npy")])
          try #require(r.status == 0, "\(r.stderr)")
          return [scratch.path("x2.npy"), lines]
        }, scratch: scratch)
      #expect(note.contains("vocabulary.txt"))
    }

    @Test func aRunWithoutAFinalCheckpointIsRefusedClearly() throws {
      let scratch = try ScratchFolder()
      let run = try TrainedModelCommandsTests.train("specs/digits_cnn.yaml", ["train.epochs=1"], scratch: scratch)
      try FileManager.default.removeItem(atPath: run + "/checkpoints/final.safetensors")
      let e = try OptimRunProcess.run(["export", run, "--output", scratch.path("m.onnx")], scratch: scratch)
      #expect(e.status == 1)
      #expect(e.stderr.contains("no final checkpoint"), "\(e.stderr)")
      #expect(!FileManager.default.fileExists(atPath: scratch.path("m.onnx")))
    }
  }
}
