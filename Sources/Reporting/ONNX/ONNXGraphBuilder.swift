/// Collects the nodes and initializers of an ONNX graph, giving every tensor and node a unique name.
///
/// Tensor names are derived from layer names (`conv2d_1/nchw`); a taken name gets a numeric suffix,
/// so a layer called `output` or a parameter-like layer name cannot clash with anything.
struct ONNXGraphBuilder {
  private(set) var nodes: [ONNXNode] = []
  private(set) var initializers: [ONNXTensor] = []
  private var tensorNames: Set<String>
  private var nodeNames: Set<String> = []

  /// `reserved` are names handed out elsewhere (the graph's input and output, parameter names).
  init(reserved: Set<String>) { tensorNames = reserved }

  /// `base`, or `base_1`, `base_2`, ... whichever is free first; the name is then taken.
  mutating func freshName(_ base: String) -> String {
    Self.claim(base, in: &tensorNames)
  }

  private static func claim(_ base: String, in names: inout Set<String>) -> String {
    var candidate = base
    var n = 0
    while names.contains(candidate) {
      n += 1
      candidate = "\(base)_\(n)"
    }
    names.insert(candidate)
    return candidate
  }

  /// Adds a float32 initializer named exactly `name` (a reserved parameter name); returns it.
  mutating func parameter(_ name: String, dims: [Int], _ values: [Float]) -> String {
    initializers.append(.float(name, dims: dims, values))
    return name
  }

  /// Adds a float32 constant under a fresh name derived from `base`.
  mutating func constant(_ base: String, dims: [Int], _ values: [Float]) -> String {
    let name = freshName(base)
    initializers.append(.float(name, dims: dims, values))
    return name
  }

  /// Adds an int64 constant (a shape) under a fresh name derived from `base`.
  mutating func int64Constant(_ base: String, dims: [Int], _ values: [Int]) -> String {
    let name = freshName(base)
    initializers.append(.int64(name, dims: dims, values))
    return name
  }

  /// Appends an operator node; its output is `output` if given (already claimed), else a fresh
  /// name from `base`. Returns the output's name.
  @discardableResult
  mutating func add(
    _ opType: String, _ inputs: [String], base: String, output: String? = nil,
    _ attributes: [ONNXAttribute] = []
  ) -> String {
    let out = output ?? freshName(base)
    let nodeName = Self.claim("\(base)/\(opType)", in: &nodeNames)
    nodes.append(
      ONNXNode(opType: opType, name: nodeName, inputs: inputs, outputs: [out], attributes: attributes))
    return out
  }
}
