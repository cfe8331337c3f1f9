import NN
import Reporting
import Tensors
import Testing
import _TestSupport

/// Whole models exported to ONNX and run in onnxruntime (`scripts/reference/onnx_check.py`),
/// compared elementwise with `Graph.forward(training: false)`: |onnx − ours| ≤ 1e-5·max(1, |ours|).
@Suite struct ONNXExportTests {
  /// Digits-style CNN on raw 0...16 pixels, with the 1/16 rescale folded into the model.
  @Test func digitsCNNWithRescale() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [8, 8],
      [
        GraphNode(.reshape(targetShape: [8, 8, 1])),
        GraphNode(.conv2d(Conv2DConfig(filters: 6, kernelSize: (3, 3), padding: .same, activation: .relu))),
        GraphNode(.maxPooling2d(Pooling2DConfig())),
        GraphNode(.conv2d(Conv2DConfig(filters: 8, kernelSize: (3, 3)))),
        GraphNode(.flatten),
        GraphNode(.dense(DenseConfig(units: 16, activation: .relu))),
        GraphNode(.dense(DenseConfig(units: 10, activation: .softmax))),
      ])
    try ONNXRuntimeCheck.check(
      graph, preprocessing: ONNXPreprocessing(rescale: 0.0625), label: "digits-cnn",
      draw: { Float($0.nextInt(below: 17)) })
  }

  /// U-Net-style graph: named layers, skip edges, add, concatenate, up-sampling, average pooling
  /// with asymmetric same padding, a strided same convolution (extra padding bottom/right) and a
  /// 1×1 sigmoid head.
  @Test func uNetStyleGraph() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [8, 8, 3],
      [
        GraphNode(
          name: "enc1",
          .conv2d(Conv2DConfig(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu)),
          inputs: ["input"]),
        GraphNode(name: "pool1", .maxPooling2d(Pooling2DConfig()), inputs: ["enc1"]),
        GraphNode(
          name: "enc2",
          .conv2d(Conv2DConfig(filters: 8, kernelSize: (3, 3), padding: .same, activation: .elu)),
          inputs: ["pool1"]),
        GraphNode(
          name: "smooth",
          .averagePooling2d(Pooling2DConfig(poolSize: (3, 2), strides: (1, 1), padding: .same)),
          inputs: ["enc2"]),
        GraphNode(name: "skip_sum", .add, inputs: ["enc2", "smooth"]),
        GraphNode(name: "up1", .upSampling2d(height: 2, width: 2), inputs: ["skip_sum"]),
        GraphNode(name: "merge", .concatenate, inputs: ["up1", "enc1"]),
        GraphNode(
          name: "down",
          .conv2d(
            Conv2DConfig(filters: 4, kernelSize: (3, 3), strides: (2, 2), padding: .same, activation: .relu)),
          inputs: ["merge"]),
        GraphNode(name: "up2", .upSampling2d(height: 2, width: 2), inputs: ["down"]),
        GraphNode(
          name: "head", .conv2d(Conv2DConfig(filters: 1, kernelSize: (1, 1), activation: .sigmoid)),
          inputs: ["up2"]),
      ])
    try ONNXRuntimeCheck.check(graph, label: "unet")
  }

  /// MLP with batch normalization (moving statistics) and dropout (identity), standardization
  /// folded in.
  @Test func mlpWithBatchNormalizationAndStandardize() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [6],
      [
        GraphNode(.dense(DenseConfig(units: 16))),
        GraphNode(.batchNormalization(BatchNormalizationConfig())),
        GraphNode(.activation(.relu)),
        GraphNode(.dropout(rate: 0.3)),
        GraphNode(.dense(DenseConfig(units: 3, activation: .softmax))),
      ])
    let mean: [Float] = [10, -3, 0.5, 100, 0, 7]
    let std: [Float] = [2, 0.5, 1, 30, 1, 4]
    try ONNXRuntimeCheck.check(
      graph, preprocessing: ONNXPreprocessing(mean: mean, std: std), label: "mlp-batchnorm",
      draw: { stream in 10 * stream.nextNormal() })
  }

  /// Text-style model: a bag-of-words count vector through dense layers to one sigmoid. The
  /// hidden layer is called `output`, which the graph's output tensor must not clash with.
  @Test func bagOfWordsTextModel() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [50],
      [
        GraphNode(name: "output", .dense(DenseConfig(units: 16, activation: .relu))),
        GraphNode(.dropout(rate: 0.5)),
        GraphNode(.dense(DenseConfig(units: 1, activation: .sigmoid))),
      ])
    try ONNXRuntimeCheck.check(
      graph, label: "bag-of-words", draw: { stream in Float(max(0, stream.nextInt(below: 5) - 2)) })
  }

  /// Global average pooling, valid padding, no-bias convolution and dense, max pooling with
  /// asymmetric same padding, batch normalization with center or scale off (also over a rank-2
  /// example after a reshape with −1), flatten.
  @Test func poolingValidPaddingNoBiasAndBatchNormalizationVariants() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [7, 7, 3],
      [
        GraphNode(.conv2d(Conv2DConfig(filters: 4, kernelSize: (2, 2), useBias: false))),
        GraphNode(.batchNormalization(BatchNormalizationConfig(epsilon: 0.01, center: false))),
        GraphNode(.batchNormalization(BatchNormalizationConfig(scale: false))),
        GraphNode(.maxPooling2d(Pooling2DConfig(poolSize: (3, 3), strides: (2, 2), padding: .same))),
        GraphNode(.averagePooling2d(Pooling2DConfig(poolSize: (2, 2), strides: (1, 1)))),
        GraphNode(.globalAveragePooling2d),
        GraphNode(.dense(DenseConfig(units: 6, useBias: false))),
        GraphNode(.reshape(targetShape: [-1, 2])),
        GraphNode(.batchNormalization(BatchNormalizationConfig(center: false, scale: false))),
        GraphNode(.flatten),
      ])
    try ONNXRuntimeCheck.check(graph, label: "pooling-variants")
  }

  /// Every activation, fused into a convolution and a dense layer and as an activation layer.
  @Test(arguments: Activation.allCases) func activation(_ f: Activation) throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [6, 6, 2],
      [
        GraphNode(.conv2d(Conv2DConfig(filters: 3, kernelSize: (3, 3), padding: .same, activation: f))),
        GraphNode(.activation(f)),
        GraphNode(.flatten),
        GraphNode(.dense(DenseConfig(units: 5, activation: f))),
      ])
    // exp of exp overflows float32 from inputs of 2σ: exponential gets small inputs.
    let scale: Float = f == .exponential ? 0.1 : 2
    try ONNXRuntimeCheck.check(graph, label: "activation-\(f.rawValue)", draw: { scale * $0.nextNormal() })
  }
}

/// Keras's activation layers: ReLU in its forms (Relu, Clip, the thresholded Where), LeakyReLU,
/// PReLU with learned (random) slopes shared over height and width or not, Softmax.
@Suite struct ONNXActivationLayerExportTests {
  @Test func activationLayers() throws {
    let slopes = PReLUConfig(alphaInitializer: .randomUniform(minval: 0.1, maxval: 0.6), sharedAxes: [1, 2])
    let graph = try ONNXRuntimeCheck.graph(
      input: [6, 6, 2],
      [
        GraphNode(
          name: "c", .conv2d(Conv2DConfig(filters: 3, kernelSize: (3, 3), padding: .same)), inputs: ["input"]),
        GraphNode(name: "r0", .relu(), inputs: ["c"]),
        GraphNode(name: "r1", .relu(maxValue: 1.5), inputs: ["c"]),
        GraphNode(name: "r2", .relu(maxValue: 2, negativeSlope: 0.3, threshold: 0.5), inputs: ["c"]),
        GraphNode(name: "r3", .relu(negativeSlope: 0.2, threshold: 0.25), inputs: ["c"]),
        GraphNode(name: "r4", .relu(negativeSlope: 0.1), inputs: ["c"]),
        GraphNode(name: "l", .leakyRelu(), inputs: ["c"]),
        GraphNode(name: "p", .prelu(slopes), inputs: ["c"]),
        GraphNode(
          name: "q", .prelu(PReLUConfig(alphaInitializer: .randomUniform(minval: -0.5, maxval: 0.5))),
          inputs: ["c"]),
        GraphNode(.concatenate, inputs: ["r0", "r1", "r2", "r3", "r4", "l", "p", "q"]),
        GraphNode(.softmax()),
      ])
    try ONNXRuntimeCheck.check(graph, label: "activation-layers", draw: { 2 * $0.nextNormal() })
  }
}
