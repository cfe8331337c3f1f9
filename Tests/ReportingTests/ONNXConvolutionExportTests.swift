import NN
import Tensors
import Testing

/// Dilated and grouped conv2d, depthwise_conv2d, separable_conv2d and conv1d exported to ONNX
/// (`Conv` with `dilations` and `group`) and run by onnxruntime against our forward pass.
@Suite struct ONNXConvolutionExportTests {
  @Test func dilatedGroupedDepthwiseAndSeparable() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [9, 8, 4],
      [
        GraphNode(
          .conv2d(
            Conv2DConfig(
              filters: 6, kernelSize: (3, 3), padding: .same, activation: .relu, dilationRate: (2, 2),
              groups: 2))),
        GraphNode(
          .conv2d(Conv2DConfig(filters: 6, kernelSize: (2, 3), strides: (2, 1), padding: .same, groups: 3))),
        GraphNode(
          .depthwiseConv2d(
            DepthwiseConv2DConfig(kernelSize: (3, 3), padding: .same, depthMultiplier: 2, activation: .tanh))),
        GraphNode(
          .depthwiseConv2d(DepthwiseConv2DConfig(kernelSize: (2, 2), strides: (2, 2), useBias: false))),
        GraphNode(
          .separableConv2d(
            SeparableConv2DConfig(
              filters: 5, kernelSize: (2, 2), padding: .same, depthMultiplier: 2, activation: .relu))),
        GraphNode(
          .separableConv2d(
            SeparableConv2DConfig(filters: 3, kernelSize: (1, 2), dilationRate: (1, 2), useBias: false))),
      ])
    try ONNXRuntimeCheck.check(graph, label: "convolutions")
  }

  @Test func conv1dPaddingsDilationAndGroups() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [12, 4],
      [
        GraphNode(
          .conv1d(
            Conv1DConfig(filters: 6, kernelSize: 3, padding: .causal, dilationRate: 2, activation: .relu))),
        GraphNode(.conv1d(Conv1DConfig(filters: 4, kernelSize: 2, strides: 2, padding: .same, groups: 2))),
        GraphNode(.conv1d(Conv1DConfig(filters: 2, kernelSize: 2, useBias: false))),
        GraphNode(.flatten),
      ])
    try ONNXRuntimeCheck.check(graph, label: "conv1d")
  }
}
