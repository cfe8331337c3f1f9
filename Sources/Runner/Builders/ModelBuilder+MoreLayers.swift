import NN
import Spec

extension ModelBuilder {
  /// The NN configuration of the normalization, global pooling, padding, spatial dropout, merge and
  /// embedding layers (arguments as validated by `Schemas.normalizationPoolingMergeLayers`).
  static func normalizationPoolingMergeConfig(_ layer: Component) throws(LayerMappingError) -> LayerConfig {
    switch layer.type {
    case "layer_normalization":
      return .layerNormalization(
        LayerNormalizationConfig(
          epsilon: Float(layer.double("epsilon")), center: layer.bool("center"), scale: layer.bool("scale"),
          betaInitializer: try initializer(layer, "beta_initializer"),
          gammaInitializer: try initializer(layer, "gamma_initializer")))
    case "global_max_pooling2d": return .globalMaxPooling2d
    case "global_average_pooling1d": return .globalAveragePooling1d
    case "global_max_pooling1d": return .globalMaxPooling1d
    case "zero_padding2d":
      // Decoded as [[top, bottom], [left, right]].
      var p: [Int] = []
      if case .list(let sides) = layer.value("padding") {
        for side in sides {
          guard case .list(let pair) = side else { continue }
          for v in pair { if case .int(let i) = v { p.append(i) } }
        }
      }
      guard p.count == 4 else { preconditionFailure("zero_padding2d.padding is not [[top, bottom], [left, right]]") }
      return .zeroPadding2d(top: p[0], bottom: p[1], left: p[2], right: p[3])
    case "spatial_dropout2d":
      return .spatialDropout2d(rate: Float(layer.double("rate")))
    case "embedding":
      return .embedding(
        EmbeddingConfig(
          inputDim: layer.int("input_dim"), outputDim: layer.int("output_dim"),
          initializer: try initializer(layer, "embeddings_initializer"),
          regularizer: regularizer(layer, "embeddings_regularizer")))
    default:
      guard let op = ElementwiseMergeLayer.Operation(rawValue: layer.type) else {
        throw LayerMappingError(argument: nil, message: "layer type '\(layer.type)' cannot be built")
      }
      return .elementwise(op)
    }
  }
}
