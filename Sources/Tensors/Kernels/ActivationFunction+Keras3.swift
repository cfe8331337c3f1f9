/// The activations Keras 3 added beside the classic ones (see the table on `ActivationFunction`).
extension ActivationFunction {
  /// SELU's constants (Klambauer et al. 2017), as Keras and ONNX's Selu.
  public static let seluAlpha: Float = 1.673_263_242_354_377_3
  /// SELU's scale λ.
  public static let seluScale: Float = 1.050_700_987_355_480_5

  @usableFromInline
  func applyForwardKeras3(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    switch self {
    case .selu:
      let a = Self.seluAlpha, s = Self.seluScale
      for i in 0..<n { y[i] = x[i] > 0 ? s * x[i] : s * a * expm1f32(x[i]) }
    case .relu6:
      for i in 0..<n { y[i] = min(max(x[i], 0), 6) }
    case .softplus:
      for i in 0..<n { y[i] = softplusf32(x[i]) }
    case .softsign:
      for i in 0..<n { y[i] = x[i] / (1 + abs(x[i])) }
    case .hardSigmoid:
      // ONNX's HardSigmoid form (α = 1/6, β = 1/2), equal to Keras's relu6(x + 3) / 6.
      for i in 0..<n { y[i] = min(max(x[i] * (1 / 6) + 0.5, 0), 1) }
    case .hardSilu:
      for i in 0..<n { y[i] = x[i] * min(max(x[i] * (1 / 6) + 0.5, 0), 1) }
    case .mish:
      for i in 0..<n { y[i] = x[i] * tanhf32(softplusf32(x[i])) }
    case .exponential:
      for i in 0..<n { y[i] = expf32(x[i]) }
    case .rectifier(let slope, let maxValue, let threshold):
      for i in 0..<n {
        let v = x[i]
        y[i] = v > threshold ? min(v, maxValue) : slope * (v - threshold)
      }
    default:
      preconditionFailure("\(self) is not a Keras 3 addition")
    }
  }

  @usableFromInline
  func applyBackwardKeras3(
    _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
    _ dx: UnsafeMutablePointer<Float>, _ n: Int
  ) {
    switch self {
    case .selu:
      // The negative branch from the output: d/dx λα(e^x − 1) = y + λα. selu(x) > 0 exactly
      // where x > 0, so `x` may be the output.
      let sa = Self.seluScale * Self.seluAlpha, s = Self.seluScale
      for i in 0..<n { dx[i] = x[i] > 0 ? s * dy[i] : dy[i] * (y[i] + sa) }
    case .relu6:
      // 0 < y < 6 exactly where 0 < x < 6, so `x` may be the output.
      for i in 0..<n { dx[i] = x[i] > 0 && x[i] < 6 ? dy[i] : 0 }
    case .softplus:
      for i in 0..<n { dx[i] = dy[i] * logistic(x[i]) }
    case .softsign:
      for i in 0..<n {
        let d = 1 + abs(x[i])
        dx[i] = dy[i] / (d * d)
      }
    case .hardSigmoid:
      for i in 0..<n { dx[i] = x[i] > -3 && x[i] < 3 ? dy[i] * (1 / 6) : 0 }
    case .hardSilu:
      for i in 0..<n {
        let v = x[i]
        dx[i] = v <= -3 ? 0 : v >= 3 ? dy[i] : dy[i] * (v * (1 / 3) + 0.5)
      }
    case .mish:
      // d/dx x·tanh(sp(x)) = tanh(sp) + x·σ(x)·(1 − tanh²(sp)).
      for i in 0..<n {
        let v = x[i]
        let t = tanhf32(softplusf32(v))
        dx[i] = dy[i] * (t + v * logistic(v) * (1 - t * t))
      }
    case .exponential:
      for i in 0..<n { dx[i] = dy[i] * y[i] }
    case .rectifier(let slope, let maxValue, let threshold):
      for i in 0..<n {
        let v = x[i]
        dx[i] = v > threshold ? (v < maxValue ? dy[i] : 0) : slope * dy[i]
      }
    default:
      preconditionFailure("\(self) is not a Keras 3 addition")
    }
  }
}
