import Tensors

/// A weight initializer, as Keras 3 defines it (`keras/src/initializers/`).
///
/// Variance-scaling initializers use n = fan_in, fan_out or (fan_in + fan_out)/2, with fans as
/// Keras computes them: a dense kernel (in, out) has fan_in = in, fan_out = out; a conv kernel
/// (kh, kw, in, out) has fan_in = kh·kw·in, fan_out = kh·kw·out.
/// - `glorot_uniform`: U(−l, l), l = √(6 / (fan_in + fan_out)).
/// - `glorot_normal`: truncated normal (±2σ), σ = √(1 / fan_avg) / 0.87962566103423978.
/// - `he_normal`: truncated normal, σ = √(2 / fan_in) / 0.8796…; `he_uniform`: l = √(6 / fan_in).
/// - `lecun_normal`: truncated normal, σ = √(1 / fan_in) / 0.8796…
/// - `random_normal`: N(mean 0, stddev 0.05), not truncated. `zeros`, `ones`.
public enum Initializer: Sendable, Equatable {
  case glorotUniform
  case glorotNormal
  case heNormal
  case heUniform
  case lecunNormal
  case zeros
  case ones
  case randomNormal(mean: Float = 0, stddev: Float = 0.05)

  /// The initializer with a Keras name (`glorot_uniform`), with default arguments.
  public init?(name: String) {
    switch name {
    case "glorot_uniform": self = .glorotUniform
    case "glorot_normal": self = .glorotNormal
    case "he_normal": self = .heNormal
    case "he_uniform": self = .heUniform
    case "lecun_normal": self = .lecunNormal
    case "zeros": self = .zeros
    case "ones": self = .ones
    case "random_normal": self = .randomNormal()
    default: return nil
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

  /// Fills `tensor` drawing from `stream`.
  public func fill(_ tensor: Tensor, stream: inout RandomStream) {
    let (fanIn, fanOut) = Initializer.fans(of: tensor.shape)
    let buffer = tensor.buffer
    switch self {
    case .zeros: buffer.update(repeating: 0)
    case .ones: buffer.update(repeating: 1)
    case .randomNormal(let mean, let stddev): stream.fillNormal(buffer, mean: mean, stddev: stddev)
    case .glorotUniform:
      let limit = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
      stream.fillUniform(buffer, low: -limit, high: limit)
    case .heUniform:
      let limit = Float((6.0 / Double(fanIn)).squareRoot())
      stream.fillUniform(buffer, low: -limit, high: limit)
    case .glorotNormal:
      Initializer.fillTruncatedNormal(buffer, variance: 2.0 / Double(fanIn + fanOut), stream: &stream)
    case .heNormal:
      Initializer.fillTruncatedNormal(buffer, variance: 2.0 / Double(fanIn), stream: &stream)
    case .lecunNormal:
      Initializer.fillTruncatedNormal(buffer, variance: 1.0 / Double(fanIn), stream: &stream)
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
