import NN
import Reporting
import Tensors
import Testing
import _TestSupport

/// The normalization, global pooling, padding, spatial dropout, merge and embedding layers exported
/// to ONNX and run in onnxruntime, compared with `Graph.forward(training: false)`.
@Suite struct ONNXExportMoreLayersTests {
  /// Token ids → Cast + Gather, LayerNormalization, ReduceMean and ReduceMax over the steps, Max.
  @Test func textModelWithEmbedding() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [7],
      [
        GraphNode(name: "emb", .embedding(EmbeddingConfig(inputDim: 20, outputDim: 6))),
        GraphNode(
          name: "ln",
          .layerNormalization(
            LayerNormalizationConfig(epsilon: 0.01, betaInitializer: .randomNormal(), gammaInitializer: .randomNormal(mean: 1)))),
        GraphNode(name: "avg", .globalAveragePooling1d, inputs: ["ln"]),
        GraphNode(name: "mx", .globalMaxPooling1d, inputs: ["emb"]),
        GraphNode(name: "both", .elementwise(.maximum), inputs: ["avg", "mx"]),
        GraphNode(.dense(DenseConfig(units: 3, activation: .softmax))),
      ])
    try ONNXRuntimeCheck.check(graph, label: "embedding", draw: { Float($0.nextInt(below: 20)) })
  }

  /// Pad, Identity (spatial dropout), Mul, Sub, Mean, Min, ReduceMax over height and width, and
  /// LayerNormalization without scale or offset.
  @Test func imageModelWithPaddingAndMerges() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [5, 6, 2],
      [
        GraphNode(name: "pad", .zeroPadding2d(top: 1, bottom: 2, left: 0, right: 3)),
        GraphNode(name: "c", .conv2d(Conv2DConfig(filters: 3, kernelSize: (3, 3), activation: .tanh))),
        GraphNode(name: "sd", .spatialDropout2d(rate: 0.4)),
        GraphNode(name: "d", .conv2d(Conv2DConfig(filters: 3, kernelSize: (1, 1))), inputs: ["c"]),
        GraphNode(name: "m", .elementwise(.multiply), inputs: ["sd", "d", "c"]),
        GraphNode(name: "s", .elementwise(.subtract), inputs: ["m", "d"]),
        GraphNode(name: "a", .elementwise(.average), inputs: ["s", "c", "d"]),
        GraphNode(name: "lo", .elementwise(.minimum), inputs: ["a", "c"]),
        GraphNode(name: "ln", .layerNormalization(LayerNormalizationConfig(center: false, scale: false))),
        GraphNode(.globalMaxPooling2d),
        GraphNode(.dense(DenseConfig(units: 2))),
      ])
    try ONNXRuntimeCheck.check(graph, label: "padding-merges")
  }
}
