import Tensors

/// Keras's float32 Adam update (no AMSGrad, no coupled weight decay) over 16 lanes at a time, with
/// large parameters split across `parallelFor`'s threads.
///
/// Each element goes through exactly the operations of `AdamRule.apply`'s scalar loop, in the same
/// order (`m += (g − m)·(1 − β₁)`, `v += (g² − v)·(1 − β₂)`, `w −= (m·a) / (√v·c + ε)`; IEEE
/// addition, multiplication, division and square root are exact per lane), so weights and slots
/// are bitwise those of the scalar loop and the trajectories checked against Keras do not move.
/// The scalar loop cannot vectorise itself: it runs generically over `T`, branches per element on
/// the formula and AMSGrad, and writes three buffers the compiler cannot prove disjoint.
enum AdamFloatKernel {
  static func update(
    weights: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, momentum: UnsafeMutablePointer<Float>,
    velocity: UnsafeMutablePointer<Float>, count: Int, a: Float, c: Float, epsilon: Float, oneMinusB1: Float,
    oneMinusB2: Float
  ) {
    // About ten operations per element; split only parameters of 128k elements and more (at 32k the
    // wake-up of the second thread cost more than it saved).
    parallelFor(count, workPerItem: 8, minimumWork: 1 << 20) { range in
      var i = range.lowerBound
      let k1 = SIMD16<Float>(repeating: oneMinusB1), k2 = SIMD16<Float>(repeating: oneMinusB2)
      let av = SIMD16<Float>(repeating: a), cv = SIMD16<Float>(repeating: c)
      let ev = SIMD16<Float>(repeating: epsilon)
      while i + 16 <= range.upperBound {
        let g = load(gradient + i)
        var m = load(momentum + i), v = load(velocity + i), w = load(weights + i)
        m += (g - m) * k1
        v += (g * g - v) * k2
        w -= (m * av) / (v.squareRoot() * cv + ev)
        store(m, momentum + i)
        store(v, velocity + i)
        store(w, weights + i)
        i += 16
      }
      while i < range.upperBound {
        let g = gradient[i]
        momentum[i] += (g - momentum[i]) * oneMinusB1
        velocity[i] += (g * g - velocity[i]) * oneMinusB2
        weights[i] -= (momentum[i] * a) / (velocity[i].squareRoot() * c + epsilon)
        i += 1
      }
    }
  }

  @inline(__always) private static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
  }

  @inline(__always) private static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
  }

  @inline(__always) private static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
  }
}
