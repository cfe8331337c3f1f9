import Foundation
import Testing

@testable import Tensors

/// `x[i] = sin(f·i)` over flat row-major indices (the reference script's input).
func sinTensor(_ shape: Shape, frequency: Double = 0.37) -> Tensor {
  Tensor(shape: shape, values: (0..<shape.count).map { Float(sin(frequency * Double($0))) })
}

/// `x[i] = scale·cos(f·i)` (the reference script's kernels).
func cosTensor(_ shape: Shape, frequency: Double = 0.23, scale: Double = 0.5) -> Tensor {
  Tensor(shape: shape, values: (0..<shape.count).map { Float(scale * cos(frequency * Double($0))) })
}

/// The reference script's bias: `0.1 (o + 1) − 0.2`.
func referenceBias(_ channels: Int) -> Tensor {
  Tensor(shape: [channels], values: (0..<channels).map { Float(0.1 * Double($0 + 1) - 0.2) })
}

/// Distinct values spread evenly in [-0.5, 0.5), in a scrambled order: every gap is at least
/// 1/count, so finite differences with a smaller step never cross a tie (max pooling).
func distinctTensor(_ shape: Shape) -> Tensor {
  let n = shape.count
  precondition(n % 37 != 0)
  return Tensor(shape: shape, values: (0..<n).map { Float((($0 * 37) % n)) / Float(n) - 0.5 })
}

/// Expects `actual ≈ expected` elementwise: `|a − e| ≤ absolute + relative·|e|`.
func expectClose(
  _ actual: [Float], _ expected: [Float], absolute: Float = 1e-5, relative: Float = 1e-5,
  _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.count == expected.count, "\(what): count", sourceLocation: sourceLocation)
  guard actual.count == expected.count else { return }
  var worst = 0
  var worstExcess: Float = -.infinity
  for i in actual.indices {
    let excess = abs(actual[i] - expected[i]) - (absolute + relative * abs(expected[i]))
    if !(excess <= worstExcess) || excess.isNaN { worstExcess = excess.isNaN ? .infinity : excess; worst = i }
  }
  #expect(
    worstExcess <= 0,
    "\(what): element \(worst) is \(actual[worst]), expected \(expected[worst])",
    sourceLocation: sourceLocation)
}

/// A fixed random "upstream gradient" r, so that L = Σ r·y has a known ∂L/∂y = r.
func randomTensor(_ shape: Shape, name: String) -> Tensor {
  var stream = RandomStream(seed: 1234, name: name)
  let t = Tensor(zeros: shape)
  stream.fillUniform(t.buffer, low: -1, high: 1)
  return t
}

/// Σ r·y accumulated in Double.
func weightedSum(_ r: Tensor, _ y: Tensor) -> Double {
  precondition(r.count == y.count)
  var s = 0.0
  for i in 0..<r.count { s += Double(r.buffer[i]) * Double(y.buffer[i]) }
  return s
}

/// Central finite differences of `loss` with respect to every element of `variable`:
/// `(L(v + ε) − L(v − ε)) / 2ε`, restoring each element afterwards.
func numericGradient(of variable: Tensor, step: Float, loss: () -> Double) -> [Float] {
  var g = [Float](repeating: 0, count: variable.count)
  for i in 0..<variable.count {
    let v = variable.buffer[i]
    variable.buffer[i] = v + step
    let up = loss()
    variable.buffer[i] = v - step
    let down = loss()
    variable.buffer[i] = v
    // The step actually taken in float32 (v ± ε is rounded).
    let h = Double(v + step) - Double(v - step)
    g[i] = Float((up - down) / h)
  }
  return g
}
