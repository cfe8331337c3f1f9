import Tensors

/// Configuration of `max_pooling2d` and `average_pooling2d`, with Keras 3's defaults.
public struct Pooling2DConfig: Sendable, Equatable {
  /// `pool_size` (default 2×2).
  public var poolSize: (height: Int, width: Int)
  /// `strides`; nil (Keras's `None`) means `pool_size`.
  public var strides: (height: Int, width: Int)?
  /// `valid` (default) or `same` (TensorFlow's rule; border windows use only valid elements).
  public var padding: Padding

  /// Creates a configuration; sizes must be positive.
  public init(
    poolSize: (height: Int, width: Int) = (2, 2), strides: (height: Int, width: Int)? = nil,
    padding: Padding = .valid
  ) {
    precondition(poolSize.height > 0 && poolSize.width > 0, "pooling: pool_size must be positive")
    precondition(strides.map { $0.height > 0 && $0.width > 0 } ?? true, "pooling: strides must be positive")
    self.poolSize = poolSize
    self.strides = strides
    self.padding = padding
  }

  /// The strides in effect.
  public var effectiveStrides: (height: Int, width: Int) { strides ?? poolSize }

  /// Equal when every argument is equal.
  public static func == (a: Pooling2DConfig, b: Pooling2DConfig) -> Bool {
    a.poolSize == b.poolSize && a.effectiveStrides == b.effectiveStrides
      && (a.strides == nil) == (b.strides == nil)
      && a.padding == b.padding
  }
}

/// 2-D max or average pooling over NHWC images (Keras `MaxPooling2D`, `AveragePooling2D`).
public final class Pooling2DLayer: Layer, WritesOwnInputGradients {
  /// Which reduction a window applies.
  public enum Kind: Sendable { case max, average }

  /// The layer's unique name in the graph.
  public let name: String
  /// Which reduction a window applies.
  public let kind: Kind
  /// The layer's configuration.
  public let config: Pooling2DConfig
  /// The spec's type name.
  public var typeName: String { kind == .max ? "max_pooling2d" : "average_pooling2d" }
  /// Keras's class name, for summaries.
  public var className: String { kind == .max ? "MaxPooling2D" : "AveragePooling2D" }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var geometry: Pool2DGeometry!
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  private var indices: MaxPoolIndices?

  /// Creates an unbuilt layer.
  public init(name: String, kind: Kind, config: Pooling2DConfig = Pooling2DConfig()) {
    self.name = name
    self.kind = kind
    self.config = config
  }

  func resolveGeometry(_ inputShapes: [Shape]) throws(ShapeError) -> Pool2DGeometry {
    try expectInputCount(inputShapes, 1)
    let s = inputShapes[0]
    try expectRank(s, 3, "height, width, channels")
    let strides = config.effectiveStrides
    do {
      return try Pool2DGeometry(
        inputHeight: s[0], inputWidth: s[1], channels: s[2], poolHeight: config.poolSize.height,
        poolWidth: config.poolSize.width, strideHeight: strides.height, strideWidth: strides.width,
        padding: config.padding)
    } catch {
      throw shapeError("input \(s): \(error)")
    }
  }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try resolveGeometry(inputShapes).outputShape(batch: 1).unbatched
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let g = try resolveGeometry(inputShapes)
    geometry = g
    output = BatchBuffer(g.outputShape(batch: 1).unbatched, maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(inputGradient: inputShapes[0], slot: 0, maxBatchSize: maxBatchSize, context: context)
    // Arg-max indices only serve backward: a graph built for inference keeps none.
    if kind == .max && !context.forInference { indices = MaxPoolIndices(g, batch: maxBatchSize) }
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    let y = output.view(x.shape[0])
    switch kind {
    case .max:
      if let indices {
        maxPool2dForward(input: x, output: y, indices: indices, geometry: geometry)
      } else {
        maxPool2dForward(input: x, output: y, geometry: geometry)
      }
    case .average: averagePool2dForward(input: x, output: y, geometry: geometry)
    }
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    let dx = inputGradient.view(outputGradient.shape[0])
    switch kind {
    case .max:
      guard let indices else { preconditionFailure("backward on a layer built for inference") }
      maxPool2dBackward(
        outputGradient: outputGradient, indices: indices, inputGradient: dx, geometry: geometry)
    case .average:
      averagePool2dBackward(outputGradient: outputGradient, inputGradient: dx, geometry: geometry)
    }
    return [dx]
  }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    guard let g = try? resolveGeometry(inputShapes) else { return 0 }
    return saturatingProduct(
      g.outputHeight * g.outputWidth * g.channels, config.poolSize.height, config.poolSize.width)
  }
}

/// Mean over height and width: (h, w, c) → (c,) (Keras `GlobalAveragePooling2D`).
public final class GlobalAveragePooling2DLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// The spec's type name.
  public var typeName: String { "global_average_pooling2d" }
  /// Keras's class name, for summaries.
  public var className: String { "GlobalAveragePooling2D" }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!

  /// Creates the layer.
  public init(name: String) { self.name = name }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    try expectRank(inputShapes[0], 3, "height, width, channels")
    return [inputShapes[0][2]]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    output = BatchBuffer(try outputShape(for: inputShapes), maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(backwardOnly: inputShapes[0], maxBatchSize: maxBatchSize, context: context)
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let y = output.view(inputs[0].shape[0])
    globalAveragePool2dForward(input: inputs[0], output: y)
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    let dx = inputGradient.view(outputGradient.shape[0])
    globalAveragePool2dBackward(outputGradient: outputGradient, inputGradient: dx)
    return [dx]
  }

  /// Forward FLOPs per example (a multiply-add counts 2).
  public func flopsPerExample(inputShapes: [Shape]) -> Int { inputShapes.first?.count ?? 0 }
}
