import Foundation
import Optimizers
import Tensors
import Testing

/// Keras's float32 Adam runs through a vectorised, threaded kernel; it must give exactly what a
/// plain scalar loop of Keras's formula gives, for sizes around the 16-lane blocks and sizes large
/// enough to be split across threads, over several steps.
@Suite struct AdamFloatKernelTests {
  @Test(arguments: [1, 15, 16, 17, 33, 100_003])
  func matchesAScalarLoopBitForBit(count: Int) throws {
    let lr: Float = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7
    let optimizer = try Optimizer.adam(learningRate: .constant(Double(lr)), beta1: b1, beta2: b2, epsilon: eps)
    let start = (0..<count).map { Float(sin(Double($0) * 0.7)) }
    let p = Parameter(name: "w", value: Tensor(shape: [count], values: start))
    var w = start, m = [Float](repeating: 0, count: count), v = m
    for step in 1...4 {
      // Gradients with zeros, signed zeros and a wide range of magnitudes.
      let g = (0..<count).map { i -> Float in
        i % 9 == 0 ? (step % 2 == 0 ? 0 : -0.0) : Float(cos(Double(i * step) * 1.3)) * pow(10, Float(i % 7) - 3)
      }
      _ = p.gradient.buffer.update(fromContentsOf: g)
      optimizer.apply(to: [p])
      // Keras's update as AdamRule writes it, scalar.
      let t = Float(step)
      let a = lr * (1 - powf(Float(b2), t)).squareRoot() / (1 - powf(Float(b1), t))
      let k1 = Float(1 - b1), k2 = Float(1 - b2), c: Float = 1
      for i in 0..<count {
        m[i] += (g[i] - m[i]) * k1
        v[i] += (g[i] * g[i] - v[i]) * k2
        w[i] -= (m[i] * a) / (v[i].squareRoot() * c + Float(eps))
      }
      #expect(p.value.toArray().map(\.bitPattern) == w.map(\.bitPattern), "step \(step)")
    }
  }
}
