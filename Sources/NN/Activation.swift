import Tensors

/// An activation by its Keras 3 name, usable as a layer argument and as a layer.
///
/// Elementwise functions run on the `Tensors` activation kernels (`ActivationFunction`, whose
/// doc table gives the formulas), with Keras's defaults for the string form: `leaky_relu` has
/// negative slope 0.2, `elu` alpha 1, `gelu` is exact (approximate=False), `swish` and `silu` are
/// both x·σ(x), `hard_silu` and `hard_swish` both x·relu6(x + 3)/6. `softmax` and `log_softmax` are
/// over the last axis, max-subtracted.
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
  case silu
  case selu
  case relu6
  case softplus
  case softsign
  case hardSigmoid = "hard_sigmoid"
  case hardSilu = "hard_silu"
  case hardSwish = "hard_swish"
  case mish
  case exponential
  case logSoftmax = "log_softmax"

  /// The elementwise kernel, or nil for softmax and log_softmax.
  public var kernel: ActivationFunction? {
    switch self {
    case .linear: .linear
    case .relu: .relu
    case .sigmoid: .sigmoid
    case .tanh: .tanh
    case .softmax, .logSoftmax: nil
    case .leakyRelu: .leakyRelu(alpha: 0.2)
    case .elu: .elu(alpha: 1)
    case .gelu: .gelu(approximate: false)
    case .swish, .silu: .swish
    case .selu: .selu
    case .relu6: .relu6
    case .softplus: .softplus
    case .softsign: .softsign
    case .hardSigmoid: .hardSigmoid
    case .hardSilu, .hardSwish: .hardSilu
    case .mish: .mish
    case .exponential: .exponential
    }
  }

  /// `output = f(input)`; `output` may be `input`.
  public func forward(_ input: Tensor, into output: Tensor) {
    precondition(input.count == output.count)
    if let kernel {
      activationForward(kernel, input: input, output: output)
    } else if self == .softmax {
      softmaxForward(input: input, output: output)
    } else {
      logSoftmaxForward(input: input, output: output)
    }
  }

  /// `inputGradient = f′(input) · outputGradient` (softmax, log_softmax: the Jacobian-vector
  /// product per row), given the forward's `input` and `output`. When `needsInput` is false,
  /// `input` is not read and may be the output tensor. `inputGradient` may alias `input` or
  /// `outputGradient`.
  public func backward(outputGradient: Tensor, input: Tensor, output: Tensor, into inputGradient: Tensor) {
    if let kernel {
      // Where `needsInput` is false the kernel only tests where the input lies by a test the
      // output passes exactly when the input does (x > 0 ⇔ f(x) > 0, 0 < x < 6 ⇔ 0 < relu6(x) < 6),
      // or reads the output alone (exponential): the output works.
      let x = needsInput ? input : output
      activationBackward(
        kernel, input: x, output: output, outputGradient: outputGradient, inputGradient: inputGradient)
    } else if self == .softmax {
      softmaxBackward(output: output, outputGradient: outputGradient, inputGradient: inputGradient)
    } else {
      logSoftmaxBackward(output: output, outputGradient: outputGradient, inputGradient: inputGradient)
    }
  }

  /// Whether `backward` needs the forward input (otherwise the output suffices), i.e. whether a
  /// layer must keep the pre-activation apart from its output.
  public var needsInput: Bool {
    switch self {
    case .linear, .relu, .sigmoid, .tanh, .softmax, .leakyRelu, .elu, .selu, .relu6, .exponential,
      .logSoftmax:
      false
    case .gelu, .swish, .silu, .softplus, .softsign, .hardSigmoid, .hardSilu, .hardSwish, .mish: true
    }
  }

  /// Approximate forward FLOPs per element (for summaries; softmax counts exp, sum and divide,
  /// log_softmax exp, sum and subtract).
  var flopsPerElement: Int {
    switch self {
    case .linear: 0
    case .relu, .leakyRelu: 1
    case .relu6, .softsign: 2
    case .hardSigmoid: 3
    case .hardSilu, .hardSwish: 4
    case .sigmoid, .tanh, .elu, .selu, .swish, .silu, .gelu, .softmax, .logSoftmax, .softplus, .exponential: 4
    case .mish: 8
    }
  }
}
