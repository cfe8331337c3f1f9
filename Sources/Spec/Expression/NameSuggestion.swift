/// "Did you mean" for misspelt names: the closest candidate by optimal-string-alignment distance
/// (Levenshtein plus adjacent transpositions, so `epcoh` is one edit from `epoch`).
public enum NameSuggestion {
  /// The candidate nearest to `name` (the first of equals), if it is within one edit per three
  /// characters of `name`, and at least one.
  public static func closest(to name: String, among candidates: [String]) -> String? {
    let allowed = max(1, name.unicodeScalars.count / 3)
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      let d = distance(name, candidate)
      if d <= allowed && d < (best?.distance ?? Int.max) { best = (candidate, d) }
    }
    return best?.name
  }

  /// Optimal-string-alignment distance between `a` and `b`, over Unicode scalars.
  public static func distance(_ a: String, _ b: String) -> Int {
    let s = Array(a.unicodeScalars)
    let t = Array(b.unicodeScalars)
    if s.isEmpty { return t.count }
    if t.isEmpty { return s.count }
    // rows[i][j] = distance between s[..<i] and t[..<j]; three rolling rows suffice.
    var twoBack = [Int](repeating: 0, count: t.count + 1)
    var previous = Array(0...t.count)
    var current = [Int](repeating: 0, count: t.count + 1)
    for i in 1...s.count {
      current[0] = i
      for j in 1...t.count {
        let cost = s[i - 1] == t[j - 1] ? 0 : 1
        var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1] {
          d = min(d, twoBack[j - 2] + 1)
        }
        current[j] = d
      }
      (twoBack, previous, current) = (previous, current, twoBack)
    }
    return previous[t.count]
  }
}
