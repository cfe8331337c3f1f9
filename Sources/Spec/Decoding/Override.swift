import YAML

/// One `--set key.path=value` argument, parsed: the path, the value as a YAML node whose marks
/// point into the argument (line = the argument's position on the command line).
struct Override {
  var path: [String]
  /// The path as written.
  var pathText: String
  var value: Node
  var keyMark: Mark

  init(_ argument: String, line: Int) throws(DiagnosticList) {
    let file = SpecLoader.commandLine
    let prefix = "--set "
    let sourceLine = prefix + argument
    guard let eq = argument.firstIndex(of: "=") else {
      throw DiagnosticList([
        Diagnostic(
          at: Mark(file: file, line: line, column: prefix.count + 1),
          "--set expects KEY.PATH=VALUE (for example optimizer.learning_rate=0.01); found no '='",
          sourceLine: sourceLine)
      ])
    }
    pathText = String(argument[..<eq])
    let valueText = String(argument[argument.index(after: eq)...])
    keyMark = Mark(file: file, line: line, column: prefix.count + 1)
    path = Override.keys(of: pathText)
    if path.contains("") {
      throw DiagnosticList([
        Diagnostic(
          at: keyMark, "--set key path '\(pathText)' has an empty part; write keys separated by single dots",
          sourceLine: sourceLine)
      ])
    }
    let shift = prefix.unicodeScalars.count + pathText.unicodeScalars.count + 1
    let end = sourceLine.unicodeScalars.count + 1
    let remap = { (m: Mark) in
      Mark(file: file, line: line, column: m.line == 1 ? min(m.column + shift, end) : end)
    }
    if valueText.allSatisfy(\.isWhitespace) {
      value = Node(
        .scalar(Scalar(text: "", style: .plain, value: .null)),
        mark: remap(Mark(file: file, line: 1, column: 1)))
      return
    }
    do {
      value = Override.remapped(try YAMLLoader.load(text: valueText, name: file).root, remap)
    } catch {
      throw DiagnosticList(
        error.diagnostics.map { d in
          var d = d
          d.mark = d.mark.map(remap)
          // libyaml's context names positions inside the value alone; they would mislead here.
          if let r = d.message.firstRange(of: " that starts at line ") {
            d.message = String(d.message[..<r.lowerBound])
          }
          d.sourceLine = sourceLine
          return d
        })
    }
  }

  /// The keys of a `--set` path: dot-separated, where `key[text]` (text not an integer) is the key
  /// `text` under `key`, dots and all, so `sweep.parameters[optimizer.learning_rate]` names one
  /// sweep entry. Brackets may follow any key and repeat (`a[b.c][d]`); anything else in brackets
  /// (`layers[0]`, an unclosed `[`) stays part of the key as written.
  static func keys(of text: String) -> [String] {
    var keys: [String] = []
    var current = ""
    var i = text.startIndex
    while i < text.endIndex {
      let c = text[i]
      if c == "." {
        keys.append(current)
        current = ""
        i = text.index(after: i)
        continue
      }
      if c == "[", !current.isEmpty, let close = text[i...].firstIndex(of: "]") {
        let inner = text[text.index(after: i)..<close]
        let after = text.index(after: close)
        if !inner.isEmpty, Int(inner) == nil, !inner.contains("["),
          after == text.endIndex || text[after] == "." || text[after] == "["
        {
          keys.append(current)
          current = String(inner)
          i = after
          continue
        }
      }
      current.append(c)
      i = text.index(after: i)
    }
    keys.append(current)
    return keys
  }

  /// Whether this override looks like a dotted sweep path written with dots
  /// (`sweep.parameters.optimizer.learning_rate`), and the bracket spelling it probably meant.
  var sweepPathHint: String? {
    guard !pathText.contains("["), path.count > 3, path[0] == "sweep", path[1] == "parameters",
      Int(path[3]) == nil,
      !SpecDecoder.sweepDistributions.contains(path[3])
    else { return nil }
    return "; to sweep the path '\(path[2...].joined(separator: "."))', write "
      + "--set 'sweep.parameters[\(path[2...].joined(separator: "."))]=...' (a key with dots goes in brackets)"
  }

  static func remapped(_ node: Node, _ remap: (Mark) -> Mark) -> Node {
    var node = node
    node.mark = remap(node.mark)
    switch node.content {
    case .scalar: break
    case .sequence(let items): node.content = .sequence(items.map { remapped($0, remap) })
    case .mapping(let pairs):
      node.content = .mapping(
        pairs.map { Node.Pair(key: remapped($0.key, remap), value: remapped($0.value, remap)) })
    }
    return node
  }
}
