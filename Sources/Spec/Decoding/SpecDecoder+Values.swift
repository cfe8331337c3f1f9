import YAML

extension SpecDecoder {
  /// The largest magnitude an integer argument other than `seed` may have: 2^31 − 1.
  static let largestInteger = Int(Int32.max)

  /// Decodes one argument value of the given kind, checking its constraint.
  mutating func decodeValue(_ node: Node, _ kind: ArgumentKind, _ constraint: Constraint?, path: String)
    -> Value?
  {
    switch kind {
    case .nullable(let inner):
      if isNull(node) { return .null }
      return decodeValue(node, inner, constraint, path: path)
    case .int:
      guard case .scalar(let s) = node.content, case .int(let i) = s.value else {
        return typeError(node, "an integer", path)
      }
      // Sizes, counts and steps fit in 32 bits; bounding them here keeps every product the engine
      // forms (kernel × channels, samples × features) from overflowing. A seed may use all 64 bits.
      if path != "seed" && (i > SpecDecoder.largestInteger || i < -SpecDecoder.largestInteger) {
        error(node.mark, "\(path) must be at most \(SpecDecoder.largestInteger) in size, got \(i)", path: path)
        return nil
      }
      return bounded(.int(i), Double(i), constraint, node, path)
    case .double:
      guard case .scalar(let s) = node.content else { return typeError(node, "a number", path) }
      switch s.value {
      case .int(let i): return boundedFloat(Double(i), constraint, node, path)
      case .double(let d):
        // No key takes an infinity or a NaN; let through, they surface as a diverged run or a
        // model full of non-finite weights that still "completes".
        guard d.isFinite else {
          error(node.mark, "\(path) must be a finite number, got \(s.text)", path: path)
          return nil
        }
        return boundedFloat(d, constraint, node, path)
      default: return typeError(node, "a number", path)
      }
    case .bool:
      guard case .scalar(let s) = node.content, case .bool(let b) = s.value else {
        return typeError(node, "true or false", path)
      }
      return .bool(b)
    case .string:
      guard let s = stringValue(node) else { return typeError(node, "a string", path) }
      return .string(s)
    case .choice(let options):
      guard let s = stringValue(node) else {
        return typeError(node, "one of " + options.joined(separator: ", "), path)
      }
      guard options.contains(s) else {
        let suggestion = Suggestion.closest(to: s, among: options)
        error(
          node.mark,
          "\(path) must be one of \(options.joined(separator: ", ")), got '\(s)'" + didYouMean(suggestion),
          path: path, suggestion: suggestion)
        return nil
      }
      return .string(s)
    case .intOrPair:
      if case .scalar = node.content {
        guard let v = decodeValue(node, .int, constraint, path: path) else { return nil }
        return .list([v, v])
      }
      guard case .sequence(let items) = node.content, items.count == 2 else {
        return typeError(node, "an integer or a list of two integers", path)
      }
      return decodeList(items, .int, constraint, path: path)
    case .intList:
      guard case .sequence(let items) = node.content else {
        return typeError(node, "a list of integers", path)
      }
      return decodeList(items, .int, constraint, path: path)
    case .doubleList(let count):
      guard case .sequence(let items) = node.content, count == nil || items.count == count else {
        return typeError(node, count.map { "a list of \($0) numbers" } ?? "a list of numbers", path)
      }
      return decodeList(items, .double, constraint, path: path)
    case .stringList:
      guard case .sequence(let items) = node.content else {
        return typeError(node, "a list of strings", path)
      }
      return decodeList(items, .string, nil, path: path)
    case .classWeights:
      return decodeClassWeights(node, path: path)
    case .expression(let variables):
      guard let s = stringValue(node) else { return typeError(node, "an expression string", path) }
      return checkExpression(s, variables: variables, node: node, path: path) ? .string(s) : nil
    case .component(let family):
      return decodeComponent(node, family: family, path: path).map(Value.component)
    case .componentList(let family):
      guard case .sequence(let items) = node.content else {
        return typeError(node, "a list of \(family.rawValue)s", path)
      }
      var out: [Value] = []
      var ok = true
      for (i, item) in items.enumerated() {
        if let c = decodeComponent(item, family: family, path: "\(path).\(i)") {
          out.append(.component(c))
        } else {
          ok = false
          out.append(.component(placeholder(item)))
        }
      }
      if !ok, family == .layer {
        // Still check names and inputs, so graph errors come with the others.
        runCheck(checkLayerGraph, Component(type: "model", arguments: ["layers": .list(out)]), path: "model")
      }
      return ok ? .list(out) : nil
    case .section(let name):
      return decodeSection(node, schema: Schemas.section(named: name), path: path).map(Value.component)
    case .regularizer:
      return decodeRegularizer(node, path: path)
    case .validation:
      if stringValue(node) == "test" { return .string("test") }
      guard case .scalar(let s) = node.content, s.value == .int(0) || isNumber(s) else {
        return typeError(node, "'test' or a fraction in (0, 1)", path)
      }
      return decodeValue(node, .double, .range(0, 1, lowClosed: false, highClosed: false), path: path)
    case .intOrChoice(let words):
      if let word = stringValue(node), words.contains(word) { return .string(word) }
      guard case .scalar(let s) = node.content, case .int = s.value else {
        return typeError(node, "an integer or " + words.map { "'\($0)'" }.joined(separator: " or "), path)
      }
      return decodeValue(node, .int, constraint, path: path)
    case .allOrStrings:
      if stringValue(node) == "all" { return .string("all") }
      guard case .sequence(let items) = node.content else {
        return typeError(node, "'all' or a list of strings", path)
      }
      return decodeList(items, .string, nil, path: path)
    case .sweepParameters:
      return decodeSweepParameters(node, path: path)
    }
  }

  /// A layer that failed to decode, keeping its name and inputs for the graph check.
  func placeholder(_ node: Node) -> Component {
    var c = Component(type: "", mark: node.mark)
    if let n = node.lookup(key: "name"), let name = stringValue(n) {
      c.name = name
      c.argumentMarks["name"] = n.mark
    }
    if let list = node.lookup(key: "inputs"), case .sequence(let items) = list.content {
      let names = items.compactMap(stringValue)
      if names.count == items.count {
        c.arguments["inputs"] = .list(names.map(Value.string))
        for (i, item) in items.enumerated() { c.argumentMarks["inputs.\(i)"] = item.mark }
      }
    }
    return c
  }

  mutating func decodeList(_ items: [Node], _ kind: ArgumentKind, _ constraint: Constraint?, path: String)
    -> Value?
  {
    var out: [Value] = []
    var ok = true
    for (i, item) in items.enumerated() {
      if let v = decodeValue(item, kind, constraint, path: "\(path).\(i)") {
        out.append(v)
      } else {
        ok = false
      }
    }
    return ok ? .list(out) : nil
  }

  mutating func typeError(_ node: Node, _ expected: String, _ path: String) -> Value? {
    error(node.mark, "\(path) must be \(expected), got \(describe(node))", path: path)
    return nil
  }

  /// A number that training uses as a float32: its constraint must hold after rounding too (a
  /// dropout rate of 0.99999999999 is 1 in float32, an epsilon of 1e-50 is 0).
  mutating func boundedFloat(_ x: Double, _ c: Constraint?, _ node: Node, _ path: String) -> Value? {
    guard let v = bounded(.double(x), x, c, node, path) else { return nil }
    if let c, !c.admits(Double(Float(x))) {
      error(
        node.mark, "\(path) must be \(c.text) in float32, where \(x) rounds to \(Float(x))", path: path)
      return nil
    }
    return v
  }

  mutating func bounded(_ v: Value, _ x: Double, _ c: Constraint?, _ node: Node, _ path: String) -> Value? {
    guard let c, !c.admits(x) else { return v }
    error(node.mark, "\(path) must be \(c.text), got \(v)", path: path)
    return nil
  }

  mutating func decodeRegularizer(_ node: Node, path: String) -> Value? {
    guard case .mapping(let pairs) = node.content, !pairs.isEmpty else {
      return typeError(node, "a mapping {l1: x, l2: y} with at least one of l1, l2", path)
    }
    var reg = Component(type: "regularizer", mark: node.mark)
    let args: [ArgumentSchema] = [.double("l1", 0, .atLeast(0), ""), .double("l2", 0, .atLeast(0), "")]
    guard
      decodeArguments(pairs, args, into: &reg, reserved: [], path: path, noun: "in \(path)", at: node.mark)
    else { return nil }
    return .map([Value.Entry("l1", reg.value("l1")), Value.Entry("l2", reg.value("l2"))])
  }

  mutating func decodeClassWeights(_ node: Node, path: String) -> Value? {
    guard case .mapping(let pairs) = node.content else {
      return typeError(node, "a mapping class → weight", path)
    }
    var out: [Value.Entry] = []
    var ok = true
    for pair in pairs {
      guard case .scalar(let k) = pair.key.content, case .int(let index) = k.value, index >= 0 else {
        error(
          pair.key.mark, "\(path) keys must be class indices (integers >= 0), got \(describe(pair.key))",
          path: path)
        ok = false
        continue
      }
      if let w = decodeValue(pair.value, .double, .atLeast(0), path: "\(path).\(index)") {
        out.append(Value.Entry(String(index), w))
      } else {
        ok = false
      }
    }
    return ok ? .map(out) : nil
  }

  mutating func decodeSweepParameters(_ node: Node, path: String) -> Value? {
    guard case .mapping(let pairs) = node.content, !pairs.isEmpty else {
      return typeError(node, "a non-empty mapping of dotted path → list of values", path)
    }
    var out: [Value.Entry] = []
    var ok = true
    for pair in pairs {
      guard let key = keyString(pair.key) else {
        error(pair.key.mark, "\(path) keys must be dotted paths, got \(describe(pair.key))", path: path)
        ok = false
        continue
      }
      guard case .sequence(let items) = pair.value.content, !items.isEmpty else {
        _ = typeError(pair.value, "a non-empty list of values", "\(path).\(key)")
        ok = false
        continue
      }
      out.append(Value.Entry(key, .list(items.map(Value.init))))
    }
    return ok ? .map(out) : nil
  }

  /// Parses an expression to report its errors at the right column; `true` when it parses.
  mutating func checkExpression(_ text: String, variables: [String], node: Node, path: String) -> Bool {
    do {
      _ = try Expression.parse(text, variables: variables)
      return true
    } catch {
      var mark = node.mark
      if case .scalar(let s) = node.content, let shift = s.columnOffset(ofTextOffset: error.offset) {
        mark.column += shift
        self.error(mark, "in \(path): \(error.message)", path: path)
      } else {
        // Escapes or line folding: the text's offsets are not source columns, so point at the value
        // and say where in the expression the problem is.
        self.error(mark, "in \(path): \(error.message) (at character \(error.offset + 1) of the expression)", path: path)
      }
      return false
    }
  }
}

func isNull(_ node: Node) -> Bool {
  if case .scalar(let s) = node.content, s.value == .null { return true }
  return false
}

func isNumber(_ s: Scalar) -> Bool {
  switch s.value {
  case .int, .double: true
  default: false
  }
}

func stringValue(_ node: Node) -> String? {
  if case .scalar(let s) = node.content, case .string(let t) = s.value { return t }
  return nil
}
