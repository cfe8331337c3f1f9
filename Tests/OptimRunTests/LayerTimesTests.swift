import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// `OPTIM_RUN_LAYER_TIMES=1` leaves `layer_times.json` in the run folder: per layer of the model,
  /// in order, the milliseconds per training step of its forward and backward passes, with the
  /// optimizer's and the whole step's.
  @Suite("layer times")
  struct LayerTimesTests {
    @Test func theFileTimesEveryLayerOfEveryStep() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(
        ["specs/digits_cnn.yaml", "--out", out, "--set", "train.epochs=2", "--quiet"], scratch: scratch,
        environment: ["OPTIM_RUN_LAYER_TIMES": "1"])
      #expect(r.status == 0, "stderr: \(r.stderr)")
      let times = try RunFolderFiles.jsonObject(out + "/layer_times.json")
      // 1,437 training images in batches of 32: 45 steps per epoch.
      #expect(times["steps"] as? Int == 2 * 45)
      let layers = try #require(times["layers"] as? [[String: Any]])
      #expect(
        layers.compactMap { $0["name"] as? String }
          == ["reshape", "conv2d", "max_pooling2d", "conv2d_1", "flatten", "dense", "dense_1"])
      #expect(layers.compactMap { $0["class"] as? String }.first == "Reshape")
      let forward = layers.compactMap { $0["forward_ms"] as? Double }
      let backward = layers.compactMap { $0["backward_ms"] as? Double }
      #expect(forward.count == layers.count && backward.count == layers.count)
      #expect(forward.allSatisfy { $0 > 0 })
      // The reshape before the first trainable layer runs no backward pass; every other layer does.
      #expect(backward.first == 0)
      #expect(backward.dropFirst().allSatisfy { $0 > 0 })
      let step = try #require(times["step_ms"] as? Double)
      let optimizer = try #require(times["optimizer_ms"] as? Double)
      let rest = try #require(times["rest_ms"] as? Double)
      #expect(optimizer > 0 && rest >= 0)
      let parts = forward.reduce(0, +) + backward.reduce(0, +) + optimizer
      #expect(parts <= step * 1.000001, "layers and optimizer \(parts) ms in a \(step) ms step")
      #expect(abs(parts + rest - step) <= 1e-6 * step)

      // Without the variable, no file.
      let plain = scratch.path("plain")
      let p = try OptimRunProcess.run(
        ["specs/digits_cnn.yaml", "--out", plain, "--set", "train.epochs=1", "--quiet"], scratch: scratch,
        environment: ["OPTIM_RUN_LAYER_TIMES": "0"])
      #expect(p.status == 0, "stderr: \(p.stderr)")
      #expect(FileManager.default.fileExists(atPath: plain + "/run.json"))
      #expect(!FileManager.default.fileExists(atPath: plain + "/layer_times.json"))
    }
  }
}
