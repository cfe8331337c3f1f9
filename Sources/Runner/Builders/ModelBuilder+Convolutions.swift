import NN
import Spec
import Tensors

extension ModelBuilder {
  /// The NN configuration of `conv1d`, `depthwise_conv2d` and `separable_conv2d` components.
  static func convolutionConfig(_ layer: Component) throws(LayerMappingError) -> LayerConfig {
    switch layer.type {
    case "conv1d":
      return .conv1d(
        Conv1DConfig(
          filters: layer.int("filters"), kernelSize: layer.int("kernel_size"), strides: layer.int("strides"),
          padding: Conv1DPadding(rawValue: layer.string("padding")) ?? .valid,
          dilationRate: layer.int("dilation_rate"), groups: layer.int("groups"),
          activation: try activation(layer, "activation"), useBias: layer.bool("use_bias"),
          kernelInitializer: try initializer(layer, "kernel_initializer"),
          biasInitializer: try initializer(layer, "bias_initializer"),
          kernelRegularizer: regularizer(layer, "kernel_regularizer")))
    case "depthwise_conv2d":
      return .depthwiseConv2d(
        DepthwiseConv2DConfig(
          kernelSize: pair(layer, "kernel_size"), strides: pair(layer, "strides"), padding: padding(layer),
          depthMultiplier: layer.int("depth_multiplier"), dilationRate: pair(layer, "dilation_rate"),
          activation: try activation(layer, "activation"), useBias: layer.bool("use_bias"),
          depthwiseInitializer: try initializer(layer, "depthwise_initializer"),
          biasInitializer: try initializer(layer, "bias_initializer"),
          depthwiseRegularizer: regularizer(layer, "depthwise_regularizer")))
    default:
      return .separableConv2d(
        SeparableConv2DConfig(
          filters: layer.int("filters"), kernelSize: pair(layer, "kernel_size"),
          strides: pair(layer, "strides"),
          padding: padding(layer), depthMultiplier: layer.int("depth_multiplier"),
          dilationRate: pair(layer, "dilation_rate"), activation: try activation(layer, "activation"),
          useBias: layer.bool("use_bias"),
          depthwiseInitializer: try initializer(layer, "depthwise_initializer"),
          pointwiseInitializer: try initializer(layer, "pointwise_initializer"),
          biasInitializer: try initializer(layer, "bias_initializer"),
          depthwiseRegularizer: regularizer(layer, "depthwise_regularizer"),
          pointwiseRegularizer: regularizer(layer, "pointwise_regularizer")))
    }
  }
}
