// TODO: enable after `optim-run export` (branch onnx-export) is merged:
//   git mv Tests/Pending/ModelsDocONNXTests.swift Tests/OptimRunTests/
// It lives outside every test target until then (SwiftPM compiles only Tests/<Target>/), because
// the command it runs does not exist on this branch yet.
import Foundation
import Testing
import _TestSupport

extension EndToEnd.ModelsDocTests {
  /// docs/models.md's ONNX snippet: `optim-run export RUN --format onnx --output model.onnx`, then
  /// the page's onnxruntime code on raw inputs, gives `optim-run predict`'s outputs.
  @Test func onnxSnippetReproducesPredict() throws {
    let fixture = try Fixture()
    let exported = try OptimRunProcess.run(
      ["export", fixture.run, "--format", "onnx", "--output", fixture.scratch.path("model.onnx")],
      in: fixture.scratch.url.path, scratch: fixture.scratch)
    try #require(exported.status == 0, "optim-run export failed: \(exported.stderr)")
    let script = try fixture.scratch.write(try #require(Self.snippets()["onnx"]), to: "onnx_digits.py")
    let onnx = try TestPython.run(script: script, arguments: [fixture.run], in: fixture.scratch.url.path)
    try #require(onnx.status == 0, "the ONNX snippet failed:\n\(onnx.stderr)")
    let predicted = try fixture.predictValidation()
    let diff = try fixture.check(["compare", fixture.scratch.path("onnx_predictions.npy"), predicted.predictions])
    let maxDiff = try #require(diff["max_abs_diff"] as? Double)
    #expect(maxDiff <= 1e-5, "onnxruntime predictions differ from optim-run predict's by up to \(maxDiff)")
  }
}
