import NN
import Spec
import Tensors

/// An argument of a spec component that the NN library cannot take; `argument` locates it.
struct LayerMappingError: Error {
  /// The argument at fault (its mark is used), or nil for the component as a whole.
  var argument: String?
  /// What is wrong, naming the value and what is supported.
  var message: String
}

extension ModelBuilder {
  /// The NN configuration of one layer component (arguments as validated by the layer schemas).
  static func layerConfig(_ layer: Component) throws(LayerMappingError) -> LayerConfig {
    switch layer.type {
    case "dense":
      return .dense(
        DenseConfig(
          units: layer.int("units"), activation: try activation(layer, "activation"),
          useBias: layer.bool("use_bias"),
          kernelInitializer: try initializer(layer, "kernel_initializer"),
          biasInitializer: try initializer(layer, "bias_initializer"),
          kernelRegularizer: regularizer(layer, "kernel_regularizer")))
    case "conv2d":
      let dilation = layer.intPair("dilation_rate") ?? (1, 1)
      guard dilation == (1, 1) else {
        throw LayerMappingError(
          argument: "dilation_rate", message: "conv2d: only dilation_rate 1 is supported, got \(dilation)")
      }
      return .conv2d(
        Conv2DConfig(
          filters: layer.int("filters"), kernelSize: pair(layer, "kernel_size"),
          strides: pair(layer, "strides"), padding: padding(layer),
          activation: try activation(layer, "activation"), useBias: layer.bool("use_bias"),
          kernelInitializer: try initializer(layer, "kernel_initializer"),
          biasInitializer: try initializer(layer, "bias_initializer"),
          kernelRegularizer: regularizer(layer, "kernel_regularizer")))
    case "max_pooling2d", "average_pooling2d":
      // `strides: null` is Keras's None: the pool size.
      let config = Pooling2DConfig(
        poolSize: pair(layer, "pool_size"), strides: layer.intPair("strides").map { ($0.0, $0.1) },
        padding: padding(layer))
      return layer.type == "max_pooling2d" ? .maxPooling2d(config) : .averagePooling2d(config)
    case "global_average_pooling2d":
      return .globalAveragePooling2d
    case "flatten":
      return .flatten
    case "reshape":
      return .reshape(targetShape: layer.ints("target_shape") ?? [])
    case "dropout":
      return .dropout(rate: Float(layer.double("rate")))
    case "batch_normalization":
      return .batchNormalization(
        BatchNormalizationConfig(
          momentum: Float(layer.double("momentum")), epsilon: Float(layer.double("epsilon")),
          center: layer.bool("center"), scale: layer.bool("scale")))
    case "up_sampling2d":
      let interpolation = layer.string("interpolation")
      guard interpolation == "nearest" else {
        throw LayerMappingError(
          argument: "interpolation",
          message: "up_sampling2d: interpolation '\(interpolation)' is not supported yet; use nearest")
      }
      let size = pair(layer, "size")
      return .upSampling2d(height: size.height, width: size.width)
    case "concatenate":
      return .concatenate  // `axis` is checked against the input rank once shapes are known
    case "add":
      return .add
    case "activation":
      return .activation(try activation(layer, "activation"))
    case "random_flip", "random_translation", "random_rotation", "random_zoom", "random_crop",
      "random_contrast":
      return augmentationConfig(layer)
    default:
      throw LayerMappingError(argument: nil, message: "layer type '\(layer.type)' cannot be built")
    }
  }

  /// The NN initializer of an initializer argument (`glorot_uniform`, `{type: random_normal, ...}`).
  static func initializer(_ layer: Component, _ key: String) throws(LayerMappingError) -> Initializer {
    guard let c = layer.component(key) else { return key == "bias_initializer" ? .zeros : .glorotUniform }
    if c.type == "random_normal" {
      return .randomNormal(
        mean: Float(c.arguments["mean"]?.asDouble ?? 0),
        stddev: Float(c.arguments["stddev"]?.asDouble ?? 0.05))
    }
    guard let initializer = Initializer(name: c.type) else {
      throw LayerMappingError(
        argument: key, message: "\(layer.type): initializer '\(c.type)' is not available")
    }
    return initializer
  }

  /// The activation named by `key`.
  static func activation(_ layer: Component, _ key: String) throws(LayerMappingError) -> Activation {
    let name = layer.optionalString(key) ?? "linear"
    guard let activation = Activation(rawValue: name) else {
      throw LayerMappingError(argument: key, message: "\(layer.type): activation '\(name)' is not available")
    }
    return activation
  }

  /// The regularizer `{l1: x, l2: y}` of `key`, or nil when null.
  static func regularizer(_ layer: Component, _ key: String) -> Regularizer? {
    guard case .map(let entries) = layer.arguments[key] ?? .null else { return nil }
    func factor(_ name: String) -> Float {
      Float(entries.first { $0.key == name }?.value.asDouble ?? 0)
    }
    return Regularizer(l1: factor("l1"), l2: factor("l2"))
  }

  /// An `int_or_pair` argument as (height, width).
  static func pair(_ layer: Component, _ key: String) -> (height: Int, width: Int) {
    guard let p = layer.intPair(key) else { preconditionFailure("\(layer.type).\(key) is not a pair") }
    return (p.0, p.1)
  }

  /// The `padding` argument.
  static func padding(_ layer: Component) -> Padding {
    Padding(rawValue: layer.string("padding")) ?? .valid
  }
}
