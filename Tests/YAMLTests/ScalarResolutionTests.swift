import Testing
import YAML

/// Plain-scalar resolution (YAML 1.2 core schema, plus `1e-7` as a float) and the standard tags.
@Suite struct ScalarResolutionTests {
  @Test(arguments: ["~", "null", "Null", "NULL", "", "!!null ''"])
  func nulls(_ text: String) throws {
    #expect(try valueOf(text) == .null)
  }

  @Test(arguments: [
    ("true", true), ("True", true), ("TRUE", true), ("false", false), ("False", false), ("FALSE", false),
  ])
  func bools(_ text: String, _ expected: Bool) throws {
    #expect(try valueOf(text) == .bool(expected))
  }

  @Test(arguments: ["yes", "no", "on", "off", "Yes", "y", "n", "tRUE", "nULL"])
  func yaml11WordsStayStrings(_ text: String) throws {
    #expect(try valueOf(text) == .string(text))
  }

  @Test(arguments: [
    ("-3", -3), ("+7", 7), ("0", 0), ("007", 7), ("0x1F", 31), ("0xff", 255), ("0o17", 15),
    ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min),
  ])
  func ints(_ text: String, _ expected: Int) throws {
    #expect(try valueOf(text) == .int(expected))
  }

  @Test(arguments: [
    ("1e-7", 1e-7), ("1.0e-7", 1e-7), ("1E+3", 1000.0), ("0.001", 0.001), (".5", 0.5), ("-3.", -3.0),
    ("+2.5", 2.5), ("1e-07", 1e-7), ("3.0", 3.0), (".inf", Double.infinity), (".Inf", Double.infinity),
    ("+.INF", Double.infinity), ("-.inf", -Double.infinity), ("-.Inf", -Double.infinity),
  ])
  func floats(_ text: String, _ expected: Double) throws {
    #expect(try valueOf(text) == .double(expected))
  }

  @Test(arguments: [".nan", ".NaN", ".NAN"])
  func nans(_ text: String) throws {
    guard case .double(let d)? = try valueOf(text) else {
      Issue.record("\(text) did not resolve to a double")
      return
    }
    #expect(d.isNaN)
  }

  @Test(arguments: [
    "abc", "1.2.3", "1e", "e3", ".", "-", "0x", "0xZ", "0o8", "1_000", "- 1x", "nan", "inf", "12abc", ".5.",
    "-0x1F", "1e5e",
  ])
  func otherPlainTextStaysString(_ text: String) throws {
    let value = try loadRoot("v: \"\(text)\"\n").lookup(key: "v")?.scalarValue
    #expect(value == .string(text))
    #expect(try ScalarResolver.resolvePlain(text) == .string(text))
  }

  @Test(arguments: ["'1e-7'", "\"true\"", "'null'", "\"3\"", "|\n  3\n", ">\n  .inf\n"])
  func quotedAndBlockScalarsAreStrings(_ text: String) throws {
    guard case .string? = try valueOf(text) else {
      Issue.record("\(text) did not stay a string")
      return
    }
  }

  @Test func scalarKeepsTextAndStyle() throws {
    let root = try loadRoot("a: 'x y'\nb: 1e-7\n")
    guard case .scalar(let a)? = root.lookup(key: "a")?.content,
      case .scalar(let b)? = root.lookup(key: "b")?.content
    else {
      Issue.record("expected scalars")
      return
    }
    #expect(a == Scalar(text: "x y", style: .singleQuoted, value: .string("x y")))
    #expect(b == Scalar(text: "1e-7", style: .plain, value: .double(1e-7)))
  }

  @Test func tagsAreHonoured() throws {
    #expect(try valueOf("!!str 1e-7") == .string("1e-7"))
    #expect(try valueOf("!!str true") == .string("true"))
    #expect(try valueOf("!!int \"42\"") == .int(42))
    #expect(try valueOf("!!float 3") == .double(3.0))
    #expect(try valueOf("!!float '2.5'") == .double(2.5))
    #expect(try valueOf("!!bool 'false'") == .bool(false))
    #expect(try valueOf("!!null null") == .null)
  }

  @Test func badlyTaggedScalarsAreErrors() {
    #expect(
      loadError("v: !!int 1.5\n") == """
        x.yaml:1:4: error: '1.5' is not an int (tagged !!int)
        v: !!int 1.5
           ^
        """)
    #expect(
      loadError("v: !!bool yes\n") == """
        x.yaml:1:4: error: 'yes' is not a bool (tagged !!bool); write true or false
        v: !!bool yes
           ^
        """)
    #expect(
      loadError("v: !!float abc\n") == """
        x.yaml:1:4: error: 'abc' is not a float (tagged !!float)
        v: !!float abc
           ^
        """)
  }

  @Test func otherTagsAreErrors() {
    #expect(
      loadError("a: !foo 1\nb: !!binary aGk=\n") == """
        x.yaml:1:4: error: unsupported tag '!foo' (use !!str, !!int, !!float, !!bool or !!null)
        a: !foo 1
           ^
        x.yaml:2:4: error: unsupported tag '!!binary' (use !!str, !!int, !!float, !!bool or !!null)
        b: !!binary aGk=
           ^
        """)
    #expect(
      loadError("a: !!map [1]\n") == """
        x.yaml:1:4: error: unsupported tag '!!map' on a sequence
        a: !!map [1]
           ^
        """)
    #expect((try? loadRoot("a: !!seq [1]\nb: !!map {c: 1}\n")) != nil)
  }

  @Test func intOverflowIsAnError() {
    #expect(
      loadError("n: 9223372036854775808\nm: -9223372036854775809\nh: 0x10000000000000000\n") == """
        x.yaml:1:4: error: integer 9223372036854775808 does not fit in a 64-bit Int (-9223372036854775808 ... 9223372036854775807)
        n: 9223372036854775808
           ^
        x.yaml:2:4: error: integer -9223372036854775809 does not fit in a 64-bit Int (-9223372036854775808 ... 9223372036854775807)
        m: -9223372036854775809
           ^
        x.yaml:3:4: error: integer 0x10000000000000000 does not fit in a 64-bit Int (-9223372036854775808 ... 9223372036854775807)
        h: 0x10000000000000000
           ^
        """)
  }

  @Test func floatOverflowIsAnError() {
    #expect(
      loadError("x: 1e999\n") == """
        x.yaml:1:4: error: float 1e999 is too large for a 64-bit Double; write .inf for infinity
        x: 1e999
           ^
        """)
  }
}
