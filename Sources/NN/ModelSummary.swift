import Tensors

/// What a model is made of: per layer its name, type, output shape, parameters and inputs;
/// totals; forward FLOPs per example; memory for parameters and activations.
///
/// Computed from the shapes alone (no weights needed). Conventions: FLOPs count a multiply-add as
/// 2 (dense 2·in·out + out for the bias; conv 2·kh·kw·in per output element plus bias; activations,
/// pooling and normalization a few per element); memory is float32, 4 bytes per element, and the
/// activation memory is the sum of every layer's output (what the forward pass keeps for backward).
public struct ModelSummary: Sendable, Equatable {
  /// One layer of the summary.
  public struct Row: Sendable, Equatable {
    /// Layer name (`conv2d_1`).
    public let name: String
    /// Keras class name (`Conv2D`).
    public let className: String
    /// Spec type name (`conv2d`).
    public let typeName: String
    /// Output shape without the batch dimension.
    public let outputShape: Shape
    /// Trainable parameter elements.
    public let trainableParameters: Int
    /// Non-trainable parameter elements (moving statistics).
    public let nonTrainableParameters: Int
    /// Names of the inputs (`input` for the model input).
    public let inputs: [String]
    /// Forward FLOPs per example.
    public let flops: Int

    /// All parameter elements.
    public var parameters: Int { trainableParameters + nonTrainableParameters }
  }

  /// The model input's shape.
  public let inputShape: Shape
  /// The layers in order.
  public let rows: [Row]

  /// Summarises `graph` (built or not).
  public init(graph: Graph) {
    inputShape = graph.inputShape
    rows = graph.layers.enumerated().map { i, layer in
      let shapes = graph.inputShapes(ofLayer: i)
      let counts = layer.parameterCount(inputShapes: shapes)
      return Row(
        name: layer.name, className: layer.className, typeName: layer.typeName,
        outputShape: graph.outputShapes[i], trainableParameters: counts.trainable,
        nonTrainableParameters: counts.nonTrainable,
        inputs: graph.inputIndices[i].map { $0 < 0 ? "input" : graph.layers[$0].name },
        flops: layer.flopsPerExample(inputShapes: shapes))
    }
  }

  /// Total parameter elements.
  public var totalParameters: Int { rows.reduce(0) { $0 + $1.parameters } }
  /// Trainable parameter elements.
  public var trainableParameters: Int { rows.reduce(0) { $0 + $1.trainableParameters } }
  /// Non-trainable parameter elements.
  public var nonTrainableParameters: Int { rows.reduce(0) { $0 + $1.nonTrainableParameters } }
  /// Forward FLOPs per example (2 per multiply-add).
  public var flopsPerExample: Int { rows.reduce(0) { saturatingSum($0, $1.flops) } }
  /// Bytes of parameters (float32).
  public var parameterBytes: Int { 4 * totalParameters }
  /// Bytes of layer outputs for a batch of `batchSize` (float32).
  public func activationBytes(batchSize: Int) -> Int {
    saturatingProduct(4, batchSize, rows.reduce(0) { $0 + $1.outputShape.count })
  }

  /// Whether every layer takes the one before it (then the table has no "Connected to" column).
  public var isSequential: Bool {
    rows.enumerated().allSatisfy { i, r in r.inputs == [i == 0 ? "input" : rows[i - 1].name] }
  }

  /// A Keras-like table followed by the totals, FLOPs and memory.
  public func renderText(modelName: String, batchSize: Int) -> String {
    var header = ["Layer (type)", "Output Shape", "Param #"]
    if !isSequential { header.append("Connected to") }
    let body: [[String]] = rows.map { r in
      var cells = [
        "\(r.name) (\(r.className))",
        "(None, " + r.outputShape.dims.map(String.init).joined(separator: ", ") + ")",
        ModelSummary.grouped(r.parameters),
      ]
      if !isSequential { cells.append(r.inputs.joined(separator: ", ")) }
      return cells
    }
    let widths = header.indices.map { c in ([header] + body).map { $0[c].count }.max()! }
    let rightAligned = Set([2])
    func line(_ l: String, _ fill: String, _ m: String, _ r: String) -> String {
      l + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: m) + r
    }
    func row(_ cells: [String], _ bar: String) -> String {
      let padded = cells.enumerated().map { c, s in
        let pad = String(repeating: " ", count: widths[c] - s.count)
        return " " + (rightAligned.contains(c) ? pad + s : s + pad) + " "
      }
      return bar + padded.joined(separator: bar) + bar
    }
    var out = [
      "Model: \"\(modelName)\"", line("┏", "━", "┳", "┓"), row(header, "┃"), line("┡", "━", "╇", "┩"),
    ]
    out += body.map { row($0, "│") }
    out.append(line("└", "─", "┴", "┘"))
    out.append(
      " Total params: \(ModelSummary.grouped(totalParameters)) (\(ModelSummary.bytes(4 * totalParameters)))")
    out.append(
      " Trainable params: \(ModelSummary.grouped(trainableParameters)) (\(ModelSummary.bytes(4 * trainableParameters)))"
    )
    out.append(
      " Non-trainable params: \(ModelSummary.grouped(nonTrainableParameters)) (\(ModelSummary.bytes(4 * nonTrainableParameters)))"
    )
    out.append(" FLOPs per example (forward, 2 per multiply-add): \(ModelSummary.grouped(flopsPerExample))")
    out.append(
      " Activation memory at batch size \(batchSize): \(ModelSummary.bytes(activationBytes(batchSize: batchSize)))"
    )
    return out.joined(separator: "\n") + "\n"
  }

  /// The summary as a JSON object (keys in a fixed order).
  public func json(modelName: String, batchSize: Int) -> String {
    func str(_ s: String) -> String { ModelSummary.jsonString(s) }
    let layers = rows.map { r in
      "{\"name\": \(str(r.name)), \"type\": \(str(r.typeName)), \"class\": \(str(r.className)), "
        + "\"output_shape\": [\(r.outputShape.dims.map(String.init).joined(separator: ", "))], "
        + "\"parameters\": \(r.parameters), \"trainable_parameters\": \(r.trainableParameters), "
        + "\"inputs\": [\(r.inputs.map(str).joined(separator: ", "))], \"flops\": \(r.flops)}"
    }
    return "{\"model\": \(str(modelName)), "
      + "\"input_shape\": [\(inputShape.dims.map(String.init).joined(separator: ", "))], "
      + "\"layers\": [\(layers.joined(separator: ", "))], "
      + "\"total_parameters\": \(totalParameters), \"trainable_parameters\": \(trainableParameters), "
      + "\"non_trainable_parameters\": \(nonTrainableParameters), "
      + "\"flops_per_example\": \(flopsPerExample), \"flops_convention\": \"2 per multiply-add\", "
      + "\"parameter_bytes\": \(parameterBytes), \"batch_size\": \(batchSize), "
      + "\"activation_bytes\": \(activationBytes(batchSize: batchSize))}"
  }

  /// `122570` → `122,570`.
  static func grouped(_ n: Int) -> String {
    let digits = Array(String(abs(n)))
    var out = ""
    for (i, d) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(d)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// Keras's readable size: 1024-based units with two decimals (`478.79 KB`).
  static func bytes(_ n: Int) -> String { MemoryBudget.readable(n) }

  static func jsonString(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
      switch ch {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default:
        if ch.value < 0x20 {
          let hex = String(ch.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(ch)
        }
      }
    }
    return out + "\""
  }
}
