internal import CYAML

/// One libyaml event, translated into Swift values so no C type leaves this file.
struct ParseEvent {
  enum Kind: Equatable {
    case streamStart, streamEnd, documentStart, documentEnd
    case alias(anchor: String)
    case scalar(text: String, style: Scalar.Style)
    case sequenceStart, sequenceEnd, mappingStart, mappingEnd
  }

  var kind: Kind
  /// The node's anchor (`&name`), if any.
  var anchor: String?
  /// The node's tag, fully expanded (`tag:yaml.org,2002:int`), or nil when there is none.
  var tag: String?
  /// 0-based line and column (in Unicode scalars) where the event starts.
  var line: Int
  var column: Int
  /// 0-based line and column just past the event's end.
  var endLine: Int
  var endColumn: Int
}

/// What libyaml reported when it refused the input.
struct LibYAMLFailure: Error {
  enum Kind { case reader, scanner, parser, memory, other }
  var kind: Kind
  var problem: String
  /// 0-based line and column of the problem (for reader errors, derived from `byteOffset` later).
  var line: Int
  var column: Int
  /// For reader errors: the byte offset of the problem.
  var byteOffset: Int
  var context: String?
  var contextLine: Int
  var contextColumn: Int
}

/// Owns a libyaml parser and the bytes it reads; hands out events one at a time.
///
/// The pattern follows jpsim/Yams's `Parser`: one final class owns `yaml_parser_t` and the input
/// buffer (libyaml keeps a pointer into it), and every event is freed as soon as it is translated.
final class EventParser {
  private var parser = yaml_parser_t()
  /// The input bytes; libyaml reads them through a pointer, so they live as long as the parser.
  private let bytes: UnsafeMutableBufferPointer<UInt8>

  /// Creates a parser over a copy of `utf8`.
  init(utf8: some Collection<UInt8>) {
    bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, utf8.count))
    _ = bytes.initialize(from: utf8)
    let ok = yaml_parser_initialize(&parser)
    precondition(ok == 1, "libyaml could not allocate a parser")
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
    yaml_parser_set_input_string(&parser, bytes.baseAddress, utf8.count)
  }

  deinit {
    yaml_parser_delete(&parser)
    bytes.deallocate()
  }

  /// The next event, or the failure libyaml reported.
  func next() throws(LibYAMLFailure) -> ParseEvent {
    var event = yaml_event_t()
    guard yaml_parser_parse(&parser, &event) == 1 else { throw failure() }
    defer { yaml_event_delete(&event) }
    return translate(event)
  }

  private func translate(_ event: yaml_event_t) -> ParseEvent {
    let line = Int(event.start_mark.line)
    let column = Int(event.start_mark.column)
    func make(
      _ kind: ParseEvent.Kind, anchor: UnsafeMutablePointer<yaml_char_t>? = nil,
      tag: UnsafeMutablePointer<yaml_char_t>? = nil
    ) -> ParseEvent {
      ParseEvent(
        kind: kind, anchor: string(anchor), tag: string(tag), line: line, column: column,
        endLine: Int(event.end_mark.line), endColumn: Int(event.end_mark.column))
    }
    switch event.type {
    case YAML_STREAM_START_EVENT: return make(.streamStart)
    case YAML_STREAM_END_EVENT: return make(.streamEnd)
    case YAML_DOCUMENT_START_EVENT: return make(.documentStart)
    case YAML_DOCUMENT_END_EVENT: return make(.documentEnd)
    case YAML_ALIAS_EVENT:
      return make(.alias(anchor: string(event.data.alias.anchor) ?? ""))
    case YAML_SCALAR_EVENT:
      let s = event.data.scalar
      let text = String(
        decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
      let style: Scalar.Style
      switch s.style {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
      case YAML_LITERAL_SCALAR_STYLE: style = .literal
      case YAML_FOLDED_SCALAR_STYLE: style = .folded
      default: style = .plain
      }
      return make(.scalar(text: text, style: style), anchor: s.anchor, tag: s.tag)
    case YAML_SEQUENCE_START_EVENT:
      let s = event.data.sequence_start
      return make(.sequenceStart, anchor: s.anchor, tag: s.tag)
    case YAML_SEQUENCE_END_EVENT: return make(.sequenceEnd)
    case YAML_MAPPING_START_EVENT:
      let m = event.data.mapping_start
      return make(.mappingStart, anchor: m.anchor, tag: m.tag)
    case YAML_MAPPING_END_EVENT: return make(.mappingEnd)
    default:
      // libyaml 0.2 has no other event types; treat an unknown one as the end of the stream.
      return make(.streamEnd)
    }
  }

  private func failure() -> LibYAMLFailure {
    let kind: LibYAMLFailure.Kind
    switch parser.error {
    case YAML_READER_ERROR: kind = .reader
    case YAML_SCANNER_ERROR: kind = .scanner
    case YAML_PARSER_ERROR: kind = .parser
    case YAML_MEMORY_ERROR: kind = .memory
    default: kind = .other
    }
    let problem = parser.problem.map { String(cString: $0) } ?? "unknown libyaml error"
    let context = parser.context.map { String(cString: $0) }
    return LibYAMLFailure(
      kind: kind, problem: problem, line: Int(parser.problem_mark.line),
      column: Int(parser.problem_mark.column), byteOffset: Int(parser.problem_offset),
      context: context, contextLine: Int(parser.context_mark.line),
      contextColumn: Int(parser.context_mark.column))
  }
}

private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
  guard let pointer else { return nil }
  return String(cString: pointer)
}
