import Tensors

/// An activation by its Keras 3 name, usable as a layer argument and as a layer.
///
/// Elementwise functions run on the `Tensors` activation kernels (`ActivationFunction`, whose
/// doc table gives the formulas), with Keras's defaults for the string form: `leaky_relu` has
/// negative slope 0.2, `elu` alpha 1, `gelu` is exact (approximate=False), `swish` is x·σ(x).
/// `softmax` is over the last axis, max-subtracted.
public enum Activation: String, Sendable, CaseIterable {
  case linear
  case relu
  case sigmoid
  case tanh
  case softmax
  case leakyRelu = "leaky_relu"
  case elu
  case gelu
  case swish

  /// The elementwise kernel, or nil for softmax.
  public var kernel: ActivationFunction? {
    switch self {
    case .linear: .linear
    case .relu: .relu
    case .sigmoid: .sigmoid
    case .tanh: .tanh
    case .softmax: nil
    case .leakyRelu: .leakyRelu(alpha: 0.2)
    case .elu: .elu(alpha: 1)
    case .gelu: .gelu(approximate: false)
    case .swish: .swish
    }
  }

  /// `output = f(input)`; `output` may be `input`.
  public func forward(_ input: Tensor, into output: Tensor) {
    precondition(input.count == output.count)
    if let kernel {
      activationForward(kernel, input: input, output: output)
    } else {
      softmaxForward(input: input, output: output)
    }
  }

  /// `inputGradient = f′(input) · outputGradient` (softmax: the Jacobian-vector product per row),
  /// given the forward's `input` and `output`. When `needsInput` is false, `input` is not read and
  /// may be the output tensor. `inputGradient` may alias `input` or `outputGradient`.
  public func backward(outputGradient: Tensor, input: Tensor, output: Tensor, into inputGradient: Tensor) {
    if let kernel {
      // relu, leaky_relu and elu are positive exactly where their input is, and their kernels only
      // test the sign of the input (elu reads the output for its negative branch): the output works.
      let x = needsInput ? input : output
      activationBackward(
        kernel, input: x, output: output, outputGradient: outputGradient, inputGradient: inputGradient)
    } else {
      softmaxBackward(output: output, outputGradient: outputGradient, inputGradient: inputGradient)
    }
  }

  /// Whether `backward` needs the forward input (otherwise the output suffices), i.e. whether a
  /// layer must keep the pre-activation apart from its output.
  public var needsInput: Bool {
    switch self {
    case .linear, .relu, .sigmoid, .tanh, .softmax, .leakyRelu, .elu: false
    case .gelu, .swish: true
    }
  }

  /// Approximate forward FLOPs per element (for summaries; softmax counts exp, sum and divide).
  var flopsPerElement: Int {
    switch self {
    case .linear: 0
    case .relu, .leakyRelu: 1
    case .sigmoid, .tanh, .elu, .swish, .gelu, .softmax: 4
    }
  }
}
