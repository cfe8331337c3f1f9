import Tensors

/// Keras `RandomContrast`: in training, each image's channels are moved away from or towards their
/// mean over height and width, `y = clip((x − mean) · a + mean, value_range)`, with one factor `a`
/// per image drawn from `[1 − lower, 1 + upper]`; at inference the layer is the identity.
///
/// As Keras documents it, one number `f` means `lower = upper = f` (Keras 3.15's code draws from
/// `[1, 1 + f]` then, since its shared factor check clips the lower bound at 0). Draws come from
/// the stream `random_contrast/<layer>/step-<n>`. The backward pass is exact: clipped outputs pass
/// no gradient, and the mean's share is spread back over the image.
public final class RandomContrastLayer: Layer {
  /// The layer's unique name in the graph.
  public let name: String
  /// The factor's bounds: `a` is drawn from `[1 − lower, 1 + upper]`.
  public let lower: Float
  /// See `lower`.
  public let upper: Float
  /// Outputs are clipped to this range (Keras's default (0, 255)).
  public let valueRange: (low: Float, high: Float)
  /// The spec's type name.
  public var typeName: String { "random_contrast" }
  /// Keras's class name, for summaries.
  public var className: String { "RandomContrast" }
  /// No parameters.
  public var parameters: [Parameter] { [] }
  private var output: BatchBuffer!
  private var inputGradient: BatchBuffer!
  private var factors: [Float] = []
  private var lastWasTraining = false

  /// Creates the layer; `lower` and `upper` in [0, 1], a non-empty value range.
  public init(name: String, lower: Float, upper: Float, valueRange: (low: Float, high: Float) = (0, 255)) {
    precondition(
      lower >= 0 && lower <= 1 && upper >= 0 && upper <= 1, "random_contrast: factor must be in [0, 1]")
    precondition(valueRange.low < valueRange.high, "random_contrast: value_range must be increasing")
    self.name = name
    self.lower = lower
    self.upper = upper
    self.valueRange = valueRange
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
    factors = Array(repeating: 1, count: maxBatchSize)
  }

  /// Adjusts contrast in training; returns the input itself at inference.
  public func forward(_ inputs: [Tensor], training: Bool, context: LayerContext) -> Tensor {
    let x = inputs[0]
    lastWasTraining = training
    guard training else { return x }
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    var stream = RandomStream(seed: context.seed, name: "random_contrast/\(name)/step-\(context.step)")
    for s in 0..<n { factors[s] = (1 - lower) + (lower + upper) * stream.nextUniform() }
    let y = output.view(n)
    let src = UnsafePointer(x.buffer.baseAddress!), dst = y.buffer.baseAddress!
    let (low, high) = valueRange
    factors.withUnsafeBufferPointer { a in
      parallelFor(n, workPerItem: 3 * h * w * c) { samples in
        for s in samples {
          let xs = src + s * h * w * c, ys = dst + s * h * w * c
          for k in 0..<c {
            let m = channelMean(xs, k, h * w, c)
            for p in 0..<(h * w) { ys[p * c + k] = min(max((xs[p * c + k] - m) * a[s] + m, low), high) }
          }
        }
      }
    }
    return y
  }

  /// `dx = a·g + (1 − a)·mean(g)` per image and channel, with `g` the output gradient where the
  /// output was not clipped.
  public func backward(_ outputGradient: Tensor) -> [Tensor] {
    guard lastWasTraining else { return [outputGradient] }
    let (n, h, w, c) = (
      outputGradient.shape[0], outputGradient.shape[1], outputGradient.shape[2], outputGradient.shape[3]
    )
    let dx = inputGradient.view(n)
    let dy = UnsafePointer(outputGradient.buffer.baseAddress!), d = dx.buffer.baseAddress!
    let y = UnsafePointer(output.view(n).buffer.baseAddress!)
    let (low, high) = valueRange
    factors.withUnsafeBufferPointer { a in
      parallelFor(n, workPerItem: 3 * h * w * c) { samples in
        for s in samples {
          let offset = s * h * w * c
          for k in 0..<c {
            var sum: Float = 0
            for p in 0..<(h * w) {
              let i = offset + p * c + k
              // An output at a bound was clipped (or sits exactly on it, where the kink is).
              let g = y[i] > low && y[i] < high ? dy[i] : 0
              d[i] = g
              sum += g
            }
            let share = (1 - a[s]) * sum / Float(h * w)
            for p in 0..<(h * w) {
              let i = offset + p * c + k
              d[i] = a[s] * d[i] + share
            }
          }
        }
      }
    }
    return [dx]
  }

  /// The factors `a` per image of the last training forward (for tests).
  public var lastFactors: [Float] { factors }
}

@inline(__always)
private func channelMean(_ x: UnsafePointer<Float>, _ k: Int, _ pixels: Int, _ c: Int) -> Float {
  var sum: Float = 0
  for p in 0..<pixels { sum += x[p * c + k] }
  return sum / Float(pixels)
}
