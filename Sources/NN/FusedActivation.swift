import Tensors

/// The activation applied at the end of a dense or convolution layer, with its buffers.
///
/// The layer writes its pre-activation into `preactivation(batch)`, then calls `forward`. The
/// output shares the pre-activation buffer unless the activation's derivative needs its input
/// (gelu, swish) or the layer must expose its logits (`keepPreactivation`). `backward` writes d loss / d pre-activation into the pre-activation buffer
/// (it is not needed afterwards), or returns the output gradient itself for `linear`.
struct FusedActivation {
  let activation: Activation
  private let pre: BatchBuffer
  private let out: BatchBuffer

  init(_ activation: Activation, shape: Shape, maxBatchSize: Int, keepPreactivation: Bool = false) {
    self.activation = activation
    pre = BatchBuffer(shape, maxBatchSize: maxBatchSize)
    let separate = activation != .linear && (activation.needsInput || keepPreactivation)
    out = separate ? BatchBuffer(shape, maxBatchSize: maxBatchSize) : pre
  }

  /// The buffer the layer writes its pre-activation into.
  func preactivation(_ batch: Int) -> Tensor { pre.view(batch) }

  /// Applies the activation to the pre-activation; returns the output.
  func forward(_ batch: Int) -> Tensor {
    let z = pre.view(batch)
    let y = out.view(batch)
    activation.forward(z, into: y)
    return y
  }

  /// d loss / d pre-activation for the last forward.
  func backward(_ outputGradient: Tensor) -> Tensor {
    if activation == .linear { return outputGradient }
    let batch = outputGradient.shape[0]
    let z = pre.view(batch)
    let y = out.view(batch)
    activation.backward(outputGradient: outputGradient, input: z, output: y, into: z)
    return z
  }
}
