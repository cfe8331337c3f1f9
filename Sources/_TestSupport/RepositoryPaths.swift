/// Paths inside this repository, for tests that read the data sets shipped in `data/` or the
/// specs in `specs/`, wherever the checkout lives.
public enum RepositoryPaths {
  /// The repository's top folder (two levels above `Sources/_TestSupport`).
  public static let root: String = {
    var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
  }()

  /// `root/relative`.
  public static func path(_ relative: String) -> String { root + "/" + relative }
}
