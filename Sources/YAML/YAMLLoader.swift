/// Loads one YAML document from a file or a string into a `Node` tree, with a `Mark` on every node.
///
/// Everything wrong with the input comes back as a `DiagnosticList` rendered compiler-style: file
/// problems (missing, a directory, unreadable, too large, not UTF-8 text), libyaml's syntax errors,
/// and the loader's own checks (duplicate keys, unknown tags, int overflow, several documents, the
/// nesting and alias-expansion limits that keep hostile input bounded in time and memory).
public enum YAMLLoader {
  /// Bounds on what the loader accepts.
  public struct Limits: Sendable, Equatable {
    /// Largest input, in bytes (files over it are refused before they are read in full).
    public var maxBytes: Int
    /// Deepest nesting of collections (sequences and mappings), counting through aliases.
    public var maxDepth: Int
    /// Most nodes that aliases may copy in total (stops "billion laughs" alias bombs).
    public var maxAliasExpansion: Int
    /// Most nodes written in the document (keeps a file of millions of tiny nodes within memory).
    public var maxNodes: Int

    /// Creates limits; the defaults are `standard`'s.
    public init(
      maxBytes: Int = 16 << 20, maxDepth: Int = 256, maxAliasExpansion: Int = 100_000,
      maxNodes: Int = 1_000_000
    ) {
      self.maxBytes = maxBytes
      self.maxDepth = maxDepth
      self.maxAliasExpansion = maxAliasExpansion
      self.maxNodes = maxNodes
    }

    /// 16 MiB, 256 levels, 100,000 nodes copied by aliases, 1,000,000 nodes written.
    public static let standard = Limits()
  }

  /// Loads the YAML file at `path`; marks name the file as `path` is written.
  public static func load(path: String, limits: Limits = .standard) throws(DiagnosticList) -> Document {
    try load(bytes: TextFile.readBytes(path: path, maxBytes: limits.maxBytes), name: path, limits: limits)
  }

  /// Loads YAML from the bytes of a file, which must be UTF-8 text; `name` is used in marks.
  public static func load(bytes: [UInt8], name: String, limits: Limits = .standard) throws(DiagnosticList)
    -> Document
  {
    try load(text: TextFile.decode(bytes, name: name), name: name, limits: limits)
  }

  /// Loads YAML from `text`; `name` is the file name used in marks (or a label like `<stdin>`).
  public static func load(text: String, name: String, limits: Limits = .standard) throws(DiagnosticList)
    -> Document
  {
    var text = text
    if text.utf8.count > limits.maxBytes {
      throw DiagnosticList([TextFile.tooLarge(name, size: text.utf8.count, limit: limits.maxBytes)])
    }
    if let nul = TextFile.firstNUL(in: text) {
      throw DiagnosticList([TextFile.notText(name: name, text: text, offset: nul, what: "NUL byte")])
    }
    // libyaml skips a byte-order mark without counting a column; drop it so columns match lines.
    if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
    let source = Source(name: name, text: text)
    let parser = EventParser(utf8: text.utf8)
    var builder = TreeBuilder(source: source, limits: limits)
    let root = try builder.build(parser)
    return Document(root: root, source: source)
  }
}
