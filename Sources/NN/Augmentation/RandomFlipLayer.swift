import Tensors

/// Keras `RandomFlip`: in training, flips each image left–right and/or top–bottom with
/// probability 1/2 per axis; at inference it is the identity.
///
/// Draws come from the stream `random_flip/<layer>/step-<n>` (n = the graph's training step), two
/// per image (horizontal, then vertical), so a run is reproducible and resumes exactly. Keras 3.15
/// uses a single draw for both axes in `horizontal_and_vertical` mode (an image is flipped both
/// ways or not at all); here the axes are independent, as Keras 2 and the documentation have it.
public final class RandomFlipLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// Which axes may be flipped.
  public let mode: FlipMode
  /// The spec's type name.
  public var typeName: String { "random_flip" }
  /// Keras's class name, for summaries.
  public var className: String { "RandomFlip" }
  /// No parameters.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  /// Per image: (flip rows?, flip columns?) of the last training forward.
  private var flips: [(vertical: Bool, horizontal: Bool)] = []
  private var lastWasTraining = false

  /// Creates the layer.
  public init(name: String, mode: FlipMode = .horizontalAndVertical) {
    self.name = name
    self.mode = mode
  }

  /// The input shape: images (height, width, channels).
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    try expectRank(inputShapes[0], 3, "height, width, channels")
    return inputShapes[0]
  }

  /// Creates buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    let shape = try outputShape(for: inputShapes)
    output = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(backwardOnly: shape, maxBatchSize: maxBatchSize, context: context)
    flips = Array(repeating: (false, false), count: maxBatchSize)
  }

  /// Flips in training; returns the input itself at inference.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastWasTraining = training
    guard training else { return x }
    let batch = x.shape[0]
    var stream = RandomStream(seed: context.seed, name: "random_flip/\(name)/step-\(context.step)")
    for s in 0..<batch {
      let horizontal = stream.nextUniform() < 0.5
      let vertical = stream.nextUniform() < 0.5
      flips[s] = (
        vertical: vertical && mode != .horizontal, horizontal: horizontal && mode != .vertical
      )
    }
    let y = output.view(batch)
    flip(x, into: y)
    return y
  }

  /// A flip is its own adjoint: the gradient is flipped back the same way.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    guard lastWasTraining else { return [outputGradient] }
    let dx = inputGradient.view(outputGradient.shape[0])
    flip(outputGradient, into: dx)
    return [dx]
  }

  private func flip(_ x: Tensor, into y: Tensor) {
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let src = UnsafePointer(x.buffer.baseAddress!), dst = y.buffer.baseAddress!
    flips.withUnsafeBufferPointer { flips in
      parallelFor(n * h, workPerItem: w * c) { rows in
        for row in rows {
          let s = row / h, i = row % h
          let f = flips[s]
          let from = src + (s * h + (f.vertical ? h - 1 - i : i)) * w * c
          let to = dst + row * w * c
          if f.horizontal {
            for j in 0..<w {
              let s = from + (w - 1 - j) * c, d = to + j * c
              for k in 0..<c { d[k] = s[k] }
            }
          } else {
            to.update(from: from, count: w * c)
          }
        }
      }
    }
  }
}
