import Tensors

/// Keras `RandomCrop`: output images of `height × width`.
///
/// In training, when the input is larger than the target in both height and width, one random
/// window is cut (the same for the whole batch, as Keras does), drawn from the stream
/// `random_crop/<layer>/step-<n>`. Otherwise, and always at inference, the layer takes the largest
/// centred window with the target's aspect ratio and resizes it bilinearly to the target (Keras's
/// documented rule, `get_random_transformation`'s `else` branch; Keras 3.15's
/// `transform_images` skips this at inference, keras-team/keras#21868, which leaves the
/// inference output at the input size). The backward pass is the exact adjoint (a scatter).
public final class RandomCropLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// Output height.
  public let height: Int
  /// Output width.
  public let width: Int
  /// The spec's type name.
  public var typeName: String { "random_crop" }
  /// Keras's class name, for summaries.
  public var className: String { "RandomCrop" }
  /// No parameters.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  private var rows: AxisTaps
  private var columns: AxisTaps

  /// Creates the layer; `height` and `width` must be positive.
  public init(name: String, height: Int, width: Int) {
    precondition(height > 0 && width > 0, "random_crop: height and width must be positive")
    self.name = name
    self.height = height
    self.width = width
    rows = AxisTaps(count: height)
    columns = AxisTaps(count: width)
  }

  /// `(height, width, channels)`.
  public func outputShape(for inputShapes: [Shape]) throws(ShapeError) -> Shape {
    try expectInputCount(inputShapes, 1)
    let s = inputShapes[0]
    try expectRank(s, 3, "height, width, channels")
    return [height, width, s[2]]
  }

  /// Creates buffers for batches up to `maxBatchSize`.
  public func build(inputShapes: [Shape], maxBatchSize: Int, context: LayerContext) throws(ShapeError) {
    output = BatchBuffer(try outputShape(for: inputShapes), maxBatchSize: maxBatchSize)
    inputGradient = BatchBuffer(backwardOnly: inputShapes[0], maxBatchSize: maxBatchSize, context: context)
  }

  /// The window Keras uses outside random cropping: the largest centred window with the target's
  /// aspect ratio in an `h × w` input, as (top, left, height, width).
  public func inferenceWindow(inputHeight h: Int, inputWidth w: Int) -> (
    top: Int, left: Int, height: Int, width: Int
  ) {
    // Keras: int(float(input_width * height) / width), clipped to [1, input_height]; likewise across.
    let cropHeight = max(min(h, Int(Double(w * height) / Double(width))), 1)
    let cropWidth = max(min(w, Int(Double(h * width) / Double(height))), 1)
    return ((h - cropHeight) / 2, (w - cropWidth) / 2, cropHeight, cropWidth)
  }

  /// Crops (and, outside random cropping, resizes) every image.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    let (h, w) = (x.shape[1], x.shape[2])
    if training && h > height && w > width {
      var stream = RandomStream(seed: context.seed, name: "random_crop/\(name)/step-\(context.step)")
      let top = stream.nextInt(below: h - height + 1)
      let left = stream.nextInt(below: w - width + 1)
      rows.set(start: top, size: height)
      columns.set(start: left, size: width)
    } else {
      let window = inferenceWindow(inputHeight: h, inputWidth: w)
      rows.set(start: window.top, size: window.height)
      columns.set(start: window.left, size: window.width)
    }
    let y = output.view(x.shape[0])
    cropResizeForward(input: x, output: y, rows: rows, columns: columns)
    return y
  }

  /// Scatters the gradient back to the pixels the last forward read.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    let dx = inputGradient.view(outputGradient.shape[0])
    cropResizeBackward(outputGradient: outputGradient, inputGradient: dx, rows: rows, columns: columns)
    return [dx]
  }

  /// Floating-point operations per example of the bilinear read (a crop alone reads the same way).
  public func flopsPerExample(inputShapes: [Shape]) -> Int {
    guard let c = inputShapes.first?.dims.last else { return 0 }
    return 6 * height * width * c
  }
}
