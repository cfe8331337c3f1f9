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
      let isSeed = path == "seed" || path.hasPrefix("sweep.seeds.")
      if !isSeed && (i > SpecDecoder.largestInteger || i < -SpecDecoder.largestInteger) {
        error(
          node.mark, "\(path) must be at most \(SpecDecoder.largestInteger) in size, got \(i)", path: path)
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
    case .padding2d:
      return decodePadding2d(node, constraint, path: path)
    case .doubleOrPair:
      if case .scalar = node.content { return decodeValue(node, .double, constraint, path: path) }
      guard case .sequence(let items) = node.content, items.count == 2 else {
        return typeError(node, "a number or a list of two numbers", path)
      }
      return decodeList(items, .double, constraint, path: path)
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

  /// `sweep.parameters`: each path maps to a non-empty list (a choice) or to one distribution,
  /// `{choice: [...]}`, `{uniform: [a, b]}`, `{log_uniform: [a, b]}` or `{int_uniform: [a, b]}`.
  /// A choice is kept as a `.list`, a range as `.map([name: [a, b]])` (numbers as `.double`, or
  /// `.int` for int_uniform).
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
      if let value = decodeSweepDistribution(pair.value, path: "\(path).\(key)") {
        out.append(Value.Entry(key, value))
      } else {
        ok = false
      }
    }
    return ok ? .map(out) : nil
  }

  /// The distributions a sweep parameter may name, as `{name: ...}`.
  static let sweepDistributions = ["choice", "uniform", "log_uniform", "int_uniform"]

  /// One `sweep.parameters` entry's value: a list, or a mapping with one distribution key.
  mutating func decodeSweepDistribution(_ node: Node, path: String) -> Value? {
    let names = SpecDecoder.sweepDistributions
    let expected = "choice, uniform, log_uniform or int_uniform"
    let list: Node
    let name: String
    switch node.content {
    case .sequence:
      (list, name) = (node, "choice")
    case .mapping(let pairs) where pairs.count == 1:
      guard let key = keyString(pairs[0].key), names.contains(key) else {
        let written = keyString(pairs[0].key) ?? Value(pairs[0].key).description
        let suggestion = Suggestion.closest(to: written, among: names)
        error(
          pairs[0].key.mark,
          "unknown distribution '\(written)'; expected \(expected)" + didYouMean(suggestion),
          path: path, suggestion: suggestion)
        return nil
      }
      (list, name) = (pairs[0].value, key)
    default:
      return typeError(node, "a non-empty list of values or a mapping with one of \(expected)", path)
    }
    guard case .sequence(let items) = list.content else {
      let what = name == "choice" ? "a non-empty list of values" : "a list [a, b]"
      error(list.mark, "\(name) needs \(what), got \(describe(list))", path: path)
      return nil
    }
    if name == "choice" {
      guard !items.isEmpty else {
        return typeError(list, "a non-empty list of values", path)
      }
      return .list(items.map(Value.init))
    }
    let shown = Value(list).description
    let ends = items.compactMap { item -> Double? in
      guard case .scalar(let s) = item.content else { return nil }
      switch s.value {
      case .int(let i): return Double(i)
      case .double(let d) where d.isFinite: return d
      default: return nil
      }
    }
    let ints = items.compactMap { item -> Int? in
      if case .scalar(let s) = item.content, case .int(let i) = s.value { return i }
      return nil
    }
    switch name {
    case "int_uniform":
      guard items.count == 2, ints.count == 2 else {
        error(list.mark, "int_uniform needs two integers [a, b], got \(shown)", path: path)
        return nil
      }
      guard ints[0] <= ints[1] else {
        error(list.mark, "int_uniform needs a <= b, got \(shown)", path: path)
        return nil
      }
      // b - a + 1 values are drawn from; they must be countable.
      guard case (let span, false) = ints[1].subtractingReportingOverflow(ints[0]), span < Int.max else {
        error(
          list.mark, "int_uniform range \(shown) is too wide; it must hold fewer than 2^63 integers",
          path: path)
        return nil
      }
      return .map([Value.Entry(name, .list([.int(ints[0]), .int(ints[1])]))])
    default:
      guard items.count == 2, ends.count == 2 else {
        error(list.mark, "\(name) needs two finite numbers [a, b], got \(shown)", path: path)
        return nil
      }
      let (a, b) = (ends[0], ends[1])
      if name == "log_uniform", !(0 < a && a < b) {
        error(list.mark, "log_uniform needs 0 < a < b, got \(shown)", path: path)
        return nil
      }
      guard a < b else {
        error(list.mark, "uniform needs a < b, got \(shown)", path: path)
        return nil
      }
      guard (b - a).isFinite else {
        error(list.mark, "uniform range \(shown) is too wide; b - a must be a finite number", path: path)
        return nil
      }
      return .map([Value.Entry(name, .list([.double(a), .double(b)]))])
    }
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
        self.error(
          mark, "in \(path): \(error.message) (at character \(error.offset + 1) of the expression)",
          path: path)
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
