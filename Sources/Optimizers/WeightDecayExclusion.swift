/// Which parameters weight decay skips: Keras's `exclude_from_weight_decay(var_names=...)`.
///
/// Keras joins the names into one regular expression and searches it in each variable's own name
/// (`kernel`, `bias`, `gamma`, `beta`), not in its path. Our parameter names are `layer/name`, so
/// the search runs on the part after the last `/`: `bias` excludes every bias, `^gamma$|^beta$`
/// the normalization parameters, exactly as in Keras.
public enum WeightDecayExclusion {
  /// Whether `parameterName` matches one of `patterns` (regular expressions, searched).
  ///
  /// A pattern that is not a valid regular expression is matched as plain text (specs reject such
  /// patterns before they get here; this keeps library callers from trapping).
  public static func excludes(_ patterns: [String], parameterName: String) -> Bool {
    let ownName = parameterName.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init)
      ?? parameterName
    return patterns.contains { pattern in
      guard let regex = try? Regex(pattern) else { return ownName.contains(pattern) }
      return ownName.contains(regex)
    }
  }
}
