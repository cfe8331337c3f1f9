/// One loaded YAML file: the root node and the source text its marks point into.
public struct Document: Sendable {
  /// The document's root node, with aliases expanded and merge keys applied.
  public var root: Node
  /// The text the document was loaded from, for quoting lines in later diagnostics.
  public var source: Source

  /// Creates a document.
  public init(root: Node, source: Source) {
    self.root = root
    self.source = source
  }
}
