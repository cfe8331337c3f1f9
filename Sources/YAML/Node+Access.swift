extension Node {
  /// The resolved value if this node is a scalar, nil for sequences and mappings.
  public var scalarValue: ScalarValue? {
    if case .scalar(let s) = content { return s.value }
    return nil
  }

  /// Whether this node is a null scalar (`null`, `~`, or nothing at all).
  public var isNull: Bool { scalarValue == .null }

  /// The value under string key `key` if this node is a mapping that has it.
  public func lookup(key: String) -> Node? {
    guard case .mapping(let pairs) = content else { return nil }
    return pairs.first { $0.key.scalarValue == .string(key) }?.value
  }

  /// Whether two trees have the same shape and the same resolved values, ignoring marks and how
  /// scalars were written (`1e-7` and `1e-07` are equal; NaN equals NaN). Walks without recursion.
  public func equalIgnoringMarks(_ other: Node) -> Bool {
    var pending: [(Node, Node)] = [(self, other)]
    while let (a, b) = pending.popLast() {
      switch (a.content, b.content) {
      case (.scalar(let x), .scalar(let y)):
        switch (x.value, y.value) {
        case (.double(let p), .double(let q)): guard p == q || (p.isNaN && q.isNaN) else { return false }
        case (let p, let q): guard p == q else { return false }
        }
      case (.sequence(let xs), .sequence(let ys)):
        guard xs.count == ys.count else { return false }
        pending.append(contentsOf: zip(xs, ys))
      case (.mapping(let xs), .mapping(let ys)):
        guard xs.count == ys.count else { return false }
        for (p, q) in zip(xs, ys) {
          pending.append((p.key, q.key))
          pending.append((p.value, q.value))
        }
      default:
        return false
      }
    }
    return true
  }
}
