import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// The `sequence` text vectorizer through the binary: training saves the Keras vocabulary, and
  /// `predict` on text lines turns them into the same ids; an id beyond the embedding fails the run.
  @Suite("text sequences")
  struct TextSequenceCommandsTests {
    @Test func aSequenceRunPredictsFromLinesWithItsVocabulary() throws {
      let scratch = try ScratchFolder()
      let run = try TrainedModelCommandsTests.train("specs/text_sequence.yaml", ["train.epochs=10"], scratch: scratch)
      let vocabulary = try String(contentsOfFile: run + "/vocabulary.txt", encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: false)
      #expect(vocabulary.prefix(3) == ["", "[UNK]", "movie"])
      try TrainedModelCommandsTests.expectPredictionsOnTestTextsMatchValidation(run: run, scratch: scratch)

      // Ids given directly (.npy) are checked as in training: 64 is beyond input_dim 64.
      let ids = scratch.path("ids.npy")
      try Data(npyFloat32Bytes(shape: "(2, 8)", values: [2, 3, 0, 0, 0, 0, 0, 0, 5, 64, 0, 0, 0, 0, 0, 0])).write(
        to: URL(fileURLWithPath: ids))
      let bad = try OptimRunProcess.run(["predict", run, "--input", ids, "--output", scratch.path("q.npy")], scratch: scratch)
      #expect(bad.status == 3)
      #expect(bad.stderr.contains("token id 64 (example 1, position 1) is outside [0, 64)"), "\(bad.stderr)")
      #expect(!FileManager.default.fileExists(atPath: scratch.path("q.npy")))
    }

    @Test func anIdBeyondTheEmbeddingFailsTheRunWithTheLayerAndTheId() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(
        [
          "specs/text_sequence.yaml", "--out", out, "--progress", "none", "--set", "model.layers.0.input_dim=10",
        ], scratch: scratch)
      #expect(r.status == 1)
      #expect(r.stderr.contains("embedding 'embedding': token id") && r.stderr.contains("outside [0, 10)"), "\(r.stderr)")
      let json = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(json["status"] as? String == "failed")
      #expect(!FileManager.default.fileExists(atPath: out + "/final.safetensors"))
    }
  }
}
