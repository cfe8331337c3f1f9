import Tensors

/// A random amount drawn uniformly from `[lower, upper]` (Keras's `factor` arguments: one number
/// `f` means `[-|f|, |f|]`, two numbers are sorted).
public struct FactorRange: Sendable, Equatable {
  /// The smallest amount.
  public var lower: Float
  /// The largest amount.
  public var upper: Float

  /// `[lower, upper]`, sorted.
  public init(_ a: Float, _ b: Float) {
    lower = min(a, b)
    upper = max(a, b)
  }

  /// `[-|f|, |f|]`.
  public init(symmetric f: Float) {
    self.init(-abs(f), abs(f))
  }

  /// A draw from the range.
  func draw(_ stream: inout RandomStream) -> Float {
    lower + (upper - lower) * stream.nextUniform()
  }
}

/// Which axes `random_flip` may flip.
public enum FlipMode: String, Sendable, CaseIterable {
  /// Left–right.
  case horizontal
  /// Top–bottom.
  case vertical
  /// Each independently.
  case horizontalAndVertical = "horizontal_and_vertical"
}

/// The random geometric transform of an affine augmentation layer.
public enum AffineAugmentation: Sendable, Equatable {
  /// Keras `RandomTranslation`: shifts by fractions of the height and width.
  case translation(height: FactorRange, width: FactorRange)
  /// Keras `RandomRotation`: turns about the image centre by a fraction of a full turn
  /// (positive = counter-clockwise).
  case rotation(FactorRange)
  /// Keras `RandomZoom`: scales about the centre by `1 + factor` (positive zooms out); with no
  /// width range the width uses the height's draw.
  case zoom(height: FactorRange, width: FactorRange?)

  /// The spec's type name.
  public var typeName: String {
    switch self {
    case .translation: "random_translation"
    case .rotation: "random_rotation"
    case .zoom: "random_zoom"
    }
  }

  /// Keras's class name.
  public var className: String {
    switch self {
    case .translation: "RandomTranslation"
    case .rotation: "RandomRotation"
    case .zoom: "RandomZoom"
    }
  }

  /// Writes the six numbers `(a0, a1, a2, b0, b1, b2)` of one image's output → input map (see
  /// `affineWarpForward`) for an `h × w` image, as Keras builds them.
  func drawTransform(
    _ stream: inout RandomStream, height h: Int, width w: Int, into t: UnsafeMutablePointer<Float>
  ) {
    var (a0, a1, a2, b0, b1, b2): (Float, Float, Float, Float, Float, Float) = (1, 0, 0, 0, 1, 0)
    switch self {
    case .translation(let height, let width):
      // `_get_translation_matrix`: the output at (x, y) reads the input at (x − dx, y − dy).
      let dy = height.draw(&stream) * Float(h)
      let dx = width.draw(&stream) * Float(w)
      a2 = -dx
      b2 = -dy
    case .rotation(let factor):
      // `_compute_affine_matrix` with centre (0.5, 0.5) of (w − 1, h − 1), angle in radians.
      let angle = Double(factor.draw(&stream)) * 2 * Double.pi
      let cosine = Float(_cosine(angle)), sine = Float(_sine(angle))
      let cx = 0.5 * Float(w - 1), cy = 0.5 * Float(h - 1)
      a0 = cosine
      a1 = -sine
      a2 = cx - cx * a0 - cy * a1
      b0 = sine
      b1 = cosine
      b2 = cy - cx * b0 - cy * b1
    case .zoom(let height, let width):
      // `_get_zoom_matrix`: scales about ((w − 1) / 2, (h − 1) / 2).
      let zy = 1 + height.draw(&stream)
      let zx = width.map { 1 + $0.draw(&stream) } ?? zy
      a0 = zx
      a2 = Float(w - 1) / 2 * (1 - zx)
      b1 = zy
      b2 = Float(h - 1) / 2 * (1 - zy)
    }
    t[0] = a0
    t[1] = a1
    t[2] = a2
    t[3] = b0
    t[4] = b1
    t[5] = b2
  }
}

/// An affine augmentation layer's configuration: the random transform and how pixels are read.
public struct AffineAugmentationConfig: Sendable, Equatable {
  /// The random transform.
  public var transform: AffineAugmentation
  /// Fill mode, interpolation and fill value (Keras defaults: reflect, bilinear, 0).
  public var sampling: WarpSampling

  /// Creates a configuration.
  public init(_ transform: AffineAugmentation, sampling: WarpSampling = WarpSampling()) {
    self.transform = transform
    self.sampling = sampling
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func _cosine(_ x: Double) -> Double { Glibc.cos(x) }
  @inline(__always) func _sine(_ x: Double) -> Double { Glibc.sin(x) }
#else
  import Darwin
  @inline(__always) func _cosine(_ x: Double) -> Double { Darwin.cos(x) }
  @inline(__always) func _sine(_ x: Double) -> Double { Darwin.sin(x) }
#endif
