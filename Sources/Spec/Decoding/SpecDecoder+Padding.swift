import YAML

extension SpecDecoder {
  /// Keras `ZeroPadding2D`'s `padding`: `p` (all sides), `[rows, columns]` (symmetric) or
  /// `[[top, bottom], [left, right]]`, stored in the last form (which decodes to itself, so a
  /// resolved spec reads back the same).
  mutating func decodePadding2d(_ node: Node, _ constraint: Constraint?, path: String) -> Value? {
    let what = "an integer, [rows, columns] or [[top, bottom], [left, right]]"
    if case .scalar = node.content {
      guard let v = decodeValue(node, .int, constraint, path: path) else { return nil }
      return .list([.list([v, v]), .list([v, v])])
    }
    guard case .sequence(let items) = node.content, items.count == 2 else { return typeError(node, what, path) }
    if items.allSatisfy({ if case .scalar = $0.content { true } else { false } }) {
      guard case .list(let pair)? = decodeList(items, .int, constraint, path: path) else { return nil }
      return .list([.list([pair[0], pair[0]]), .list([pair[1], pair[1]])])
    }
    var sides: [Value] = []  // [[top, bottom], [left, right]]
    for (i, item) in items.enumerated() {
      guard case .sequence(let inner) = item.content, inner.count == 2 else { return typeError(item, what, path) }
      guard case .list(let pair)? = decodeList(inner, .int, constraint, path: "\(path).\(i)") else { return nil }
      sides.append(.list(pair))
    }
    return .list(sides)
  }
}
