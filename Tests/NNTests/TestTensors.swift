import NN
import Tensors

/// A tensor of standard-normal values from a named stream (deterministic).
func randomTensor(_ shape: Shape, _ name: String, seed: UInt64 = 3, scale: Float = 1) -> Tensor {
  var stream = RandomStream(seed: seed, name: name)
  let t = Tensor(zeros: shape)
  stream.fillNormal(t.buffer, mean: 0, stddev: scale)
  return t
}

/// A tensor whose values are a shuffled ramp with spacing `spacing`: all distinct and at least
/// `spacing` apart, so max pooling and relu have no ties or kinks within a finite-difference step.
func separatedTensor(_ shape: Shape, _ name: String, spacing: Float = 0.1, offset: Float = 0.05) -> Tensor {
  var stream = RandomStream(seed: 5, name: name)
  let order = stream.permutation(shape.count)
  let half = Float(shape.count) / 2
  return Tensor(shape: shape, values: order.map { (Float($0) - half) * spacing + offset })
}
