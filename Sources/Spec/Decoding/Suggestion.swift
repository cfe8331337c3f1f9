/// "Did you mean" for keys and type names: the nearest known name by edit distance (at most two
/// edits, or a third of the name's length for long names), else the only known name it starts.
enum Suggestion {
  static func closest(to name: String, among candidates: [String]) -> String? {
    let limit = max(2, name.count / 3)
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      let d = NameSuggestion.distance(name, candidate)
      if d <= limit, d < name.count, d < (best?.distance ?? Int.max) { best = (candidate, d) }
    }
    if let best { return best.name }
    let prefixed = candidates.filter { name.count >= 3 && $0.hasPrefix(name) }
    return prefixed.count == 1 ? prefixed[0] : nil
  }
}
