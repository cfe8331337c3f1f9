import NN
import Reporting
import Tensors
import Testing
import _TestSupport

/// Augmentation layers exported to ONNX and run in onnxruntime against `Graph.forward(training:
/// false)`: the random layers are Identity; `random_crop` is its inference path.
@Suite struct ONNXAugmentationExportTests {
  @Test func randomLayersAreIdentity() throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: [8, 8, 3],
      [
        GraphNode(.randomFlip(.horizontalAndVertical)),
        GraphNode(
          .randomAffine(
            AffineAugmentationConfig(
              .translation(height: FactorRange(symmetric: 0.1), width: FactorRange(symmetric: 0.1))))),
        GraphNode(.randomAffine(AffineAugmentationConfig(.rotation(FactorRange(symmetric: 0.1))))),
        GraphNode(
          .randomAffine(AffineAugmentationConfig(.zoom(height: FactorRange(symmetric: 0.1), width: nil)))),
        GraphNode(.randomCrop(height: 8, width: 8)),  // the input's size: Identity
        GraphNode(.randomContrast(lower: 0.2, upper: 0.2, valueRange: [0, 255])),
        GraphNode(.conv2d(Conv2DConfig(filters: 4, kernelSize: (3, 3), activation: .relu))),
        GraphNode(.flatten),
        GraphNode(.dense(DenseConfig(units: 3, activation: .softmax))),
      ])
    try ONNXRuntimeCheck.check(graph, label: "augmentation-identity")
  }

  /// Slice and resize down, slice and resize up, slice alone, resize alone.
  @Test(arguments: [([9, 7, 2], 5, 5), ([4, 6, 2], 6, 6), ([8, 6, 2], 8, 4), ([8, 6, 1], 4, 3)])
  func randomCropInferencePath(_ input: [Int], _ height: Int, _ width: Int) throws {
    let graph = try ONNXRuntimeCheck.graph(
      input: Shape(input),
      [
        GraphNode(.randomCrop(height: height, width: width)),
        GraphNode(.conv2d(Conv2DConfig(filters: 2, kernelSize: (1, 1)))),
      ])
    try ONNXRuntimeCheck.check(graph, label: "random-crop-\(input.map(String.init).joined(separator: "x"))")
  }
}
