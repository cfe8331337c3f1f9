import NN
import Spec
import Tensors

extension ModelBuilder {
  /// `conv2d_transpose` (arguments as validated by its schema, `output_padding < strides` included).
  static func conv2dTransposeConfig(_ layer: Component) throws(LayerMappingError) -> LayerConfig {
    let dilation = layer.intPair("dilation_rate") ?? (1, 1)
    guard dilation == (1, 1) else {
      throw LayerMappingError(
        argument: "dilation_rate",
        message: "conv2d_transpose: only dilation_rate 1 is supported, got \(dilation)")
    }
    return .conv2dTranspose(
      Conv2DTransposeConfig(
        filters: layer.int("filters"), kernelSize: pair(layer, "kernel_size"),
        strides: pair(layer, "strides"), padding: padding(layer),
        outputPadding: layer.intPair("output_padding").map { (height: $0.0, width: $0.1) },
        activation: try activation(layer, "activation"), useBias: layer.bool("use_bias"),
        kernelInitializer: try initializer(layer, "kernel_initializer"),
        biasInitializer: try initializer(layer, "bias_initializer"),
        kernelRegularizer: regularizer(layer, "kernel_regularizer")))
  }
}
