/// A trainable (or non-trainable) value with its gradient, named as Keras names variables
/// (`conv2d/kernel`, `dense_1/bias`, `batch_normalization/moving_mean`).
public final class Parameter: @unchecked Sendable {
  /// The Keras-style path, used in logs and checkpoints.
  public let name: String
  public let value: Tensor
  /// Same shape as `value`; layers accumulate into it during backward.
  public let gradient: Tensor
  /// Optimizers update only trainable parameters (moving statistics are not).
  public let trainable: Bool

  /// Creates a parameter holding `value` with a zero gradient; without `withGradient` (a model
  /// built for inference) the gradient is empty.
  public init(name: String, value: Tensor, trainable: Bool = true, withGradient: Bool = true) {
    self.name = name
    self.value = value
    self.gradient = Tensor(zeros: withGradient ? value.shape : [0])
    self.trainable = trainable
  }

  /// The parameter's shape.
  public var shape: Shape { value.shape }
}
