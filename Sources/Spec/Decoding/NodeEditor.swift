import YAML

/// Replaces or inserts the node at a dotted path in a YAML tree (for `--set` and sweep values).
enum NodeEditor {
  /// Returns `root` with the node at `path` set to `value`.
  ///
  /// Missing mapping keys are inserted (the decoder then reports unknown ones); list items are
  /// addressed by index; a bare type name (`optimizer: adam`) is expanded to `{type: adam}` when
  /// the path goes inside it. `keyMark` locates inserted keys and errors.
  static func setting(_ root: Node, path: [String], to value: Node, keyMark: Mark) throws(Diagnostic) -> Node
  {
    try set(root, path[...], value, keyMark, walked: [], full: path.joined(separator: "."))
  }

  private static func set(
    _ node: Node, _ path: ArraySlice<String>, _ value: Node, _ keyMark: Mark, walked: [String], full: String
  ) throws(Diagnostic) -> Node {
    guard let head = path.first else { return value }
    let rest = path.dropFirst()
    let here = walked.isEmpty ? "the top level" : "'" + walked.joined(separator: ".") + "'"
    var node = node
    if case .scalar(let s) = node.content {
      switch s.value {
      case .null: node.content = .mapping([])
      case .string where !walked.isEmpty:
        node.content = .mapping([Node.Pair(key: stringNode("type", node.mark), value: node)])
      default:
        throw Diagnostic(
          at: keyMark, "cannot set '\(full)': \(here) is \(describe(node)), not a mapping or a list",
          keyPath: full)
      }
    }
    switch node.content {
    case .mapping(var pairs):
      if let i = pairs.firstIndex(where: { keyString($0.key) == head }) {
        pairs[i].value = try set(pairs[i].value, rest, value, keyMark, walked: walked + [head], full: full)
      } else {
        let inner = try set(
          Node(.mapping([]), mark: keyMark), rest, value, keyMark, walked: walked + [head], full: full)
        pairs.append(Node.Pair(key: stringNode(head, keyMark), value: inner))
      }
      node.content = .mapping(pairs)
    case .sequence(var items):
      guard let i = Int(head), i >= 0, i < items.count else {
        throw Diagnostic(
          at: keyMark,
          items.isEmpty
            ? "cannot set '\(full)': \(here) is an empty list; it has no index '\(head)'"
            : "cannot set '\(full)': \(here) is a list of \(counted(items.count, "item")); '\(head)' is not an index 0...\(items.count - 1)",
          keyPath: full)
      }
      items[i] = try set(items[i], rest, value, keyMark, walked: walked + [head], full: full)
      node.content = .sequence(items)
    case .scalar:
      preconditionFailure("scalars were expanded above")
    }
    return node
  }

  /// Returns `root` without the top-level key `key`.
  static func removing(_ key: String, from root: Node) -> Node {
    guard case .mapping(let pairs) = root.content else { return root }
    return Node(.mapping(pairs.filter { keyString($0.key) != key }), mark: root.mark)
  }

  static func stringNode(_ text: String, _ mark: Mark) -> Node {
    Node(.scalar(Scalar(text: text, style: .plain, value: .string(text))), mark: mark)
  }
}
