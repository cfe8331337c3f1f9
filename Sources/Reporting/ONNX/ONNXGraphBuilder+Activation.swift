import NN
import Tensors

/// Activations as ONNX opset-17 operators, with Keras's constants (see `Activation`).
extension ONNXGraphBuilder {
  /// Writes `out = f(x)`; `linear` is an Identity node.
  mutating func activation(_ f: Activation, _ x: String, base: String, into out: String) {
    switch f {
    case .linear: add("Identity", [x], base: base, output: out)
    case .relu: add("Relu", [x], base: base, output: out)
    case .sigmoid: add("Sigmoid", [x], base: base, output: out)
    case .tanh: add("Tanh", [x], base: base, output: out)
    case .softmax: add("Softmax", [x], base: base, output: out, [.init("axis", .int(-1))])
    case .logSoftmax: add("LogSoftmax", [x], base: base, output: out, [.init("axis", .int(-1))])
    case .leakyRelu: add("LeakyRelu", [x], base: base, output: out, [.init("alpha", .float(0.2))])
    case .elu: add("Elu", [x], base: base, output: out, [.init("alpha", .float(1))])
    case .gelu:
      // Exact gelu, 0.5·x·(1 + erf(x/√2)), in the kernel's order (Gelu itself needs opset 20).
      let r = constant("\(base)/gelu_inverse_sqrt2", dims: [], [0.707_106_781_186_547_5])
      let one = constant("\(base)/gelu_one", dims: [], [1])
      let half = constant("\(base)/gelu_half", dims: [], [0.5])
      let scaled = add("Mul", [x, r], base: "\(base)/gelu_scaled")
      let erf = add("Erf", [scaled], base: "\(base)/gelu_erf")
      let onePlus = add("Add", [erf, one], base: "\(base)/gelu_one_plus_erf")
      let halfX = add("Mul", [x, half], base: "\(base)/gelu_half_x")
      add("Mul", [halfX, onePlus], base: base, output: out)
    case .swish, .silu:
      let s = add("Sigmoid", [x], base: "\(base)/swish_sigmoid")
      add("Mul", [x, s], base: base, output: out)
    case .selu:
      add(
        "Selu", [x], base: base, output: out,
        [
          .init("alpha", .float(ActivationFunction.seluAlpha)),
          .init("gamma", .float(ActivationFunction.seluScale)),
        ])
    case .relu6: clip(x, min: 0, max: 6, base: base, into: out)
    case .softplus: add("Softplus", [x], base: base, output: out)
    case .softsign: add("Softsign", [x], base: base, output: out)
    case .hardSigmoid:
      add(
        "HardSigmoid", [x], base: base, output: out,
        [.init("alpha", .float(1.0 / 6)), .init("beta", .float(0.5))])
    case .hardSilu, .hardSwish: add("HardSwish", [x], base: base, output: out)
    case .mish:
      // Mish itself needs opset 18.
      let sp = add("Softplus", [x], base: "\(base)/mish_softplus")
      let t = add("Tanh", [sp], base: "\(base)/mish_tanh")
      add("Mul", [x, t], base: base, output: out)
    case .exponential: add("Exp", [x], base: base, output: out)
    }
  }

  /// `out = min(max(x, min), max)` (Clip takes its bounds as inputs since opset 11).
  mutating func clip(_ x: String, min: Float, max: Float, base: String, into out: String) {
    let lo = constant("\(base)/clip_min", dims: [], [min])
    let hi = constant("\(base)/clip_max", dims: [], [max])
    add("Clip", [x, lo, hi], base: base, output: out)
  }

  /// Keras's `ReLU` and `LeakyReLU` layers: Relu, LeakyRelu, Clip, or in general
  /// Where(x > threshold, Min(x, max_value), slope · (x − threshold)).
  mutating func rectifier(_ f: ActivationFunction, _ x: String, base: String, into out: String) {
    switch f {
    case .leakyRelu(let a): add("LeakyRelu", [x], base: base, output: out, [.init("alpha", .float(a))])
    case .rectifier(let slope, let maxValue, let threshold):
      if slope == 0 && threshold == 0 {
        clip(x, min: 0, max: maxValue, base: base, into: out)
        return
      }
      let t = constant("\(base)/threshold", dims: [], [threshold])
      let above = add("Greater", [x, t], base: "\(base)/above")
      var kept = x
      if maxValue.isFinite {
        let m = constant("\(base)/max_value", dims: [], [maxValue])
        kept = add("Min", [x, m], base: "\(base)/capped")
      }
      let s = constant("\(base)/negative_slope", dims: [], [slope])
      let shifted = add("Sub", [x, t], base: "\(base)/shifted")
      let below = add("Mul", [shifted, s], base: "\(base)/below")
      add("Where", [above, kept, below], base: base, output: out)
    default: add("Relu", [x], base: base, output: out)
    }
  }

  /// PRelu with the learned slope, whose shape (the example's, shared axes 1) broadcasts against
  /// the batched input from the right.
  mutating func prelu(_ l: PReLULayer, _ x: String, into out: String) {
    let alpha = l.parameters[0]
    let slope = parameter(alpha.name, dims: alpha.shape.dims, alpha.value.toArray())
    add("PRelu", [x, slope], base: l.name, output: out)
  }
}
