import Testing
import YAML

/// libyaml's own errors come out as diagnostics at libyaml's problem mark, with its problem and
/// context text, the source line and a caret.
@Suite struct SyntaxErrorTests {
  @Test func tabIndentation() {
    #expect(
      loadError("optimizer:\n\tlr: 0.1\n") == """
        x.yaml:2:1: error: found character that cannot start any token while scanning for the next token; YAML indents with spaces, not tabs
        \tlr: 0.1
        ^
        """)
  }

  @Test func unclosedFlowSequence() {
    #expect(
      loadError("input: [32, 32, 3\nseed: 1\n") == """
        x.yaml:2:5: error: did not find expected ',' or ']' while parsing a flow sequence that starts at line 1, column 8
        seed: 1
            ^
        """)
  }

  @Test func unclosedFlowMappingAtEndOfFile() {
    #expect(
      loadError("optimizer: {type: adam\n") == """
        x.yaml:2:1: error: did not find expected ',' or '}' while parsing a flow mapping that starts at line 1, column 12

        ^
        """)
  }

  @Test func badIndentation() {
    #expect(
      loadError("train:\n  epochs: 10\n batch_size: 32\n") == """
        x.yaml:3:2: error: did not find expected key while parsing a block mapping that starts at line 1, column 1
         batch_size: 32
         ^
        """)
    #expect(
      loadError("a: 1\n b: 2\n") == """
        x.yaml:2:3: error: mapping values are not allowed in this context
         b: 2
          ^
        """)
  }

  @Test func unexpectedEndInsideQuotedScalar() {
    #expect(
      loadError("name: 'unterminated\n") == """
        x.yaml:2:1: error: found unexpected end of stream while scanning a quoted scalar that starts at line 1, column 7

        ^
        """)
  }

  @Test func sequenceWhereAMappingContinues() {
    #expect(
      loadError("- a\nb: 1\n") == """
        x.yaml:2:1: error: did not find expected '-' indicator while parsing a block collection that starts at line 1, column 1
        b: 1
        ^
        """)
  }

  @Test func unknownEscape() {
    #expect(
      loadError("key: \"\\q\"\n") == """
        x.yaml:1:7: error: found unknown escape character while parsing a quoted scalar that starts at line 1, column 6
        key: "\\q"
              ^
        """)
  }

  @Test func controlCharacterIsAReaderErrorAtItsPosition() {
    #expect(
      loadError("a: 1\nbé: x\u{7}\n") == """
        x.yaml:2:6: error: control characters are not allowed
        bé: x\u{7}
             ^
        """)
  }

  @Test func semanticErrorsBeforeASyntaxErrorAreKept() {
    #expect(
      loadError("a: 1\na: 2\nb: [\n") == """
        x.yaml:2:1: error: duplicate key 'a'; it is first defined at line 1, column 1
        a: 2
        ^
        x.yaml:4:1: error: did not find expected node content while parsing a flow node

        ^
        """)
  }
}
