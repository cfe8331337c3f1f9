extension ExperimentSpec {
  /// The dotted paths whose resolved values differ between `self` and `other`
  /// (`train.epochs`, `optimizer.learning_rate`, `model.layers.2.filters`), sorted.
  public func differingPaths(from other: ExperimentSpec) -> [String] {
    resolvedValue.differingPaths(from: other.resolvedValue)
  }
}

extension Value {
  /// The dotted paths where `self` and `other` differ, sorted; a key present in one only counts as
  /// `null` in the other, and lists of different lengths differ as a whole.
  public func differingPaths(from other: Value) -> [String] {
    var paths: [String] = []
    collectDifferences(self, other, path: "", into: &paths)
    return paths.sorted()
  }

  /// The value under a dotted path (`optimizer.learning_rate`, `model.layers.0.units`: list items
  /// by 0-based index); nil when a step is missing.
  public func value(atPath path: String) -> Value? {
    var current = self
    for key in path.split(separator: ".", omittingEmptySubsequences: false) {
      switch current {
      case .map(let entries):
        guard let next = entries.first(where: { $0.key == key })?.value else { return nil }
        current = next
      case .list(let items):
        guard let i = Int(key), items.indices.contains(i) else { return nil }
        current = items[i]
      default: return nil
      }
    }
    return current
  }

  /// Equality as a reader means it: numbers by value (`32` matches `32.0`, `1e-3` matches `0.001`),
  /// everything else exactly, lists and maps (in any key order) item by item.
  public func matches(_ other: Value) -> Bool {
    switch (self, other) {
    case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.matches($1) }
    case (.map(let x), .map(let y)):
      return x.count == y.count
        && x.allSatisfy { e in y.first { $0.key == e.key }.map { e.value.matches($0.value) } ?? false }
    default:
      if let a = asDouble, let b = other.asDouble { return a == b }
      return self == other
    }
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
    for (i, (u, v)) in zip(x, y).enumerated() {
      collectDifferences(u, v, path: join(String(i)), into: &paths)
    }
  default:
    if a != b { paths.append(path) }
  }
}
