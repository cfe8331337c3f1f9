import Tensors

/// Keras `RandomTranslation`, `RandomRotation` and `RandomZoom`: in training, each image is
/// warped by its own random affine transform (see `AffineAugmentation` for how each is drawn and
/// `affineWarpForward` for the sampling); at inference the layer is the identity.
///
/// Draws come from the stream `<type>/<layer>/step-<n>` (n = the graph's training step), so a run
/// is reproducible and resumes exactly. For fixed draws the warp is linear in the input, and the
/// backward pass is its exact adjoint, so the layer may sit anywhere in a model.
public final class AffineAugmentationLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// The random transform and sampling.
  public let config: AffineAugmentationConfig
  /// The spec's type name (`random_rotation`).
  public var typeName: String { config.transform.typeName }
  /// Keras's class name, for summaries.
  public var className: String { config.transform.className }
  /// No parameters.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  /// Six numbers per image: the transforms of the last training forward.
  private var transforms: [Float] = []
  private var lastWasTraining = false

  /// Creates the layer.
  public init(name: String, config: AffineAugmentationConfig) {
    self.name = name
    self.config = config
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
    transforms = Array(repeating: 0, count: 6 * maxBatchSize)
  }

  /// Warps in training; returns the input itself at inference.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastWasTraining = training
    guard training else { return x }
    let (batch, h, w) = (x.shape[0], x.shape[1], x.shape[2])
    var stream = RandomStream(seed: context.seed, name: "\(typeName)/\(name)/step-\(context.step)")
    transforms.withUnsafeMutableBufferPointer { t in
      for s in 0..<batch {
        config.transform.drawTransform(&stream, height: h, width: w, into: t.baseAddress! + 6 * s)
      }
    }
    let y = output.view(batch)
    transforms.withUnsafeBufferPointer { t in
      affineWarpForward(input: x, output: y, transforms: t, sampling: config.sampling)
    }
    return y
  }

  /// The adjoint of the last training warp (the identity after an inference forward).
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    guard lastWasTraining else { return [outputGradient] }
    let dx = inputGradient.view(outputGradient.shape[0])
    transforms.withUnsafeBufferPointer { t in
      affineWarpBackward(
        outputGradient: outputGradient, inputGradient: dx, transforms: t, sampling: config.sampling)
    }
    return [dx]
  }

  /// The transforms `(a0, a1, a2, b0, b1, b2)` per image of the last training forward (for tests).
  public var lastTransforms: [Float] { transforms }
}
