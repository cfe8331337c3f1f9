import NN
import Tensors

/// The models of /work/shared/design/spec-format.md, as graph nodes.
enum ModelFixtures {
  static func conv(_ filters: Int, _ k: Int = 3, padding: Padding = .valid, activation: Activation = .relu)
    -> LayerConfig
  {
    .conv2d(Conv2DConfig(filters: filters, kernelSize: (k, k), padding: padding, activation: activation))
  }

  /// The CIFAR-10 CNN (input 32×32×3).
  static let cifarCNN: [GraphNode] = [
    GraphNode(conv(32)),
    GraphNode(.maxPooling2d(Pooling2DConfig())),
    GraphNode(conv(64)),
    GraphNode(.maxPooling2d(Pooling2DConfig())),
    GraphNode(conv(64)),
    GraphNode(.flatten),
    GraphNode(.dense(DenseConfig(units: 64, activation: .relu))),
    GraphNode(.dense(DenseConfig(units: 10, activation: .softmax))),
  ]

  /// The U-Net with two skip connections (input 128×128×1).
  static let unet: [GraphNode] = [
    GraphNode(name: "c1", conv(64, padding: .same)),
    GraphNode(.maxPooling2d(Pooling2DConfig())),
    GraphNode(name: "c2", conv(128, padding: .same)),
    GraphNode(.maxPooling2d(Pooling2DConfig())),
    GraphNode(conv(256, padding: .same)),
    GraphNode(.upSampling2d(height: 2, width: 2)),
    GraphNode(.concatenate, inputs: ["previous", "c2"]),
    GraphNode(conv(128, padding: .same)),
    GraphNode(.upSampling2d(height: 2, width: 2)),
    GraphNode(.concatenate, inputs: ["previous", "c1"]),
    GraphNode(conv(64, padding: .same)),
    GraphNode(conv(1, 1, activation: .sigmoid)),
  ]
}
