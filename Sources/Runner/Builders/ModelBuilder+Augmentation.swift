import NN
import Spec
import Tensors

extension ModelBuilder {
  /// The NN configuration of an augmentation layer (arguments as validated by
  /// `Schemas.augmentationLayers`).
  static func augmentationConfig(_ layer: Component) -> LayerConfig {
    switch layer.type {
    case "random_flip":
      return .randomFlip(FlipMode(rawValue: layer.string("mode")) ?? .horizontalAndVertical)
    case "random_contrast":
      // Keras's documented rule: one number f is [1 − f, 1 + f], two are [1 − lower, 1 + upper].
      let lower: Float, upper: Float
      if let f = layer.optionalDouble("factor") {
        (lower, upper) = (Float(f), Float(f))
      } else {
        let pair = layer.doubles("factor") ?? [0, 0]
        (lower, upper) = (Float(pair[0]), Float(pair[1]))
      }
      return .randomContrast(
        lower: lower, upper: upper, valueRange: (layer.doubles("value_range") ?? [0, 255]).map(Float.init))
    case "random_crop":
      return .randomCrop(height: layer.int("height"), width: layer.int("width"))
    case "random_translation":
      return .randomAffine(
        AffineAugmentationConfig(
          .translation(height: factor(layer, "height_factor")!, width: factor(layer, "width_factor")!),
          sampling: warpSampling(layer)))
    case "random_rotation":
      return .randomAffine(
        AffineAugmentationConfig(.rotation(factor(layer, "factor")!), sampling: warpSampling(layer)))
    default:
      return .randomAffine(
        AffineAugmentationConfig(
          .zoom(height: factor(layer, "height_factor")!, width: factor(layer, "width_factor")),
          sampling: warpSampling(layer)))
    }
  }

  /// A Keras factor: one number f is [-|f|, |f|], two numbers are a range; nil when null.
  static func factor(_ layer: Component, _ key: String) -> FactorRange? {
    if let f = layer.optionalDouble(key) { return FactorRange(symmetric: Float(f)) }
    guard let pair = layer.doubles(key), pair.count == 2 else { return nil }
    return FactorRange(Float(pair[0]), Float(pair[1]))
  }

  /// `fill_mode`, `interpolation` and `fill_value`.
  static func warpSampling(_ layer: Component) -> WarpSampling {
    WarpSampling(
      fillMode: ImageFillMode(rawValue: layer.string("fill_mode")) ?? .reflect,
      interpolation: ImageInterpolation(rawValue: layer.string("interpolation")) ?? .bilinear,
      fillValue: Float(layer.double("fill_value")))
  }
}
