import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// Augmentation draws come from the seed and the training step, which the state file keeps: a
  /// run stopped mid-epoch by SIGTERM and resumed equals the uninterrupted run byte for byte.
  @Suite("augmentation resume")
  struct AugmentationResumeTests {
    @Test func anAugmentedRunResumesExactly() throws {
      let scratch = try ScratchFolder()
      let spec = try scratch.write(
        """
        name: augmented
        seed: 5
        data: {type: synthetic_classification, samples: 96, shape: [12, 12, 3], classes: 3, test_split: 0.25}
        model:
          input: [12, 12, 3]
          layers:
            - {type: random_flip}
            - {type: random_translation, height_factor: 0.1, width_factor: 0.1}
            - {type: random_rotation, factor: 0.1}
            - {type: random_zoom, height_factor: 0.1}
            - {type: random_contrast, factor: 0.2, value_range: [-5, 5]}
            - {type: random_crop, height: 10, width: 10}
            - {type: conv2d, filters: 4, kernel_size: 3, activation: relu}
            - flatten
            - {type: dense, units: 3, activation: softmax}
        loss: sparse_categorical_crossentropy
        metrics: [accuracy]
        optimizer: {type: adam, learning_rate: 0.01}
        train: {epochs: 8, batch_size: 4, validation: test}

        """, to: "augmented.yaml")
      let reference = scratch.path("reference")
      let r = try OptimRunProcess.run([spec, "--out", reference, "--progress", "none"], scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")

      let out = scratch.path("stopped")
      var arguments = [spec, "--out", out, "--progress", "lines"]
      for delay: UInt32 in [100_000, 300_000] {
        let process = try OptimRunProcess(arguments, scratch: scratch)
        _ = process.waitForStderr(deadline: 120) { $0.contains("epoch ") }
        usleep(delay)
        process.send(SIGTERM)
        let ended = process.finish()
        #expect(ended.status == 130 || ended.status == 0, "stderr: \(ended.stderr)")
        arguments = ["resume", out, "--progress", "lines"]
      }
      let last = try OptimRunProcess.run(["resume", out, "--progress", "none"], scratch: scratch)
      #expect(last.status == 0, "stderr: \(last.stderr)")
      try expectSameRun(out, as: reference, files: everyRunsFiles, "augmented")
      // And augmentation changed training: the same run without it ends elsewhere.
      let plain = scratch.path("plain")
      let p = try OptimRunProcess.run(
        [
          spec, "--out", plain, "--progress", "none", "--set",
          "model.layers=[{type: random_crop, height: 10, width: 10}, {type: conv2d, filters: 4, kernel_size: 3, activation: relu}, flatten, {type: dense, units: 3, activation: softmax}]",
        ], scratch: scratch)
      #expect(p.status == 0, "stderr: \(p.stderr)")
      #expect(
        FileManager.default.contents(atPath: plain + "/metrics.csv")
          != FileManager.default.contents(atPath: reference + "/metrics.csv"))
    }
  }
}
