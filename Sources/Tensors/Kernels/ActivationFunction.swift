/// An elementwise activation with its forward and backward passes on buffers, defaults as Keras 3.
///
/// | case | forward | Keras 3 default |
/// | --- | --- | --- |
/// | `linear` | x | |
/// | `relu` | max(x, 0) | |
/// | `sigmoid` | 1 / (1 + e^{-x}) | |
/// | `tanh` | tanh x | |
/// | `leakyRelu(alpha:)` | x if x > 0 else αx | α = 0.2 |
/// | `elu(alpha:)` | x if x > 0 else α(e^x − 1) | α = 1 |
/// | `gelu(approximate:)` | x·Φ(x) = x/2·(1 + erf(x/√2)); approximate: x/2·(1 + tanh(√(2/π)(x + 0.044715x³))) | exact (`approximate: false`) |
/// | `swish` (= silu) | x·σ(x) | |
/// | `selu` | λx if x > 0 else λα(e^x − 1) | α = 1.6732632, λ = 1.0507010 |
/// | `relu6` | min(max(x, 0), 6) | |
/// | `softplus` | log(1 + e^x), as max(x, 0) + log1p(e^{−|x|}) | |
/// | `softsign` | x / (1 + \|x\|) | |
/// | `hardSigmoid` | max(0, min(1, x/6 + 1/2)) = relu6(x + 3)/6 | |
/// | `hardSilu` (= hard_swish) | x · hard_sigmoid(x) | |
/// | `mish` | x · tanh(softplus(x)) | |
/// | `exponential` | e^x | |
/// | `rectifier(negativeSlope:maxValue:threshold:)` | min(x, max) if x > threshold else slope·(x − threshold) | Keras's `ReLU` layer |
///
/// Derivatives at kinks follow TensorFlow: relu′(0) = 0, leaky_relu′(0) = α, elu′(0) = α, selu′(0) = λα;
/// relu6, hard_sigmoid and the rectifier have derivative 0 at both ends of their linear part.
/// Softmax is not elementwise: see `softmaxForward`.
public enum ActivationFunction: Sendable, Hashable {
  case linear
  case relu
  case sigmoid
  case tanh
  case leakyRelu(alpha: Float = 0.2)
  case elu(alpha: Float = 1)
  case gelu(approximate: Bool = false)
  case swish
  case selu
  case relu6
  case softplus
  case softsign
  case hardSigmoid
  case hardSilu
  case mish
  case exponential
  /// Keras's `ReLU` layer: `maxValue` may be `.infinity` (Keras's None); threshold ≥ 0.
  case rectifier(negativeSlope: Float, maxValue: Float, threshold: Float)

  /// `y[i] = f(x[i])` for `i < count`; `y` may equal `x`.
  @inlinable
  public func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
    applyForward(x, y, count)
  }

  /// `dx[i] = f′(x[i]) · dy[i]`, given the forward input `x` and output `y`; `dx` may equal `dy`.
  @inlinable
  public func applyBackward(
    input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>,
    inputGradient dx: UnsafeMutablePointer<Float>, count: Int
  ) {
    applyBackwardImpl(x, y, dy, dx, count)
  }

  /// Relative cost of one element, for deciding when to run in parallel.
  var costPerElement: Int {
    switch self {
    case .linear, .relu, .leakyRelu, .relu6, .rectifier: return 1
    default: return 16
    }
  }

  @usableFromInline
  func applyForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    switch self {
    case .linear:
      if UnsafePointer(y) != x { y.update(from: x, count: n) }
    case .relu:
      // SIMD by hand: `y` may be `x`, which defeats the loop vectoriser's alias checks.
      var i = 0
      while i + 16 <= n {
        let v = load16(x, i)
        store16(v.replacing(with: 0, where: .!(v .> 0)), y, i)
        i += 16
      }
      while i < n {
        y[i] = x[i] > 0 ? x[i] : 0
        i += 1
      }
    case .sigmoid:
      for i in 0..<n { y[i] = logistic(x[i]) }
    case .tanh:
      for i in 0..<n { y[i] = tanhf32(x[i]) }
    case .leakyRelu(let a):
      var i = 0
      while i + 16 <= n {
        let v = load16(x, i)
        store16(v.replacing(with: a * v, where: .!(v .> 0)), y, i)
        i += 16
      }
      while i < n {
        y[i] = x[i] > 0 ? x[i] : a * x[i]
        i += 1
      }
    case .elu(let a):
      for i in 0..<n { y[i] = x[i] > 0 ? x[i] : a * expm1f32(x[i]) }
    case .gelu(let approximate):
      if approximate {
        let c: Float = 0.797_884_560_802_865_4  // √(2/π)
        for i in 0..<n {
          let v = x[i]
          y[i] = 0.5 * v * (1 + tanhf32(c * (v + 0.044715 * v * v * v)))
        }
      } else {
        let r: Float = 0.707_106_781_186_547_5  // 1/√2
        for i in 0..<n { y[i] = 0.5 * x[i] * (1 + erff32(x[i] * r)) }
      }
    case .swish:
      for i in 0..<n { y[i] = x[i] * logistic(x[i]) }
    case .selu, .relu6, .softplus, .softsign, .hardSigmoid, .hardSilu, .mish, .exponential, .rectifier:
      applyForwardKeras3(x, y, n)
    }
  }

  @usableFromInline
  func applyBackwardImpl(
    _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
    _ dx: UnsafeMutablePointer<Float>, _ n: Int
  ) {
    switch self {
    case .linear:
      if UnsafePointer(dx) != dy { dx.update(from: dy, count: n) }
    case .relu:
      // SIMD by hand: `dx` may be `x` or `dy` (in-place backward), which defeats the loop
      // vectoriser's alias checks; each vector is read before it is written, so this is exact.
      var i = 0
      while i + 16 <= n {
        let g = load16(dy, i)
        store16(g.replacing(with: 0, where: .!(load16(x, i) .> 0)), dx, i)
        i += 16
      }
      while i < n {
        dx[i] = x[i] > 0 ? dy[i] : 0
        i += 1
      }
    case .sigmoid:
      var i = 0
      while i + 16 <= n {
        let v = load16(y, i)
        store16(load16(dy, i) * v * (1 - v), dx, i)
        i += 16
      }
      while i < n {
        dx[i] = dy[i] * y[i] * (1 - y[i])
        i += 1
      }
    case .tanh:
      var i = 0
      while i + 16 <= n {
        let v = load16(y, i)
        store16(load16(dy, i) * (1 - v * v), dx, i)
        i += 16
      }
      while i < n {
        dx[i] = dy[i] * (1 - y[i] * y[i])
        i += 1
      }
    case .leakyRelu(let a):
      var i = 0
      while i + 16 <= n {
        let g = load16(dy, i)
        store16(g.replacing(with: a * g, where: .!(load16(x, i) .> 0)), dx, i)
        i += 16
      }
      while i < n {
        dx[i] = x[i] > 0 ? dy[i] : a * dy[i]
        i += 1
      }
    case .elu(let a):
      for i in 0..<n { dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + a) }
    case .gelu(let approximate):
      if approximate {
        let c: Float = 0.797_884_560_802_865_4
        for i in 0..<n {
          let v = x[i]
          let t = tanhf32(c * (v + 0.044715 * v * v * v))
          let du = c * (1 + 3 * 0.044715 * v * v)
          dx[i] = dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * du)
        }
      } else {
        let r: Float = 0.707_106_781_186_547_5
        let invSqrt2Pi: Float = 0.398_942_280_401_432_7  // 1/√(2π)
        for i in 0..<n {
          let v = x[i]
          let cdf = 0.5 * (1 + erff32(v * r))
          let pdf = invSqrt2Pi * expf32(-0.5 * v * v)
          dx[i] = dy[i] * (cdf + v * pdf)
        }
      }
    case .swish:
      for i in 0..<n {
        let s = logistic(x[i])
        dx[i] = dy[i] * s * (1 + x[i] * (1 - s))
      }
    case .selu, .relu6, .softplus, .softsign, .hardSigmoid, .hardSilu, .mish, .exponential, .rectifier:
      applyBackwardKeras3(x, y, dy, dx, n)
    }
  }
}

/// `output = f(input)` elementwise over whole tensors (parallel for large ones); may run in place.
public func activationForward(_ f: ActivationFunction, input: Tensor, output: Tensor) {
  precondition(input.count == output.count, "activation: input \(input.shape), output \(output.shape)")
  let x = UnsafePointer(input.buffer.baseAddress!), y = output.buffer.baseAddress!
  parallelFor(input.count, workPerItem: f.costPerElement) { r in
    f.apply(x + r.lowerBound, y + r.lowerBound, count: r.count)
  }
}

/// `inputGradient = f′(input) · outputGradient`; `inputGradient` may be `outputGradient`.
public func activationBackward(
  _ f: ActivationFunction, input: Tensor, output: Tensor, outputGradient: Tensor, inputGradient: Tensor
) {
  let n = input.count
  precondition(
    output.count == n && outputGradient.count == n && inputGradient.count == n,
    "activation backward: shapes \(input.shape), \(output.shape), \(outputGradient.shape), \(inputGradient.shape)"
  )
  let x = UnsafePointer(input.buffer.baseAddress!), y = UnsafePointer(output.buffer.baseAddress!)
  let dy = UnsafePointer(outputGradient.buffer.baseAddress!), dx = inputGradient.buffer.baseAddress!
  parallelFor(n, workPerItem: f.costPerElement) { r in
    let o = r.lowerBound
    f.applyBackward(
      input: x + o, output: y + o, outputGradient: dy + o, inputGradient: dx + o, count: r.count)
  }
}

/// 16 floats from `p + i` (no alignment required).
@usableFromInline @inline(__always)
func load16(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD16<Float> {
  UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
}

/// Stores 16 floats at `p + i` (no alignment required).
@usableFromInline @inline(__always)
func store16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
  UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD16<Float>.self)
}
