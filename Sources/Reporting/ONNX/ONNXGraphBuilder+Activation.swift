import NN

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
    case .swish:
      let s = add("Sigmoid", [x], base: "\(base)/swish_sigmoid")
      add("Mul", [x, s], base: base, output: out)
    }
  }
}
