extension ExperimentSpec {
  /// The dotted paths whose resolved values differ between `self` and `other`
  /// (`train.epochs`, `optimizer.learning_rate`, `model.layers.2.filters`), sorted.
  public func differingPaths(from other: ExperimentSpec) -> [String] {
    var paths: [String] = []
    collectDifferences(resolvedValue, other.resolvedValue, path: "", into: &paths)
    return paths.sorted()
  }
}

private func collectDifferences(_ a: Value, _ b: Value, path: String, into paths: inout [String]) {
  func join(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
  switch (a, b) {
  case (.map(let x), .map(let y)):
    let keys = x.map(\.key) + y.map(\.key).filter { k in !x.contains { $0.key == k } }
    for key in keys {
      let u = x.first { $0.key == key }?.value ?? .null
      let v = y.first { $0.key == key }?.value ?? .null
      collectDifferences(u, v, path: join(key), into: &paths)
    }
  case (.list(let x), .list(let y)) where x.count == y.count:
    for (i, (u, v)) in zip(x, y).enumerated() { collectDifferences(u, v, path: join(String(i)), into: &paths) }
  default:
    if a != b { paths.append(path) }
  }
}
