import NN
import Reporting
import Tensors
import Testing
import _TestSupport

/// `conv2d_transpose` exported as ONNX `ConvTranspose` and run in onnxruntime, against our forward:
/// even and odd kernels, both paddings, output padding, a kernel shorter than its stride (trailing
/// rows no window reaches) and a fused activation.
@Suite struct ONNXTransposeExportTests {
  @Test func transposedConvolutions() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [5, 4, 3],
      [
        GraphNode(
          name: "up_same",
          .conv2dTranspose(
            Conv2DTransposeConfig(filters: 4, kernelSize: (3, 3), strides: (2, 2), padding: .same)),
          inputs: ["input"]),
        GraphNode(
          name: "up_padded",
          .conv2dTranspose(
            Conv2DTransposeConfig(
              filters: 3, kernelSize: (4, 3), strides: (2, 3), padding: .same, outputPadding: (1, 2),
              activation: .relu))),
        GraphNode(
          name: "short_kernel",
          .conv2dTranspose(
            Conv2DTransposeConfig(
              filters: 2, kernelSize: (1, 2), strides: (2, 3), padding: .valid, useBias: false))),
        GraphNode(
          name: "valid_padded",
          .conv2dTranspose(
            Conv2DTransposeConfig(
              filters: 2, kernelSize: (3, 2), strides: (3, 2), padding: .valid, outputPadding: (2, 1),
              activation: .tanh))),
      ])
    try ONNXRuntimeCheck.check(graph, label: "conv2d-transpose")
  }

  /// The U-Net up-path of specs/unet_transpose.yaml: kernel 2, strides 2, same, then a skip.
  @Test func uNetUpPath() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [8, 8, 2],
      [
        GraphNode(
          name: "c1",
          .conv2d(Conv2DConfig(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu)),
          inputs: ["input"]),
        GraphNode(.maxPooling2d(Pooling2DConfig())),
        GraphNode(
          .conv2dTranspose(
            Conv2DTransposeConfig(filters: 4, kernelSize: (2, 2), strides: (2, 2), padding: .same))),
        GraphNode(.concatenate, inputs: ["previous", "c1"]),
        GraphNode(.conv2d(Conv2DConfig(filters: 1, kernelSize: (1, 1), activation: .sigmoid))),
      ])
    try ONNXRuntimeCheck.check(graph, label: "unet-transpose")
  }
}
