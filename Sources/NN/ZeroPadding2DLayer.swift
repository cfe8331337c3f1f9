import Tensors

/// Zero rows above and below, zero columns left and right of NHWC images (Keras `ZeroPadding2D`).
public final class ZeroPadding2DLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// Rows added above and below, columns added left and right.
  public let padding: (top: Int, bottom: Int, left: Int, right: Int)
  /// The spec's type name.
  public var typeName: String { "zero_padding2d" }
  /// Keras's class name, for summaries.
  public var className: String { "ZeroPadding2D" }
  /// Parameters in Keras order; empty before `build`.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  private var inputShape: Shape = []

  /// Creates the layer; every padding must be ≥ 0.
  public init(name: String, padding: (top: Int, bottom: Int, left: Int, right: Int)) {
    precondition(
      padding.top >= 0 && padding.bottom >= 0 && padding.left >= 0 && padding.right >= 0,
      "zero_padding2d: padding must be >= 0")
    self.name = name
    self.padding = padding
  }

  /// The output shape for these input shapes (batch excluded); throws for shapes the layer cannot take.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    let s = inputShapes[0]
    try expectRank(s, 3, "height, width, channels")
    let limit = Int.max / 4
    guard padding.top <= limit, padding.bottom <= limit, padding.left <= limit, padding.right <= limit else {
      throw shapeError("padding \(padding) of input \(s) is too large")
    }
    let (h, hOverflow) = s[0].addingReportingOverflow(padding.top + padding.bottom)
    let (w, wOverflow) = s[1].addingReportingOverflow(padding.left + padding.right)
    if hOverflow || wOverflow { throw shapeError("padding \(padding) of input \(s) is too large") }
    return [h, w, s[2]]
  }

  /// Creates parameters and buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    output = BatchBuffer(try outputShape(for: inputShapes), maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(backwardOnly: inputShapes[0], maxBatchSize: maxBatchSize, context: context)
    inputShape = inputShapes[0]
  }

  /// Copies each input row of `h` rows × `w·c` floats into its place in the padded image, or back.
  private func copyRows(batch: Int, padded: Tensor, image: Tensor, toPadded: Bool) {
    let h = inputShape[0], rowLength = inputShape[1] * inputShape[2]
    let c = inputShape[2]
    let paddedWidth = inputShape[1] + padding.left + padding.right
    let paddedHeight = h + padding.top + padding.bottom
    let p = padded.buffer.baseAddress!, x = image.buffer.baseAddress!
    let top = padding.top, left = padding.left
    parallelFor(batch * h, workPerItem: rowLength) { range in
      for k in range {
        let n = k / h, i = k % h
        let src = x + k * rowLength
        let dst = p + ((n * paddedHeight + i + top) * paddedWidth + left) * c
        if toPadded { dst.update(from: src, count: rowLength) } else { src.update(from: dst, count: rowLength) }
      }
    }
  }

  /// Forward pass; returns a view of this layer's output buffer.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    let y = output.view(x.shape[0])
    y.zero()
    copyRows(batch: x.shape[0], padded: y, image: x, toPadded: true)
    return y
  }

  /// Input gradients for the last forward; parameter gradients accumulate.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    let batch = outputGradient.shape[0]
    let dx = inputGradient.view(batch)
    copyRows(batch: batch, padded: outputGradient, image: dx, toPadded: false)
    return [dx]
  }
}
