import YAML

/// Walks a YAML node tree against the schema tables, collecting every problem it finds.
///
/// Each `decode…` method returns `nil` when the node could not be decoded; the reason is already in
/// `diagnostics`. Diagnostics carry marks but no source lines; `SpecLoader` attaches those.
struct SpecDecoder {
  var diagnostics: [Diagnostic] = []

  mutating func error(_ mark: Mark?, _ message: String, path: String, suggestion: String? = nil) {
    diagnostics.append(
      Diagnostic(at: mark, message, keyPath: path.isEmpty ? nil : path, suggestion: suggestion))
  }

  /// Decodes a fixed section (the top level, `train`, ...) from a mapping node.
  mutating func decodeSection(_ node: Node, schema: TypeSchema, path: String) -> Component? {
    guard case .mapping(let pairs) = node.content else {
      if path.isEmpty, case .scalar(let s) = node.content, s.value == .null, s.text.isEmpty {
        // A file holding only `---` (or `--- ...`): a document with nothing in it.
        error(node.mark, "the document is empty; expected a mapping (name, data, model, ...)", path: path)
        return nil
      }
      let what = path.isEmpty ? "the top level of a spec" : path
      error(node.mark, "\(what) must be a mapping, got \(describe(node))", path: path)
      return nil
    }
    var section = Component(type: schema.name, mark: node.mark)
    let noun = path.isEmpty ? "at the top level" : "in \(path)"
    guard
      decodeArguments(
        pairs, schema.arguments, into: &section, reserved: [], path: path, noun: noun, at: node.mark,
        place: KerasHabits.Place(family: nil, name: schema.name))
    else { return nil }
    if let check = schema.check { runCheck(check, section, path: path) }
    return section
  }

  /// Decodes a typed thing: a bare type name, or a mapping with `type:`.
  mutating func decodeComponent(_ node: Node, family: Family, path: String) -> Component? {
    let schema = Schemas.family(family)
    var pairs: [Node.Pair] = []
    let typeNode: Node
    switch node.content {
    case .scalar(let s) where isString(s):
      typeNode = node
    case .mapping(let p):
      pairs = p
      guard let t = p.first(where: { keyString($0.key) == "type" })?.value else {
        error(node.mark, "missing required key 'type' in \(path)", path: path)
        return nil
      }
      typeNode = t
    default:
      error(
        node.mark,
        "\(path) must be \(article(family.rawValue)) \(family.rawValue) name or a mapping with 'type', got \(describe(node))",
        path: path)
      return nil
    }
    guard case .scalar(let ts) = typeNode.content, isString(ts) else {
      error(typeNode.mark, "\(path).type must be a string, got \(describe(typeNode))", path: "\(path).type")
      return nil
    }
    guard let type = schema.type(named: ts.text) else {
      if let habit = KerasHabits.typeHint(ts.text, family: family) {
        error(
          typeNode.mark, "unknown \(family.rawValue) type '\(ts.text)'; \(habit.hint)", path: "\(path).type",
          suggestion: habit.replacement)
        return nil
      }
      let suggestion = Suggestion.closest(to: ts.text, among: schema.types.map(\.name))
      error(
        typeNode.mark, "unknown \(family.rawValue) type '\(ts.text)'" + didYouMean(suggestion),
        path: "\(path).type",
        suggestion: suggestion)
      return nil
    }
    var component = Component(type: type.name, mark: node.mark)
    var reserved = ["type"]
    if schema.hasName {
      reserved.append("name")
      if let nameNode = pairs.first(where: { keyString($0.key) == "name" })?.value {
        if case .scalar(let s) = nameNode.content, isString(s) {
          component.name = s.text
          component.argumentMarks["name"] = nameNode.mark
        } else {
          error(
            nameNode.mark, "\(path).name must be a string, got \(describe(nameNode))", path: "\(path).name")
        }
      }
    }
    let noun = "in \(path) (\(type.name))"
    guard
      decodeArguments(
        pairs, schema.arguments(of: type), into: &component, reserved: reserved, path: path, noun: noun,
        at: node.mark, place: KerasHabits.Place(family: family, name: type.name))
    else { return nil }
    if component.arguments["formula"] == .string("pytorch") {
      for (name, value) in type.pytorchDefaults where component.argumentMarks[name] == nil {
        component.arguments[name] = value
      }
    }
    if let check = schema.check { runCheck(check, component, path: path) }
    if let check = type.check { runCheck(check, component, path: path) }
    return component
  }

  /// Decodes the pairs of a mapping against `arguments`, filling defaults; `false` if anything failed.
  /// An unknown key gets a Keras-habit hint for `place` (`lr` in an optimizer) or a "did you mean".
  mutating func decodeArguments(
    _ pairs: [Node.Pair], _ arguments: [ArgumentSchema], into component: inout Component, reserved: [String],
    path: String, noun: String, at mark: Mark, place: KerasHabits.Place? = nil
  ) -> Bool {
    var ok = true
    for pair in pairs {
      guard let key = keyString(pair.key) else {
        error(pair.key.mark, "keys must be strings, got \(describe(pair.key))", path: path)
        ok = false
        continue
      }
      if reserved.contains(key) { continue }
      let keyPath = join(path, key)
      guard let argument = arguments.first(where: { $0.name == key }) else {
        if let hint = Schemas.removedKeys[keyPath] {
          error(pair.key.mark, "'\(keyPath)' was removed: \(hint)", path: keyPath)
          ok = false
          continue
        }
        if let place, let habit = KerasHabits.habit(key: key, at: place) {
          error(
            pair.key.mark, "unknown key '\(key)' \(noun); \(KerasHabits.text(of: habit, value: scalarText(pair.value)))",
            path: keyPath,
            suggestion: habit.replacement)
          ok = false
          continue
        }
        let suggestion = Suggestion.closest(to: key, among: arguments.map(\.name) + reserved)
        error(
          pair.key.mark, "unknown key '\(key)' \(noun)" + didYouMean(suggestion), path: keyPath,
          suggestion: suggestion)
        ok = false
        continue
      }
      component.argumentMarks[key] = pair.value.mark
      switch pair.value.content {
      case .sequence(let items):
        for (i, item) in items.enumerated() { component.argumentMarks["\(key).\(i)"] = item.mark }
      case .mapping(let entries):
        for entry in entries {
          if let k = keyString(entry.key) { component.argumentMarks["\(key).\(k)"] = entry.value.mark }
        }
      case .scalar: break
      }
      if let value = decodeValue(pair.value, argument.kind, argument.constraint, path: keyPath) {
        component.arguments[key] = value
      } else {
        ok = false
      }
    }
    for argument in arguments
    where component.arguments[argument.name] == nil && component.argumentMarks[argument.name] == nil {
      if case .section(let name) = argument.kind {
        // An absent section is its keys' defaults.
        let empty = Node(.mapping([]), mark: mark)
        let path = join(path, argument.name)
        if let v = decodeSection(empty, schema: Schemas.section(named: name), path: path) {
          component.arguments[argument.name] = .component(v)
        } else {
          ok = false
        }
      } else if let d = argument.defaultValue {
        component.arguments[argument.name] = d
      } else {
        error(mark, "missing required key '\(argument.name)' \(noun)", path: join(path, argument.name))
        ok = false
      }
    }
    return ok
  }

  mutating func runCheck(
    _ check: @Sendable (Component, inout CrossCheck) -> Void, _ c: Component, path: String
  ) {
    var cross = CrossCheck(path: path)
    check(c, &cross)
    diagnostics += cross.diagnostics
  }
}

/// The text of a string-valued key node, or `nil` for a non-string key.
func keyString(_ node: Node) -> String? {
  if case .scalar(let s) = node.content, isString(s) { return s.text }
  return nil
}

/// The text of a scalar node as written, or `nil` for a list or mapping.
func scalarText(_ node: Node) -> String? {
  if case .scalar(let s) = node.content { return s.text }
  return nil
}

/// Whether a scalar resolved to a string.
func isString(_ s: Scalar) -> Bool {
  if case .string = s.value { return true }
  return false
}

/// `a.b`, or `b` when `a` is empty.
func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

/// `; did you mean 'x'?` or nothing.
func didYouMean(_ suggestion: String?) -> String { suggestion.map { "; did you mean '\($0)'?" } ?? "" }

/// How a node is named in "got ..." messages.
func describe(_ node: Node) -> String {
  switch node.content {
  case .sequence(let items):
    return items.isEmpty ? "an empty list" : "a list of \(counted(items.count, "item"))"
  case .mapping(let pairs):
    return pairs.isEmpty ? "an empty mapping" : "a mapping of \(counted(pairs.count, "key"))"
  case .scalar(let s):
    switch s.value {
    case .null: return "null"
    case .bool(let b): return "the boolean \(b)"
    case .int(let i): return "the integer \(i)"
    case .double: return "the number \(s.text)"
    case .string(let t): return "the string '\(t)'"
    }
  }
}

/// `1 item`, `3 items`.
func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

/// `a` or `an` for a word.
func article(_ word: String) -> String { "aeiou".contains(word.first ?? "x") ? "an" : "a" }
