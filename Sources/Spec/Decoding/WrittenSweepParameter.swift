import YAML

/// One `sweep.parameters` entry as written in the tree: its path, its nodes, and the nodes of its
/// listed values (a choice) or of its two ends (a range), so substituted values keep their marks.
struct WrittenSweepParameter {
  /// The dotted path as written.
  var path: String
  /// The key node (`optimizer.learning_rate`).
  var key: Node
  /// The value node: a list, or a mapping `{uniform: [a, b]}`.
  var value: Node
  /// `choice`, `uniform`, `log_uniform` or `int_uniform`.
  var distribution: String
  /// The listed values of a choice, or the ends a and b of a range.
  var items: [Node]

  /// The path's keys (`["optimizer", "learning_rate"]`).
  var parts: [String] { path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }

  /// The entries of `sweep.parameters` in `root` that have one of the accepted forms, in order.
  static func all(in root: Node) -> [WrittenSweepParameter] {
    guard case .mapping(let pairs)? = root.lookup(key: "sweep")?.lookup(key: "parameters")?.content else {
      return []
    }
    return pairs.compactMap { pair in
      guard let path = keyString(pair.key) else { return nil }
      switch pair.value.content {
      case .sequence(let items):
        return WrittenSweepParameter(
          path: path, key: pair.key, value: pair.value, distribution: "choice", items: items)
      case .mapping(let form) where form.count == 1:
        guard let name = keyString(form[0].key), case .sequence(let items) = form[0].value.content else {
          return nil
        }
        return WrittenSweepParameter(
          path: path, key: pair.key, value: pair.value, distribution: name, items: items)
      default:
        return nil
      }
    }
  }

  /// The nodes that stand for the values a trial can get, for checking them: a choice's values, or
  /// a range's two ends as the scalars a draw gives (a double for uniform and log_uniform).
  var checkedValues: [Node] {
    switch distribution {
    case "uniform", "log_uniform":
      items.map { item in
        guard case .scalar(let s) = item.content, case .int(let i) = s.value else { return item }
        return WrittenSweepParameter.scalar(.double(Double(i)), mark: item.mark)
      }
    default: items
    }
  }

  /// A plain scalar node holding a drawn number; its text reads back as the same value (a double's
  /// shortest round-trip form, `1e-05` or `0.5`, always has a `.` or an `e`, so it reads as a float).
  static func scalar(_ value: Value, mark: Mark) -> Node {
    let scalar: Scalar
    switch value {
    case .int(let i): scalar = Scalar(text: "\(i)", style: .plain, value: .int(i))
    case .double(let d): scalar = Scalar(text: "\(d)", style: .plain, value: .double(d))
    default: preconditionFailure("drawn sweep values are numbers")
    }
    return Node(.scalar(scalar), mark: mark)
  }
}
