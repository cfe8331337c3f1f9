import Datasets
import Optimizers
import Tensors

/// The point of an objective run and the optimizer that moves it, in the run's `objective.dtype`:
/// `Float32ObjectiveStepper` (a float32 `Parameter` and an `Optimizer`, as Keras) or
/// `Float64ObjectiveStepper` (a `[Double]` and an `Optimizer64`).
protocol ObjectiveStepper: AnyObject {
  /// The type the point, the function and its gradient are computed in.
  associatedtype Scalar: TestFunctionScalar
  /// The current position.
  var position: (x: Scalar, y: Scalar) { get }
  /// The learning rate the next step would read.
  var learningRate: Double { get }
  /// One optimizer step with `gradient` at the current position; returns the rate it used.
  func step(gradient: (x: Scalar, y: Scalar)) -> Double
}

/// A float32 point `xy` (a `Parameter` of shape [2]) stepped by an `Optimizer`.
final class Float32ObjectiveStepper: ObjectiveStepper {
  let optimizer: Optimizer
  let xy: Parameter

  init(optimizer: Optimizer, start: [Double]) {
    self.optimizer = optimizer
    xy = Parameter(name: "xy", value: Tensor(shape: [2], values: [Float(start[0]), Float(start[1])]))
    optimizer.build([xy])
    optimizer.beginEpoch(0)
  }

  var position: (x: Float, y: Float) { (xy.value.buffer[0], xy.value.buffer[1]) }
  var learningRate: Double { optimizer.learningRate }

  func step(gradient: (x: Float, y: Float)) -> Double {
    let g = xy.gradient.buffer
    (g[0], g[1]) = (gradient.x, gradient.y)
    optimizer.apply(to: [xy])
    return Double(optimizer.lastAppliedLearningRate!)
  }
}

/// A float64 point `xy` stepped by an `Optimizer64` built from the spec's optimizer.
final class Float64ObjectiveStepper: ObjectiveStepper {
  let optimizer: Optimizer64
  var xy: [Double]
  private var gradient = [0.0, 0.0]

  init(optimizer: Optimizer, start: [Double]) {
    self.optimizer = Optimizer64(optimizer, dimension: 2, parameterName: "xy")
    xy = [start[0], start[1]]
    self.optimizer.beginEpoch(0)
  }

  var position: (x: Double, y: Double) { (xy[0], xy[1]) }
  var learningRate: Double { optimizer.learningRate }

  func step(gradient: (x: Double, y: Double)) -> Double {
    (self.gradient[0], self.gradient[1]) = (gradient.x, gradient.y)
    optimizer.apply(to: &xy, gradient: self.gradient)
    return optimizer.lastAppliedLearningRate!
  }
}
