#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The per-element and per-row terms of the losses beyond mse, mae, huber and the crossentropies,
/// each with Keras 3's formula (`keras/src/losses/losses.py`) and its derivative.
extension Loss {
  /// Loss and derivative d/dp for one element of log_cosh, poisson, hinge, squared_hinge, mape,
  /// msle and binary focal crossentropy. `t` is already smoothed (focal) or signed (hinges).
  @inline(__always)
  func elementwiseExtra(_ p: Float, _ t: Float) -> (Float, Float) {
    let eps = Loss.epsilon
    switch kind {
    case .logCosh:
      // Keras's stable form x + softplus(−2x) − log 2; its derivative is tanh(x).
      let x = p - t
      let z = -2 * x
      return (x + max(z, 0) + log1pf(expf(-abs(z))) - logf(2), tanhf(x))
    case .poisson:
      return (p - t * logf(p + eps), 1 - t / (p + eps))
    case .hinge:
      let m = 1 - t * p
      return m > 0 ? (m, -t) : (0, 0)
    case .squaredHinge:
      let m = max(1 - t * p, 0)
      return (m * m, -2 * t * m)
    case .meanAbsolutePercentageError:
      let d = p - t
      let scale = 100 / max(abs(t), eps)
      return (abs(d) * scale, d > 0 ? scale : (d < 0 ? -scale : 0))
    case .meanSquaredLogarithmicError:
      // log(max(x, eps) + 1); `maximum`'s gradient goes to p where p ≥ eps.
      let a = logf(max(p, eps) + 1)
      let b = logf(max(t, eps) + 1)
      return ((a - b) * (a - b), p >= eps ? 2 * (a - b) / (p + 1) : 0)
    case .binaryFocalCrossentropy:
      return binaryFocal(p, t)
    default:
      preconditionFailure("\(kind.rawValue) is not an elementwise loss")
    }
  }

  /// Binary focal crossentropy of one element: `(1 − p_t)^γ · bce`, times `α_t` with class
  /// balancing, where `p_t = t·p + (1 − t)(1 − p)` uses the unclipped probability. From logits
  /// (given, or the final sigmoid's as Keras's TensorFlow backend) the bce is the fused stable form;
  /// from probabilities it is clipped to [ε, 1 − ε] as `binary_crossentropy`.
  @inline(__always)
  private func binaryFocal(_ x: Float, _ t: Float) -> (Float, Float) {
    let p: Float, bce: Float, dBce: Float, dp: Float  // dp: d probability / d input
    if fromLogits {
      p = x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x))
      bce = max(x, 0) - x * t + log1pf(expf(-abs(x)))
      dBce = p - t
      dp = p * (1 - p)
    } else {
      let eps = Loss.epsilon
      p = x
      let o = min(max(x, eps), 1 - eps)
      bce = -(t * logf(o) + (1 - t) * logf(1 - o))
      dBce = x >= eps && x <= 1 - eps ? -t / o + (1 - t) / (1 - o) : 0
      dp = 1
    }
    let oneMinusPt = 1 - (t * p + (1 - t) * (1 - p))
    let focal = gamma == 0 ? 1 : powf(oneMinusPt, gamma)
    // d(1 − p_t)/d input = −(2t − 1)·dp; d focal = γ (1 − p_t)^(γ−1) times that.
    let dFocal: Float =
      gamma == 0 || oneMinusPt <= 0 ? 0 : gamma * powf(oneMinusPt, gamma - 1) * -(2 * t - 1) * dp
    let weight = applyClassBalancing ? t * alpha + (1 - t) * (1 - alpha) : 1
    return (weight * focal * bce, weight * (focal * dBce + dFocal * bce))
  }

  /// KL divergence of one row, `Σ t·log(t / p)` with both clipped to [ε, 1]; writes
  /// `scale · dL/dp` (zero where p was clipped, as `clip`'s gradient).
  func klDivergenceRow(
    _ p: UnsafeMutableBufferPointer<Float>, targets t: UnsafeMutableBufferPointer<Float>,
    gradient g: UnsafeMutableBufferPointer<Float>?, scale: Float
  ) -> Double {
    let eps = Loss.epsilon
    var l: Double = 0
    for j in 0..<p.count {
      let tj = min(max(t[j], eps), 1)
      let pj = min(max(p[j], eps), 1)
      l += Double(tj * logf(tj / pj))
      g?[j] = p[j] >= eps && p[j] <= 1 ? -scale * tj / pj : 0
    }
    return l
  }

  /// Categorical hinge of one row, `max(max_j (1 − t_j)·p_j − Σ t·p + 1, 0)`; writes `scale · dL/dp`.
  func categoricalHingeRow(
    _ p: UnsafeMutableBufferPointer<Float>, targets t: UnsafeMutableBufferPointer<Float>,
    gradient g: UnsafeMutableBufferPointer<Float>?, scale: Float
  ) -> Double {
    var pos: Float = 0
    var neg = -Float.infinity
    var argNeg = 0
    for j in 0..<p.count {
      pos += t[j] * p[j]
      let n = (1 - t[j]) * p[j]
      if n > neg {
        neg = n
        argNeg = j
      }
    }
    let l = max(neg - pos + 1, 0)
    if let g {
      for j in 0..<p.count { g[j] = l > 0 ? -scale * t[j] : 0 }
      if l > 0 { g[argNeg] += scale * (1 - t[argNeg]) }
    }
    return Double(l)
  }

  /// Cosine similarity loss of one row, `−Σ t̂·p̂` with `x̂ = x / max(‖x‖, ε)` (Keras's L2
  /// `normalize`); writes `scale · dL/dp`.
  func cosineSimilarityRow(
    _ p: UnsafeMutableBufferPointer<Float>, targets t: UnsafeMutableBufferPointer<Float>,
    gradient g: UnsafeMutableBufferPointer<Float>?, scale: Float
  ) -> Double {
    let eps = Loss.epsilon
    var pp: Float = 0
    var tt: Float = 0
    var tp: Float = 0
    for j in 0..<p.count {
      pp += p[j] * p[j]
      tt += t[j] * t[j]
      tp += t[j] * p[j]
    }
    let pNorm = max(pp.squareRoot(), eps)
    let tNorm = max(tt.squareRoot(), eps)
    let cosine = tp / (pNorm * tNorm)
    if let g {
      // Below ε the norm is the constant ε, so p̂ is linear in p and the projection term vanishes.
      let project: Float = pp.squareRoot() > eps ? cosine / pNorm : 0
      for j in 0..<p.count { g[j] = -scale * (t[j] / (tNorm * pNorm) - project * p[j] / pNorm) }
    }
    return Double(-cosine)
  }
}
