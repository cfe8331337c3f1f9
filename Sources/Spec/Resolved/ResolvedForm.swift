import YAML

extension ExperimentSpec {
  /// The resolved spec as one ordered value: every section and argument, defaults filled in, in
  /// schema order; absent optional sections (`schedule`, `objective`, ...) are left out.
  public var resolvedValue: Value {
    var top: [Value.Entry] = [
      .init("name", .string(name)), .init("description", .string(description)), .init("seed", .int(seed)),
    ]
    if let data { top.append(.init("data", data.resolvedValue(.dataset))) }
    if let model {
      top.append(
        .init(
          "model",
          .map([
            .init("input", model.input.map { .list($0.map(Value.int)) } ?? .null),
            .init("layers", .list(model.layers.map { $0.resolvedValue(.layer) })),
          ])))
    }
    if let loss { top.append(.init("loss", loss.resolvedValue(.loss))) }
    top.append(.init("metrics", .list(metrics.map { $0.resolvedValue(.metric) })))
    top.append(.init("optimizer", optimizer.resolvedValue(.optimizer)))
    if let schedule { top.append(.init("schedule", schedule.resolvedValue(.schedule))) }
    top.append(.init("train", train.resolvedValue))
    top.append(.init("callbacks", .list(callbacks.map { $0.resolvedValue(.callback) })))
    if let objective {
      var o: [Value.Entry] = [
        .init("function", .string(objective.function)),
        .init("start", .list(objective.start.map(Value.double))),
        .init("steps", .int(objective.steps)), .init("scales", .list(objective.scales.map(Value.double))),
        .init("dtype", .string(objective.dtype)),
      ]
      o.append(.init("tolerance", objective.tolerance.map(Value.double) ?? .null))
      top.append(.init("objective", .map(o)))
    }
    if let sweep { top.append(.init("sweep", sweep.resolvedValue)) }
    top.append(.init("output", .map([.init("dir", .string(output.dir))])))
    return .map(top)
  }

  /// The resolved spec as YAML; loading it again gives an equal `ExperimentSpec`.
  public var resolvedYAML: String { emitYAML(resolvedValue.node) }

  /// The canonical form: compact JSON of `resolvedValue` with keys sorted and numbers normalized.
  public var canonicalText: String { resolvedValue.canonicalJSON }

  /// The SHA-256 of `canonicalText`, in lower-case hex: the experiment's identity.
  public var hash: String { SHA256.hex(of: Array(canonicalText.utf8)) }
}

extension TrainSpec {
  var resolvedValue: Value {
    let validation: Value =
      switch self.validation {
      case .none: .null
      case .test: .string("test")
      case .fraction(let f): .double(f)
      }
    let weights: Value =
      classWeight.map { w in .map(w.keys.sorted().map { .init(String($0), .double(w[$0]!)) }) } ?? .null
    return .map([
      .init("epochs", .int(epochs)), .init("batch_size", .int(batchSize)), .init("validation", validation),
      .init("shuffle", .bool(shuffle)), .init("steps_per_epoch", stepsPerEpoch.map(Value.int) ?? .null),
      .init("class_weight", weights), .init("save_state", saveStateValue),
    ])
  }

  private var saveStateValue: Value {
    switch saveState {
    case .epoch: .string("epoch")
    case .never: .string("never")
    case .steps(let n): .int(n)
    }
  }
}

extension Component {
  /// `{type, name?, arguments in schema order}`; nested components resolved the same way.
  func resolvedValue(_ family: Family) -> Value {
    let schema = Schemas.family(family)
    guard let type = schema.type(named: self.type) else {
      preconditionFailure("unregistered \(family) \(self.type)")
    }
    var entries: [Value.Entry] = [.init("type", .string(self.type))]
    if let name { entries.append(.init("name", .string(name))) }
    for argument in schema.arguments(of: type) {
      entries.append(.init(argument.name, resolve(value(argument.name), argument.kind)))
    }
    return .map(entries)
  }

  private func resolve(_ value: Value, _ kind: ArgumentKind) -> Value {
    switch (kind, value) {
    case (.nullable(let inner), _): resolve(value, inner)
    case (.component(let family), .component(let c)): c.resolvedValue(family)
    default: value
    }
  }
}

extension Value {
  /// The value as a YAML node (marks are placeholders). Map keys that are integers (class weights)
  /// become integer scalars.
  var node: Node {
    let mark = Mark(file: "<resolved>", line: 1, column: 1)
    func scalar(_ v: ScalarValue) -> Node {
      Node(.scalar(Scalar(text: "", style: .plain, value: v)), mark: mark)
    }
    switch self {
    case .null: return scalar(.null)
    case .bool(let b): return scalar(.bool(b))
    case .int(let i): return scalar(.int(i))
    case .double(let d): return scalar(.double(d))
    case .string(let s): return scalar(.string(s))
    case .list(let items): return Node(.sequence(items.map(\.node)), mark: mark)
    case .map(let entries):
      return Node(
        .mapping(
          entries.map { e in
            Node.Pair(key: Int(e.key).map { scalar(.int($0)) } ?? scalar(.string(e.key)), value: e.value.node)
          }),
        mark: mark)
    case .component(let c):
      return Node(
        .mapping([Node.Pair(key: scalar(.string("type")), value: scalar(.string(c.type)))]), mark: mark)
    }
  }

  /// Compact JSON with sorted keys; doubles in shortest round-trip form, always with a `.` or
  /// exponent so `1.0` and `1` differ; non-finite doubles as strings `"inf"`, `"-inf"`, `"nan"`.
  var canonicalJSON: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d):
      if d.isNaN { return "\"nan\"" }
      if d.isInfinite { return d < 0 ? "\"-inf\"" : "\"inf\"" }
      return d == 0 ? "0.0" : "\(d)"
    case .string(let s): return jsonString(s)
    case .list(let items): return "[" + items.map(\.canonicalJSON).joined(separator: ",") + "]"
    case .map(let entries):
      return "{"
        + entries.sorted { $0.key < $1.key }.map { jsonString($0.key) + ":" + $0.value.canonicalJSON }.joined(
          separator: ",") + "}"
    case .component(let c): return "{\"type\":" + jsonString(c.type) + "}"
    }
  }
}

/// A JSON string literal with the required escapes.
func jsonString(_ s: String) -> String {
  var out = "\""
  for u in s.unicodeScalars {
    switch u {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    case _ where u.value < 0x20:
      let hex = String(u.value, radix: 16)
      out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    default: out.unicodeScalars.append(u)
    }
  }
  return out + "\""
}
