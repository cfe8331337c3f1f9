/// Preprocessing folded into the exported graph ahead of the model, so that the ONNX model takes
/// raw inputs: first `x · rescale` (Keras `Rescaling`), then `(x − mean) / std` per feature, in
/// the order `Dataset+Loading.swift` applies them.
public struct ONNXPreprocessing: Sendable {
  /// Factor every input element is multiplied by (a `Mul` node); nil for none.
  public var rescale: Float?
  /// Per-feature means (one per element of an example, row-major in the example shape); with `std`.
  public var mean: [Float]?
  /// Per-feature standard deviations, as `mean` (a `Sub` then a `Div` node).
  public var std: [Float]?

  /// Creates a preprocessing; by default none.
  public init(rescale: Float? = nil, mean: [Float]? = nil, std: [Float]? = nil) {
    self.rescale = rescale
    self.mean = mean
    self.std = std
  }
}
