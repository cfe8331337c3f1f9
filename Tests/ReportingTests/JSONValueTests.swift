import Foundation
import Testing

@testable import Reporting

@Suite struct JSONValueTests {
  static let sample: JSONValue = .object([
    "b": .array([.int(1), .double(2.5), .object(["z": .null, "a": .bool(true)])]),
    "a": .string("x\"\n\u{1}é"),
    "c": .object([:]),
    "d": .array([]),
  ])

  // Golden: Python's json.dumps(sample, sort_keys=True, indent=2) for the same document, except that
  // Python escapes é as \u00e9 (ensure_ascii) where we write UTF-8; both are valid JSON.
  @Test func prettyMatchesPythonIndent2SortKeys() {
    let expected = """
      {
        "a": "x\\"\\n\\u0001é",
        "b": [
          1,
          2.5,
          {
            "a": true,
            "z": null
          }
        ],
        "c": {},
        "d": []
      }

      """
    #expect(JSONValueTests.sample.pretty == expected)
  }

  // Golden: json.dumps(sample, sort_keys=True, separators=(",", ":"), ensure_ascii=False).
  @Test func compactMatchesPythonCompactSortKeys() {
    #expect(
      JSONValueTests.sample.compact == #"{"a":"x\"\n\u0001é","b":[1,2.5,{"a":true,"z":null}],"c":{},"d":[]}"#)
  }

  @Test func nonFiniteNumbersAreValidJSONStrings() throws {
    let value = JSONValue.object([
      "nan": .double(.nan), "inf": .double(.infinity), "ninf": .double(-.infinity),
    ])
    #expect(value.compact == #"{"inf":"Infinity","nan":"NaN","ninf":"-Infinity"}"#)
    let parsed = try #require(try parseJSON(value.pretty) as? [String: String])
    #expect(parsed == ["nan": "NaN", "inf": "Infinity", "ninf": "-Infinity"])
  }

  @Test func keysSortByCodePointLikePython() {
    // Python: sorted(["b", "B", "_x", "a", "é"]) == ['B', '_x', 'a', 'b', 'é']
    let value = JSONValue.object(["b": .int(1), "B": .int(2), "_x": .int(3), "a": .int(4), "é": .int(5)])
    #expect(value.compact == #"{"B":2,"_x":3,"a":4,"b":1,"é":5}"#)
  }

  @Test func everyControlCharacterIsEscapedAndParsesBack() throws {
    let s = String((0..<32).map { Character(Unicode.Scalar($0)!) }) + "\\/"
    let parsed = try parseJSON(JSONValue.array([.string(s)]).compact) as? [String]
    #expect(parsed == [s])
  }
}
