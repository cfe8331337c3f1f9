import Tensors

/// A weight initializer, as Keras 3 defines it (`keras/src/initializers/`).
///
/// Variance-scaling initializers use n = fan_in, fan_out or (fan_in + fan_out)/2, with fans as
/// Keras computes them: a dense kernel (in, out) has fan_in = in, fan_out = out; a conv kernel
/// (kh, kw, in, out) has fan_in = kh·kw·in, fan_out = kh·kw·out.
/// - `variance_scaling(scale 1, mode fan_in, distribution truncated_normal)`: variance s = scale / n;
///   truncated normal (±2σ) with σ = √s / 0.87962566103423978, untruncated normal with σ = √s, or
///   uniform in ±√(3s). The named ones below are special cases.
/// - `glorot_uniform`: U(−l, l), l = √(6 / (fan_in + fan_out)).
/// - `glorot_normal`: truncated normal (±2σ), σ = √(1 / fan_avg) / 0.87962566103423978.
/// - `he_normal`: truncated normal, σ = √(2 / fan_in) / 0.8796…; `he_uniform`: l = √(6 / fan_in).
/// - `lecun_normal`: truncated normal, σ = √(1 / fan_in) / 0.8796…; `lecun_uniform`: l = √(3 / fan_in).
/// - `random_normal`: N(mean 0, stddev 0.05), not truncated; `truncated_normal`: the same
///   redrawn beyond 2 stddev; `random_uniform`: U(−0.05, 0.05).
/// - `orthogonal(gain 1)`: the Q of a QR decomposition of a normal matrix, see `fillOrthogonal`.
/// - `identity(gain 1)`: gain · I (2-D weights only, a rectangular I for non-square ones).
/// - `zeros`, `ones`, `constant(value 0)`.
///
/// Keras's per-initializer `seed` argument is not taken: every initializer draws from the run's
/// seed and the parameter's name (`fill(_:seed:parameterName:)`).
public enum Initializer: Sendable, Equatable {
  case glorotUniform
  case glorotNormal
  case heNormal
  case heUniform
  case lecunNormal
  case lecunUniform
  case zeros
  case ones
  case constant(value: Float = 0)
  case randomNormal(mean: Float = 0, stddev: Float = 0.05)
  case truncatedNormal(mean: Float = 0, stddev: Float = 0.05)
  case randomUniform(minval: Float = -0.05, maxval: Float = 0.05)
  case varianceScaling(
    scale: Double = 1, mode: FanMode = .fanIn, distribution: Distribution = .truncatedNormal)
  case orthogonal(gain: Float = 1)
  case identity(gain: Float = 1)

  /// Which fan variance scaling divides by.
  public enum FanMode: String, Sendable, CaseIterable {
    case fanIn = "fan_in"
    case fanOut = "fan_out"
    case fanAvg = "fan_avg"
  }

  /// What variance scaling draws from.
  public enum Distribution: String, Sendable, CaseIterable {
    case truncatedNormal = "truncated_normal"
    case untruncatedNormal = "untruncated_normal"
    case uniform
  }

  /// The initializer with a Keras name (`glorot_uniform`), with default arguments.
  public init?(name: String) {
    switch name {
    case "glorot_uniform": self = .glorotUniform
    case "glorot_normal": self = .glorotNormal
    case "he_normal": self = .heNormal
    case "he_uniform": self = .heUniform
    case "lecun_normal": self = .lecunNormal
    case "lecun_uniform": self = .lecunUniform
    case "zeros": self = .zeros
    case "ones": self = .ones
    case "constant": self = .constant()
    case "random_normal": self = .randomNormal()
    case "truncated_normal": self = .truncatedNormal()
    case "random_uniform": self = .randomUniform()
    case "variance_scaling": self = .varianceScaling()
    case "orthogonal": self = .orthogonal()
    case "identity": self = .identity()
    default: return nil
    }
  }

  /// Why this initializer cannot fill a weight of `shape`, or nil when it can (Keras raises a
  /// ValueError for these: orthogonal needs rank ≥ 2, identity rank 2).
  public func unsupportedShapeReason(_ shape: Shape) -> String? {
    switch self {
    case .orthogonal where shape.rank < 2:
      "orthogonal needs a weight of rank 2 or more, got shape \(shape)"
    case .identity where shape.rank != 2:
      "identity needs a 2-D weight, got shape \(shape)"
    default: nil
    }
  }

  /// The standard deviation of a unit normal truncated to ±2, which variance-scaling divides by.
  static let truncatedNormalCorrection: Double = 0.879_625_661_034_239_78

  /// Keras's (fan_in, fan_out) of a weight shape.
  public static func fans(of shape: Shape) -> (fanIn: Int, fanOut: Int) {
    switch shape.rank {
    case 0: return (1, 1)
    case 1: return (shape[0], shape[0])
    case 2: return (shape[0], shape[1])
    default:
      let receptive = shape.dims.dropLast(2).reduce(1, *)
      return (receptive * shape[shape.rank - 2], receptive * shape[shape.rank - 1])
    }
  }

  /// Fills `tensor` from the stream `init/<parameterName>` under `seed`.
  public func fill(_ tensor: Tensor, seed: UInt64, parameterName: String) {
    var stream = RandomStream(seed: seed, name: "init/" + parameterName)
    fill(tensor, stream: &stream)
  }

  /// Fills `tensor` drawing from `stream`. The shape must suit the initializer (see
  /// `unsupportedShapeReason`; the spec and the layers check it first).
  public func fill(_ tensor: Tensor, stream: inout RandomStream) {
    precondition(unsupportedShapeReason(tensor.shape) == nil, unsupportedShapeReason(tensor.shape) ?? "")
    let (fanIn, fanOut) = Initializer.fans(of: tensor.shape)
    let buffer = tensor.buffer
    switch self {
    case .zeros: buffer.update(repeating: 0)
    case .ones: buffer.update(repeating: 1)
    case .constant(let value): buffer.update(repeating: value)
    case .randomNormal(let mean, let stddev): stream.fillNormal(buffer, mean: mean, stddev: stddev)
    case .truncatedNormal(let mean, let stddev):
      for i in buffer.indices {
        var z = stream.nextNormal()
        while abs(z) > 2 { z = stream.nextNormal() }
        buffer[i] = mean + stddev * z
      }
    case .randomUniform(let low, let high): stream.fillUniform(buffer, low: low, high: high)
    case .glorotUniform:
      let limit = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
      stream.fillUniform(buffer, low: -limit, high: limit)
    case .heUniform:
      let limit = Float((6.0 / Double(fanIn)).squareRoot())
      stream.fillUniform(buffer, low: -limit, high: limit)
    case .lecunUniform:
      let limit = Float((3.0 / Double(fanIn)).squareRoot())
      stream.fillUniform(buffer, low: -limit, high: limit)
    case .glorotNormal:
      Initializer.fillTruncatedNormal(buffer, variance: 2.0 / Double(fanIn + fanOut), stream: &stream)
    case .heNormal:
      Initializer.fillTruncatedNormal(buffer, variance: 2.0 / Double(fanIn), stream: &stream)
    case .lecunNormal:
      Initializer.fillTruncatedNormal(buffer, variance: 1.0 / Double(fanIn), stream: &stream)
    case .varianceScaling(let scale, let mode, let distribution):
      let n: Double =
        switch mode {
        case .fanIn: max(1, Double(fanIn))
        case .fanOut: max(1, Double(fanOut))
        case .fanAvg: max(1, Double(fanIn + fanOut) / 2)
        }
      let variance = scale / n
      switch distribution {
      case .truncatedNormal: Initializer.fillTruncatedNormal(buffer, variance: variance, stream: &stream)
      case .untruncatedNormal: stream.fillNormal(buffer, mean: 0, stddev: Float(variance.squareRoot()))
      case .uniform:
        let limit = Float((3 * variance).squareRoot())
        stream.fillUniform(buffer, low: -limit, high: limit)
      }
    case .orthogonal(let gain): Initializer.fillOrthogonal(tensor, gain: gain, stream: &stream)
    case .identity(let gain):
      // Keras's ops.eye(rows, cols) · gain: ones on the main diagonal of a possibly
      // rectangular matrix.
      buffer.update(repeating: 0)
      let (rows, cols) = (tensor.shape[0], tensor.shape[1])
      for i in 0..<min(rows, cols) { buffer[i * cols + i] = gain }
    }
  }

  /// A normal truncated at ±2σ (values beyond are redrawn) with σ = √variance / 0.8796…, so the
  /// result has the requested variance.
  static func fillTruncatedNormal(
    _ buffer: UnsafeMutableBufferPointer<Float>, variance: Double, stream: inout RandomStream
  ) {
    let stddev = Float(variance.squareRoot() / truncatedNormalCorrection)
    for i in buffer.indices {
      var z = stream.nextNormal()
      while abs(z) > 2 { z = stream.nextNormal() }
      buffer[i] = stddev * z
    }
  }
}
