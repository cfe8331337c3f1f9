/// Turns libyaml events into one `Node` tree: resolves scalars, expands aliases, applies merge keys,
/// finds duplicate keys, and enforces the nesting and alias-expansion limits.
///
/// It works with an explicit stack of open collections, never by recursion, so deep input cannot
/// overflow the call stack; the depth limit also keeps every tree it returns shallow enough for
/// `Node`'s own recursive `deinit` and `==`.
struct TreeBuilder {
  /// A finished node with what the limits need to know about it.
  struct Built {
    var node: Node
    /// Number of nodes in the tree (keys and values count).
    var size: Int
    /// Number of nested collections on the deepest path (0 for a scalar).
    var height: Int
  }

  /// A collection whose end event has not come yet.
  private struct OpenCollection {
    var isMapping: Bool
    var mark: Mark
    var anchor: String?
    var children: [Node] = []
    var size = 1
    var childHeight = 0
    /// For a mapping: each key's identity and where it was first written.
    var keysSeen: [String: Mark] = [:]
  }

  let source: Source
  let limits: YAMLLoader.Limits
  /// Problems that do not stop the load (duplicate keys, bad tags); thrown together at the end.
  private(set) var diagnostics: [Diagnostic] = []
  private var anchors: [String: Built] = [:]
  private var nodesCopiedByAliases = 0
  private var nodesWritten = 0

  init(source: Source, limits: YAMLLoader.Limits) {
    self.source = source
    self.limits = limits
  }

  /// Reads the whole stream: exactly one document, whose root node is returned.
  mutating func build(_ parser: EventParser) throws(DiagnosticList) -> Node {
    var event = try next(parser)  // stream start
    event = try next(parser)
    guard event.kind == .documentStart else {
      throw DiagnosticList([
        source.diagnostic(at: mark(line: 0, column: 0), "the file is empty; expected a mapping")
      ])
    }
    let root = try buildNode(parser)
    event = try next(parser)  // document end
    event = try next(parser)
    if event.kind == .documentStart {
      diagnostics.append(
        source.diagnostic(at: mark(event), "a spec file holds one YAML document; found a second one here"))
    }
    if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
    return root
  }

  /// Builds one node from the parser's next events, with an explicit stack instead of recursion.
  private mutating func buildNode(_ parser: EventParser) throws(DiagnosticList) -> Node {
    var stack: [OpenCollection] = []
    while true {
      let event = try next(parser)
      if case .scalar = event.kind { try countWrittenNode(at: mark(event)) }
      if event.kind == .sequenceStart || event.kind == .mappingStart { try countWrittenNode(at: mark(event)) }
      var finished: Built
      var anchor = event.anchor
      switch event.kind {
      case .scalar(let text, let style):
        finished = Built(node: scalarNode(text, style: style, event: event), size: 1, height: 0)
      case .alias(let name):
        finished = try aliasNode(name, at: mark(event), depth: stack.count)
      case .sequenceStart, .mappingStart:
        let isMapping = event.kind == .mappingStart
        if stack.count >= limits.maxDepth {
          throw fatal(at: mark(event), "the document nests deeper than \(limits.maxDepth) levels")
        }
        checkCollectionTag(event.tag, isMapping: isMapping, at: mark(event))
        stack.append(OpenCollection(isMapping: isMapping, mark: mark(event), anchor: event.anchor))
        continue
      case .sequenceEnd, .mappingEnd:
        let open = stack.removeLast()
        anchor = open.anchor
        let content: Node.Content =
          open.isMapping ? .mapping(mappingPairs(open.children)) : .sequence(open.children)
        finished = Built(node: Node(content, mark: open.mark), size: open.size, height: open.childHeight + 1)
      default:
        throw fatal(at: mark(event), "unexpected YAML event \(event.kind) inside a document")
      }
      if let anchor { anchors[anchor] = finished }
      guard !stack.isEmpty else { return finished.node }
      if stack[stack.count - 1].isMapping, stack[stack.count - 1].children.count % 2 == 0 {
        checkDuplicate(key: finished.node, in: &stack[stack.count - 1])
      }
      stack[stack.count - 1].children.append(finished.node)
      stack[stack.count - 1].size += finished.size
      stack[stack.count - 1].childHeight = max(stack[stack.count - 1].childHeight, finished.height)
    }
  }

  private mutating func countWrittenNode(at mark: Mark) throws(DiagnosticList) {
    nodesWritten += 1
    if nodesWritten > limits.maxNodes {
      throw fatal(at: mark, "the document has more than \(limits.maxNodes) nodes")
    }
  }

  private mutating func scalarNode(_ text: String, style: Scalar.Style, event: ParseEvent) -> Node {
    let value: ScalarValue
    do {
      value = try ScalarResolver.resolve(text, style: style, tag: event.tag)
    } catch {
      diagnostics.append(source.diagnostic(at: mark(event), error.message))
      value = .string(text)
    }
    // Verbatim when the scalar sits on one line and spans exactly its text (plus the two quotes):
    // an escape (`\t`), a doubled quote (`''`) or a block indicator makes the span differ.
    let quotes = style == .singleQuoted || style == .doubleQuoted ? 2 : 0
    let verbatim =
      (style == .plain || quotes == 2) && event.endLine == event.line
      && event.endColumn - event.column == text.unicodeScalars.count + quotes
    return Node(
      .scalar(Scalar(text: text, style: style, value: value, isVerbatim: verbatim)), mark: mark(event))
  }

  private mutating func aliasNode(_ name: String, at mark: Mark, depth: Int) throws(DiagnosticList) -> Built {
    guard var built = anchors[name] else {
      diagnostics.append(
        source.diagnostic(at: mark, "alias '*\(name)' refers to no anchor defined before it"))
      return Built(
        node: Node(.scalar(Scalar(text: "", style: .plain, value: .null)), mark: mark), size: 1, height: 0)
    }
    if depth + built.height > limits.maxDepth {
      throw fatal(at: mark, "alias '*\(name)' nests the document deeper than \(limits.maxDepth) levels")
    }
    nodesCopiedByAliases += built.size
    if nodesCopiedByAliases > limits.maxAliasExpansion {
      throw fatal(
        at: mark,
        "alias '*\(name)' expands the document beyond \(limits.maxAliasExpansion) nodes copied through aliases"
      )
    }
    built.node.mark = mark
    return built
  }

  private mutating func checkCollectionTag(_ tag: String?, isMapping: Bool, at mark: Mark) {
    guard let tag else { return }
    let allowed = ScalarResolver.tagPrefix + (isMapping ? "map" : "seq")
    if tag != allowed {
      let kind = isMapping ? "mapping" : "sequence"
      diagnostics.append(
        source.diagnostic(at: mark, "unsupported tag '\(ScalarResolver.shortTag(tag))' on a \(kind)"))
    }
  }

  /// Reports `key` if the mapping already has an equal key (checked as keys arrive, so duplicates
  /// are reported even when a syntax error later stops the load).
  private mutating func checkDuplicate(key: Node, in mapping: inout OpenCollection) {
    let id = MergeKeys.isMergeKey(key) ? "<<merge>>" : MergeKeys.identity(key)
    if let first = mapping.keysSeen[id] {
      diagnostics.append(
        source.diagnostic(
          at: key.mark,
          "duplicate key '\(MergeKeys.display(key))'; it is first defined at line \(first.line), column \(first.column)"
        ))
    } else {
      mapping.keysSeen[id] = key.mark
    }
  }

  /// Pairs up keys and values and applies merge keys (`<<`).
  private mutating func mappingPairs(_ children: [Node]) -> [Node.Pair] {
    precondition(children.count % 2 == 0, "libyaml gave a mapping an odd number of nodes")
    let pairs = stride(from: 0, to: children.count, by: 2).map {
      Node.Pair(key: children[$0], value: children[$0 + 1])
    }
    guard pairs.contains(where: { MergeKeys.isMergeKey($0.key) }) else { return pairs }
    do {
      return try MergeKeys.apply(pairs)
    } catch {
      diagnostics.append(source.diagnostic(at: error.mark, error.message))
      return pairs.filter { !MergeKeys.isMergeKey($0.key) }
    }
  }

  private func next(_ parser: EventParser) throws(DiagnosticList) -> ParseEvent {
    do {
      return try parser.next()
    } catch {
      throw fatal(libYAML: error)
    }
  }

  private func fatal(at mark: Mark, _ message: String) -> DiagnosticList {
    DiagnosticList(diagnostics + [source.diagnostic(at: mark, message)])
  }

  private func fatal(libYAML failure: LibYAMLFailure) -> DiagnosticList {
    var message = failure.problem
    var at = mark(line: failure.line, column: failure.column)
    switch failure.kind {
    case .reader:
      at = source.mark(atUTF8Offset: failure.byteOffset)
    case .memory:
      message = "libyaml ran out of memory"
    default:
      break
    }
    var hint = ""
    if failure.kind == .scanner, let line = source.line(at.line),
      line.unicodeScalars.dropFirst(at.column - 1).first == "\t"
    {
      hint = "; YAML indents with spaces, not tabs"
    }
    if let context = failure.context {
      message += " " + context
      if failure.contextLine != failure.line || failure.contextColumn != failure.column {
        message += " that starts at line \(failure.contextLine + 1), column \(failure.contextColumn + 1)"
      }
    }
    message += hint
    return DiagnosticList(diagnostics + [source.diagnostic(at: at, message)])
  }

  private func mark(_ event: ParseEvent) -> Mark { mark(line: event.line, column: event.column) }

  /// Our 1-based mark from libyaml's 0-based line and column (libyaml counts Unicode scalars).
  private func mark(line: Int, column: Int) -> Mark {
    Mark(file: source.name, line: line + 1, column: column + 1)
  }
}
