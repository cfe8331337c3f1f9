import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// Every spec in `specs/` runs through the binary. Training specs are shortened with `--set` so the
  /// suite stays fast (the digits spec runs as written in `TrainingRunTests`); the shortening only
  /// touches epochs and data size, never the model, optimizer, schedule or callbacks.
  @Suite("shipped specs")
  struct ShippedSpecsTests {
    /// The spec files and the overrides that keep each run short.
    static let shortened: [(spec: String, overrides: [String])] = [
      ("mlp_regression", ["train.epochs=2"]),
      ("diabetes_mlp", ["train.epochs=2"]),
      ("text_bow", ["train.epochs=2"]),
      ("lr_decay", ["train.epochs=3"]),
      ("grid_search", ["train.epochs=1"]),
      ("halving_search", []),
      ("himmelblau_adam", []),
      ("rosenbrock_compare", []),
      ("bias_correction", []),
      ("unet_segmentation", ["train.epochs=1", "data.samples=4", "train.batch_size=2"]),
      ("unet_transpose", ["train.epochs=1", "data.samples=4", "train.batch_size=2"]),
      ("text_sequence", ["train.epochs=2"]),
      (
        "cifar_resnet",
        [
          "data={type: synthetic_classification, samples: 64, shape: [32, 32, 3], classes: 10, test_split: 0.25}",
          "train.epochs=1", "train.batch_size=16",
        ]
      ),
    ]

    @Test func everySpecIsCovered() throws {
      let files = try FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.path("specs"))
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
      // digits_cnn runs as written in TrainingRunTests; cifar_cnn needs the CIFAR-10 files (below).
      #expect(Set(files) == Set(Self.shortened.map(\.spec) + ["digits_cnn", "cifar_cnn"]))
    }

    @Test(arguments: ShippedSpecsTests.shortened.map(\.spec))
    func runs(_ name: String) throws {
      let overrides = Self.shortened.first { $0.spec == name }!.overrides
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(
        ["specs/\(name).yaml", "--out", out, "--progress", "none"] + overrides.flatMap { ["--set", $0] },
        scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")
      // A single run has run.json; a sweep has sweep.json and one run.json per trial.
      let files = try FileManager.default.contentsOfDirectory(atPath: out)
      if files.contains("sweep.json") {
        let sweep = try RunFolderFiles.jsonObject(out + "/sweep.json")
        #expect(sweep["status"] as? String == "completed")
        let trials = files.filter { $0.hasPrefix("trial-") }
        #expect(!trials.isEmpty)
        for t in trials {
          #expect(try RunFolderFiles.jsonObject("\(out)/\(t)/run.json")["status"] as? String == "completed")
        }
      } else {
        #expect(try RunFolderFiles.jsonObject(out + "/run.json")["status"] as? String == "completed")
      }
    }

    /// Without the CIFAR-10 files and without network access, the CIFAR spec stops with a data
    /// error that says where the files go (exit 3), before creating a run folder.
    @Test func cifarWithoutItsFilesSaysWhereToPutThem() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(
        [
          "specs/cifar_cnn.yaml", "--out", out, "--set", "data.download=false", "--set",
          "data.path=\(scratch.path("no-cifar"))",
        ], scratch: scratch)
      #expect(r.status == 3)
      #expect(r.stderr.contains("data_batch_1.bin"))
      #expect(r.stderr.contains("download: true"))
      #expect(!FileManager.default.fileExists(atPath: out))
    }
  }
}
