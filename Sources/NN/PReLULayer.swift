import Tensors

/// Configuration of Keras's `PReLU` layer.
public struct PReLUConfig: Sendable, Equatable {
  /// `alpha_initializer` (default `zeros`).
  public var alphaInitializer: Initializer
  /// `alpha_regularizer` (default none).
  public var alphaRegularizer: Regularizer?
  /// `shared_axes`: input axes (1 = the first after the batch) along which one slope is shared.
  public var sharedAxes: [Int]

  /// Creates a configuration with Keras's defaults.
  public init(
    alphaInitializer: Initializer = .zeros, alphaRegularizer: Regularizer? = nil, sharedAxes: [Int] = []
  ) {
    self.alphaInitializer = alphaInitializer
    self.alphaRegularizer = alphaRegularizer
    self.sharedAxes = sharedAxes
  }
}

/// Keras's `PReLU`: f(x) = x for x > 0, alpha·x otherwise, with a learned `alpha` of the input's
/// shape (batch excluded) where each shared axis has size 1, e.g. (1, 1, channels) for
/// `shared_axes: [1, 2]` on images.
///
/// As Keras computes it (relu(x) − alpha·relu(−x)), the input gradient at exactly 0 is 0.
public final class PReLULayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// The layer's configuration.
  public let config: PReLUConfig
  /// The spec's type name.
  public var typeName: String { "prelu" }
  /// Keras's class name, for summaries.
  public var className: String { "PReLU" }
  /// `[alpha]` once built.
  public private(set) var parameters: [Parameter] = []
  private var alpha: Parameter!
  /// For each element of one example, the index of its slope in `alpha`.
  private var slopeIndex: [Int] = []
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  private var lastInput: Tensor?

  /// Creates an unbuilt layer.
  public init(name: String, config: PReLUConfig = PReLUConfig()) {
    self.name = name
    self.config = config
  }

  /// The shape of `alpha` for an input of `shape` (batch excluded).
  public func alphaShape(for shape: Shape) throws(ShapeError) -> Shape {
    var dims = shape.dims
    for axis in config.sharedAxes {
      guard axis >= 1 && axis <= shape.rank else {
        throw shapeError(
          "shared_axes \(config.sharedAxes): axis \(axis) is not an axis 1...\(shape.rank) of input \(shape)")
      }
      dims[axis - 1] = 1
    }
    return Shape(dims)
  }

  /// The input shape, unchanged.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    let alphaShape = try alphaShape(for: inputShapes[0])
    if let reason = config.alphaInitializer.unsupportedShapeReason(alphaShape) {
      throw shapeError("alpha_initializer: \(reason)")
    }
    return inputShapes[0]
  }

  /// Creates `alpha`, the slope index and the buffers.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let shape = try outputShape(for: inputShapes)
    let alphaShape = try alphaShape(for: shape)
    alpha = context.makeParameter(name + "/alpha", shape: alphaShape, initializer: config.alphaInitializer)
    parameters = [alpha]
    // Row-major broadcasting: an element's slope index is its index with shared axes set to 0.
    let dims = shape.dims, alphaDims = alphaShape.dims
    var alphaStrides = [Int](repeating: 1, count: dims.count)
    for k in stride(from: dims.count - 2, through: 0, by: -1) {
      alphaStrides[k] = alphaStrides[k + 1] * alphaDims[k + 1]
    }
    slopeIndex = [Int](repeating: 0, count: shape.count)
    var position = [Int](repeating: 0, count: dims.count)
    for i in 0..<shape.count {
      var j = 0
      for k in 0..<dims.count where alphaDims[k] != 1 { j += position[k] * alphaStrides[k] }
      slopeIndex[i] = j
      var k = dims.count - 1
      while k >= 0 {
        position[k] += 1
        if position[k] < dims[k] { break }
        position[k] = 0
        k -= 1
      }
    }
    output = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(backwardOnly: shape, maxBatchSize: maxBatchSize, context: context)
  }

  /// `alpha` with its regularizer, if one is configured.
  public var regularizedParameters: [(Parameter, Regularizer)] {
    guard let r = config.alphaRegularizer, let alpha else { return [] }
    return [(alpha, r)]
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    let batch = x.shape[0], n = slopeIndex.count
    precondition(x.count == batch * n, "prelu '\(name)': input \(x.shape)")
    lastInput = x
    let y = output.view(batch)
    let xp = UnsafePointer(x.buffer.baseAddress!), yp = y.buffer.baseAddress!
    let a = UnsafePointer(alpha.value.buffer.baseAddress!)
    slopeIndex.withUnsafeBufferPointer { index in
      parallelFor(batch, workPerItem: 2 * n) { rows in
        for r in rows {
          let o = r * n
          for i in 0..<n {
            let v = xp[o + i]
            yp[o + i] = v > 0 ? v : a[index[i]] * v
          }
        }
      }
    }
    return y
  }

  /// Input gradients for the last forward; d alpha accumulates Σ x·dy over the negative inputs.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    guard let x = lastInput else { preconditionFailure("prelu '\(name)': backward before forward") }
    let batch = x.shape[0], n = slopeIndex.count
    let dx = inputGradient.view(batch)
    let xp = UnsafePointer(x.buffer.baseAddress!), dy = UnsafePointer(outputGradient.buffer.baseAddress!)
    let dxp = dx.buffer.baseAddress!
    let a = UnsafePointer(alpha.value.buffer.baseAddress!), da = alpha.gradient.buffer.baseAddress!
    // Serial: the slope gradient sums over the batch and shared axes.
    slopeIndex.withUnsafeBufferPointer { index in
      for r in 0..<batch {
        let o = r * n
        for i in 0..<n {
          let v = xp[o + i], g = dy[o + i]
          if v > 0 {
            dxp[o + i] = g
          } else {
            dxp[o + i] = v < 0 ? a[index[i]] * g : 0
            da[index[i]] += v * g
          }
        }
      }
    }
    return [dx]
  }

  /// `alpha`'s element count.
  public func parameterCount(inputShapes: [Shape]) -> (trainable: Int, nonTrainable: Int) {
    guard let shape = inputShapes.first, let alphaShape = try? alphaShape(for: shape) else { return (0, 0) }
    return (alphaShape.count, 0)
  }

  /// A comparison and a multiply per element.
  public func flopsPerExample(inputShapes: [Shape]) -> Int { 2 * (inputShapes.first?.count ?? 0) }
}
