/// A model that cannot be assembled: an unknown or duplicate layer name, or a shape mismatch.
///
/// `nodeIndex` is the position of the offending layer in the node list, for the builder to turn
/// into a spec position; `shapeError` is set when a layer rejected its input shapes.
public struct GraphError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Index of the layer in the node list, when the error belongs to one.
  public let nodeIndex: Int?
  /// The message, naming the layer and the shapes or names involved.
  public let message: String
  /// The underlying shape error, if any.
  public let shapeError: ShapeError?
  /// Whether the graph's input shape itself is the problem (not any layer).
  public let isAboutInput: Bool

  /// Creates an error.
  public init(nodeIndex: Int?, message: String, shapeError: ShapeError? = nil, isAboutInput: Bool = false) {
    self.nodeIndex = nodeIndex
    self.message = message
    self.shapeError = shapeError
    self.isAboutInput = isAboutInput
  }

  /// The message.
  public var description: String { message }
}
