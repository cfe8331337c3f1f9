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
      return .conv2d(
        Conv2DConfig(
          filters: layer.int("filters"), kernelSize: pair(layer, "kernel_size"),
          strides: pair(layer, "strides"), padding: padding(layer),
          activation: try activation(layer, "activation"), useBias: layer.bool("use_bias"),
          kernelInitializer: try initializer(layer, "kernel_initializer"),
          biasInitializer: try initializer(layer, "bias_initializer"),
          kernelRegularizer: regularizer(layer, "kernel_regularizer"),
          dilationRate: pair(layer, "dilation_rate"), groups: layer.int("groups")))
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
    case "conv2d_transpose":
      return try conv2dTransposeConfig(layer)
    case "layer_normalization", "global_max_pooling2d", "global_average_pooling1d", "global_max_pooling1d",
      "zero_padding2d", "spatial_dropout2d", "multiply", "subtract", "average", "maximum", "minimum", "embedding":
      return try normalizationPoolingMergeConfig(layer)
    case "conv1d", "depthwise_conv2d", "separable_conv2d":
      return try convolutionConfig(layer)
    case "relu":
      return .relu(
        maxValue: layer.arguments["max_value"]?.asDouble.map(Float.init),
        negativeSlope: Float(layer.double("negative_slope")), threshold: Float(layer.double("threshold")))
    case "leaky_relu":
      return .leakyRelu(negativeSlope: Float(layer.double("negative_slope")))
    case "prelu":
      return .prelu(
        PReLUConfig(
          alphaInitializer: try initializer(layer, "alpha_initializer"),
          alphaRegularizer: regularizer(layer, "alpha_regularizer"),
          sharedAxes: layer.ints("shared_axes") ?? []))
    case "softmax":
      return .softmax(axis: layer.int("axis"))
    case "random_flip", "random_translation", "random_rotation", "random_zoom", "random_crop",
      "random_contrast":
      return augmentationConfig(layer)
    default:
      throw LayerMappingError(argument: nil, message: "layer type '\(layer.type)' cannot be built")
    }
  }

  /// The NN initializer of an initializer argument (`glorot_uniform`, `{type: random_normal, ...}`),
  /// refused where its weight's rank does not suit it (Keras raises a ValueError when building).
  static func initializer(_ layer: Component, _ key: String) throws(LayerMappingError) -> Initializer {
    guard let c = layer.component(key) else {
      return key == "bias_initializer" || key == "alpha_initializer" ? .zeros : .glorotUniform
    }
    func number(_ name: String, _ value: Double) -> Double { c.arguments[name]?.asDouble ?? value }
    let initializer: Initializer
    switch c.type {
    case "random_normal":
      initializer = .randomNormal(mean: Float(number("mean", 0)), stddev: Float(number("stddev", 0.05)))
    case "truncated_normal":
      initializer = .truncatedNormal(mean: Float(number("mean", 0)), stddev: Float(number("stddev", 0.05)))
    case "random_uniform":
      initializer = .randomUniform(
        minval: Float(number("minval", -0.05)), maxval: Float(number("maxval", 0.05)))
    case "constant":
      initializer = .constant(value: Float(number("value", 0)))
    case "variance_scaling":
      initializer = .varianceScaling(
        scale: number("scale", 1),
        mode: Initializer.FanMode(rawValue: c.optionalString("mode") ?? "") ?? .fanIn,
        distribution: Initializer.Distribution(rawValue: c.optionalString("distribution") ?? "")
          ?? .truncatedNormal)
    case "orthogonal":
      initializer = .orthogonal(gain: Float(number("gain", 1)))
      if vectorInitializerKeys.contains(key) {
        throw LayerMappingError(
          argument: key,
          message: "\(layer.type): orthogonal needs a weight of rank 2 or more; \(key) fills a vector")
      }
    case "identity":
      initializer = .identity(gain: Float(number("gain", 1)))
      guard matrixInitializers.contains(where: { $0 == (layer.type, key) }) else {
        throw LayerMappingError(
          argument: key,
          message:
            "\(layer.type): identity needs a 2-D weight (a dense kernel); \(key) does not fill a matrix")
      }
    default:
      guard let named = Initializer(name: c.type) else {
        throw LayerMappingError(
          argument: key, message: "\(layer.type): initializer '\(c.type)' is not available")
      }
      initializer = named
    }
    return initializer
  }

  /// Initializer arguments that fill a 1-D weight, whatever the layer.
  static let vectorInitializerKeys: Set<String> = [
    "bias_initializer", "beta_initializer", "gamma_initializer", "moving_mean_initializer",
    "moving_variance_initializer",
  ]

  /// (layer type, argument) pairs whose weight is a matrix, where `identity` applies.
  static let matrixInitializers: [(String, String)] = [
    ("dense", "kernel_initializer"), ("embedding", "embeddings_initializer"),
  ]

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
