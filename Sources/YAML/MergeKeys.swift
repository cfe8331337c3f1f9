/// YAML 1.1 merge keys (`<<: *base` or `<<: [*a, *b]`), applied while the tree is built.
///
/// Keys written in the mapping itself win over merged ones; among merged mappings, earlier ones win
/// over later ones. Merged pairs take the place of the `<<` entry, in their own order.
enum MergeKeys {
  struct Failure: Error {
    var mark: Mark
    var message: String
  }

  /// Whether `key` is a merge key: a plain, untagged `<<`.
  static func isMergeKey(_ key: Node) -> Bool {
    guard case .scalar(let s) = key.content else { return false }
    return s.style == .plain && s.value == .string("<<")
  }

  /// The pairs with every merge key replaced by the pairs it brings in.
  static func apply(_ pairs: [Node.Pair]) throws(Failure) -> [Node.Pair] {
    var taken = Set(pairs.filter { !isMergeKey($0.key) }.map { identity($0.key) })
    var result: [Node.Pair] = []
    for pair in pairs {
      guard isMergeKey(pair.key) else {
        result.append(pair)
        continue
      }
      for source in try mergedMappings(pair.value) {
        for merged in source where taken.insert(identity(merged.key)).inserted {
          result.append(merged)
        }
      }
    }
    return result
  }

  private static func mergedMappings(_ value: Node) throws(Failure) -> [[Node.Pair]] {
    switch value.content {
    case .mapping(let pairs):
      return [pairs]
    case .sequence(let items):
      var mappings: [[Node.Pair]] = []
      for item in items {
        guard case .mapping(let pairs) = item.content else {
          throw Failure(
            mark: item.mark, message: "a merge key '<<' list holds only mappings; found \(kind(item))")
        }
        mappings.append(pairs)
      }
      return mappings
    case .scalar:
      throw Failure(
        mark: value.mark,
        message: "a merge key '<<' takes a mapping or a list of mappings; found \(kind(value))")
    }
  }

  /// A string that is equal for two keys exactly when YAML considers the keys equal.
  static func identity(_ key: Node) -> String {
    guard case .scalar(let s) = key.content else { return "c:" + emitYAML(key) }
    switch s.value {
    case .null: return "~"
    case .bool(let b): return "b:\(b)"
    case .int(let i): return "i:\(i)"
    case .double(let d): return d.isNaN ? "d:nan" : "d:\(d)"
    case .string(let t): return "s:" + t
    }
  }

  /// The key as a user would recognise it in a message.
  static func display(_ key: Node) -> String {
    if case .scalar(let s) = key.content { return s.text }
    return emitYAML(key).trimmingSuffix()
  }

  private static func kind(_ node: Node) -> String {
    switch node.content {
    case .scalar(let s): return "the scalar '\(s.text)'"
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    }
  }
}

extension String {
  /// The string without trailing newlines.
  fileprivate func trimmingSuffix() -> String {
    var s = self
    while s.last == "\n" { s.removeLast() }
    return s
  }
}
