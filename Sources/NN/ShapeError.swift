import Tensors

/// A shape that a layer cannot accept, naming the layer, its type and the shapes involved.
///
/// Rendered like `dense 'dense_1': expected a rank-1 input (features), got (8, 8, 1); add a flatten
/// layer`. The builder prefixes the spec position.
public struct ShapeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The layer type, as written in a spec (`conv2d`).
  public let layerType: String
  /// The layer's name (`conv2d_1`).
  public let layerName: String
  /// What is wrong, naming the shapes.
  public let reason: String

  /// Creates an error for layer `layerName` of type `layerType`.
  public init(layerType: String, layerName: String, reason: String) {
    self.layerType = layerType
    self.layerName = layerName
    self.reason = reason
  }

  /// `<type> '<name>': <reason>`.
  public var description: String { "\(layerType) '\(layerName)': \(reason)" }
}

extension Layer {
  /// A `ShapeError` for this layer.
  func shapeError(_ reason: String) -> ShapeError {
    ShapeError(layerType: typeName, layerName: name, reason: reason)
  }

  /// Throws unless exactly `count` inputs were given.
  func expectInputCount(_ shapes: [Shape], _ count: Int) throws(ShapeError) {
    if shapes.count != count {
      throw shapeError("expected \(count) input\(count == 1 ? "" : "s"), got \(shapes.count)")
    }
  }

  /// Throws unless the single input has the given rank; `what` names the axes.
  func expectRank(_ shape: Shape, _ rank: Int, _ what: String, hint: String = "") throws(ShapeError) {
    if shape.rank != rank {
      throw shapeError("expected a rank-\(rank) input (\(what)), got \(shape)\(hint)")
    }
  }
}
