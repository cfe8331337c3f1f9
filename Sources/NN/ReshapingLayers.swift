import Tensors

/// Flattens each example to one axis: (h, w, c) → (h·w·c,). Views, no copies.
public final class FlattenLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// The spec's type name.
  public var typeName: String { "flatten" }
  /// Keras's class name, for summaries.
  public var className: String { "Flatten" }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var inputShape: Shape = []

  /// Creates the layer.
  public init(name: String) { self.name = name }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    return [inputShapes[0].count]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    _ = try outputShape(for: inputShapes)
    inputShape = inputShapes[0]
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    return x.reshaped([x.shape[0], inputShape.count])
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    [outputGradient.reshaped(inputShape.batched(outputGradient.shape[0]))]
  }
}

/// Reshapes each example to `targetShape` (Keras `Reshape`; one dimension may be −1). Views.
public final class ReshapeLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// The requested shape without the batch dimension; −1 means "what is left".
  public let targetShape: [Int]
  /// The spec's type name.
  public var typeName: String { "reshape" }
  /// Keras's class name, for summaries.
  public var className: String { "Reshape" }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var inputShape: Shape = []
  private var resolved: Shape = []

  /// Creates the layer; at most one entry of `targetShape` may be −1, the others positive.
  public init(name: String, targetShape: [Int]) {
    precondition(
      targetShape.filter { $0 == -1 }.count <= 1 && targetShape.allSatisfy { $0 == -1 || $0 > 0 },
      "reshape: target_shape \(targetShape) must be positive with at most one -1")
    self.name = name
    self.targetShape = targetShape
  }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    let count = inputShapes[0].count
    let target = "(" + targetShape.map(String.init).joined(separator: ", ") + ")"
    guard let known = Shape(targetShape.filter { $0 != -1 }).checkedCount else {
      throw shapeError("target shape \(target) has too many elements")
    }
    if let unknown = targetShape.firstIndex(of: -1) {
      guard known > 0, count % known == 0 else {
        throw shapeError(
          "cannot reshape \(inputShapes[0]) (\(count) elements) to \(target): \(count) is not a multiple of \(known)"
        )
      }
      var dims = targetShape
      dims[unknown] = count / known
      return Shape(dims)
    }
    guard known == count else {
      throw shapeError(
        "cannot reshape \(inputShapes[0]) (\(count) elements) to \(target) (\(known) elements)")
    }
    return Shape(targetShape)
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    resolved = try outputShape(for: inputShapes)
    inputShape = inputShapes[0]
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    inputs[0].reshaped(resolved.batched(inputs[0].shape[0]))
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    [outputGradient.reshaped(inputShape.batched(outputGradient.shape[0]))]
  }
}
