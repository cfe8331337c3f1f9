import Testing
import YAML

/// Tree shape, marks, anchors and aliases, merge keys, duplicate keys, documents.
@Suite struct StructureTests {
  private func mark(_ line: Int, _ column: Int) -> Mark { Mark(file: "x.yaml", line: line, column: column) }

  @Test func everyNodeHasAOneBasedMark() throws {
    let root = try loadRoot("model:\n  input: [32, 32, 3]\n  layers:\n    - {type: dense, units: 10}\n")
    #expect(root.mark == mark(1, 1))
    let model = try #require(root.lookup(key: "model"))
    #expect(model.mark == mark(2, 3))
    let input = try #require(model.lookup(key: "input"))
    #expect(input.mark == mark(2, 10))
    guard case .sequence(let dims) = input.content else {
      Issue.record("input is not a sequence")
      return
    }
    #expect(dims.map(\.mark) == [mark(2, 11), mark(2, 15), mark(2, 19)])
    guard case .sequence(let layers)? = model.lookup(key: "layers")?.content,
      case .mapping(let pairs) = layers[0].content
    else {
      Issue.record("layers is not a sequence of mappings")
      return
    }
    #expect(layers[0].mark == mark(4, 7))
    #expect(pairs.map(\.key.mark) == [mark(4, 8), mark(4, 21)])
    #expect(pairs.map(\.value.mark) == [mark(4, 14), mark(4, 28)])
  }

  /// libyaml counts columns in characters, not bytes: after `é` (2 bytes) and `日本` (3 bytes each),
  /// and the 4-byte emoji, a column is one Unicode scalar each.
  @Test func columnsCountUnicodeScalars() throws {
    let root = try loadRoot("é: 1\n日本: [a, b]\n😀x: {k: v}\n")
    guard case .mapping(let pairs) = root.content else {
      Issue.record("root is not a mapping")
      return
    }
    #expect(pairs.map(\.value.mark) == [mark(1, 4), mark(2, 5), mark(3, 5)])
    guard case .sequence(let items) = pairs[1].value.content else {
      Issue.record("not a sequence")
      return
    }
    #expect(items.map(\.mark) == [mark(2, 6), mark(2, 9)])
    #expect(
      loadError("日本: [a, b\n") == """
        x.yaml:2:1: error: did not find expected ',' or ']' while parsing a flow sequence that starts at line 1, column 5

        ^
        """)
    #expect(
      loadError("é日: 1\né日: 2\n") == """
        x.yaml:2:1: error: duplicate key 'é日'; it is first defined at line 1, column 1
        é日: 2
        ^
        """)
    #expect(
      loadError("k: [é日, *x]\n") == """
        x.yaml:1:9: error: alias '*x' refers to no anchor defined before it
        k: [é日, *x]
                ^
        """)
  }

  /// libyaml ends lines at `\r\n`, a lone `\r`, NEL, LS and PS as well as `\n`; marks and the
  /// quoted source lines must agree on all of them.
  @Test func marksAndSourceLinesAgreeOnEveryLineBreak() throws {
    let root = try loadRoot("a: 1\r\nb: 2\rc: 3\u{85}d: 4\u{2028}e: 5\u{2029}f: 6\n")
    guard case .mapping(let pairs) = root.content else {
      Issue.record("root is not a mapping")
      return
    }
    #expect(pairs.map(\.value.mark) == (1...6).map { mark($0, 4) })
    #expect(
      loadError("a: 1\r\nb: 2\u{2028}a: 3\r\n") == """
        x.yaml:3:1: error: duplicate key 'a'; it is first defined at line 1, column 1
        a: 3
        ^
        """)
    let source = Source(name: "s", text: "one\r\ntwo\rthree\u{2028}four\n")
    #expect((1...5).map { source.line($0) } == ["one", "two", "three", "four", ""])
    #expect(source.line(6) == nil)
  }

  @Test func aliasCopiesTheAnchoredNodeWithTheAliasMark() throws {
    let root = try loadRoot("base: &b {lr: 0.1, momentum: 0.9}\nother: *b\nlist: [&n 3, *n]\n")
    let base = try #require(root.lookup(key: "base"))
    let other = try #require(root.lookup(key: "other"))
    #expect(other.mark == mark(2, 8))
    #expect(other.content == base.content)
    #expect(other.lookup(key: "lr")?.mark == mark(1, 15))
    guard case .sequence(let items)? = root.lookup(key: "list")?.content else {
      Issue.record("list is not a sequence")
      return
    }
    #expect(items.map(\.scalarValue) == [.int(3), .int(3)])
    #expect(items.map(\.mark) == [mark(3, 8), mark(3, 14)])
  }

  @Test func laterAnchorOfTheSameNameWins() throws {
    let root = try loadRoot("a: &x 1\nb: *x\nc: &x 2\nd: *x\n")
    #expect(root.lookup(key: "b")?.scalarValue == .int(1))
    #expect(root.lookup(key: "d")?.scalarValue == .int(2))
  }

  @Test func undefinedAliasIsAnError() {
    #expect(
      loadError("a: *nope\nb: &self [*self]\n") == """
        x.yaml:1:4: error: alias '*nope' refers to no anchor defined before it
        a: *nope
           ^
        x.yaml:2:11: error: alias '*self' refers to no anchor defined before it
        b: &self [*self]
                  ^
        """)
  }

  @Test func mergeKeyBringsInPairsExplicitKeysWin() throws {
    let root = try loadRoot(
      """
      base: &base {lr: 0.1, momentum: 0.9, nesterov: false}
      sgd:
        lr: 0.5
        <<: *base
        nesterov: true

      """)
    let sgd = try #require(root.lookup(key: "sgd"))
    guard case .mapping(let pairs) = sgd.content else {
      Issue.record("sgd is not a mapping")
      return
    }
    #expect(pairs.map(\.key.scalarValue) == [.string("lr"), .string("momentum"), .string("nesterov")])
    #expect(pairs.map(\.value.scalarValue) == [.double(0.5), .double(0.9), .bool(true)])
    #expect(pairs[1].value.mark == mark(1, 33))
  }

  @Test func mergeOfAListEarlierMappingsWin() throws {
    let root = try loadRoot(
      """
      a: &a {x: 1, y: 1}
      b: &b {y: 2, z: 2}
      c:
        <<: [*a, *b]
        w: 0

      """)
    let c = try #require(root.lookup(key: "c"))
    #expect(
      c.equalIgnoringMarks(try loadRoot("{x: 1, y: 1, z: 2, w: 0}")),
      "got \(emitYAML(c))")
  }

  @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
    let root = try loadRoot("'<<': {a: 1}\n")
    #expect(root.lookup(key: "<<")?.lookup(key: "a")?.scalarValue == .int(1))
  }

  @Test func mergeOfAScalarIsAnError() {
    #expect(
      loadError("a:\n  <<: 3\n") == """
        x.yaml:2:7: error: a merge key '<<' takes a mapping or a list of mappings; found the scalar '3'
          <<: 3
              ^
        """)
    #expect(
      loadError("a: {<<: [{b: 1}, [2]]}\n") == """
        x.yaml:1:18: error: a merge key '<<' list holds only mappings; found a list
        a: {<<: [{b: 1}, [2]]}
                         ^
        """)
  }

  @Test func duplicateKeysAreErrorsNamingTheFirst() {
    #expect(
      loadError("optimizer:\n  lr: 0.1\n  beta_1: 0.9\n  lr: 0.2\n1: a\n0x1: b\n") == """
        x.yaml:4:3: error: duplicate key 'lr'; it is first defined at line 2, column 3
          lr: 0.2
          ^
        x.yaml:6:1: error: duplicate key '0x1'; it is first defined at line 5, column 1
        0x1: b
        ^
        """)
    #expect(
      loadError("a: {<<: {b: 1}, <<: {c: 2}}\n") == """
        x.yaml:1:17: error: duplicate key '<<'; it is first defined at line 1, column 5
        a: {<<: {b: 1}, <<: {c: 2}}
                        ^
        """)
  }

  @Test func differentTypesAreDifferentKeys() throws {
    let root = try loadRoot("1: int\n'1': string\ntrue: bool\n'true': string\n")
    guard case .mapping(let pairs) = root.content else {
      Issue.record("root is not a mapping")
      return
    }
    #expect(pairs.count == 4)
  }

  @Test func secondDocumentIsRefused() {
    #expect(
      loadError("a: 1\n---\nb: 2\n") == """
        x.yaml:2:1: error: a spec file holds one YAML document; found a second one here
        ---
        ^
        """)
    #expect(
      loadError("--- \na: 1\n...\n--- \nb: 2\n") == """
        x.yaml:4:1: error: a spec file holds one YAML document; found a second one here
        --- 
        ^
        """)
    #expect((try? loadRoot("---\na: 1\n...\n")) != nil)
  }

  @Test(arguments: ["", "# only a comment\n", "\n\n   \n", "# a\n# b\n"])
  func emptyFileIsAnError(_ text: String) {
    let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    #expect(loadError(text) == "x.yaml:1:1: error: the file is empty; expected a mapping\n\(firstLine)\n^")
  }

  @Test func byteOrderMarkIsSkipped() throws {
    let root = try loadRoot("\u{FEFF}a: 1\n")
    #expect(root.mark == mark(1, 1))
    #expect(root.lookup(key: "a")?.mark == mark(1, 4))
    #expect(
      loadError("\u{FEFF}a: [1, 2\n") == """
        x.yaml:2:1: error: did not find expected ',' or ']' while parsing a flow sequence that starts at line 1, column 4

        ^
        """)
  }

  @Test func nodeHelpers() throws {
    let root = try loadRoot("a: ~\nb: [1]\nc: {d: x}\n")
    #expect(root.lookup(key: "a")?.isNull == true)
    #expect(root.lookup(key: "b")?.isNull == false)
    #expect(root.lookup(key: "b")?.scalarValue == nil)
    #expect(root.lookup(key: "c")?.lookup(key: "d")?.scalarValue == .string("x"))
    #expect(root.lookup(key: "z") == nil)
    #expect(root.lookup(key: "b")?.lookup(key: "x") == nil)
    #expect(try loadRoot("[1e-7, .nan]").equalIgnoringMarks(try loadRoot("\n\n[1.0e-07, .NaN]")))
    #expect(!(try loadRoot("[1, 2]").equalIgnoringMarks(try loadRoot("[1, 3]"))))
    #expect(!(try loadRoot("[1]").equalIgnoringMarks(try loadRoot("['1']"))))
    #expect(!(try loadRoot("{a: 1}").equalIgnoringMarks(try loadRoot("{b: 1}"))))
  }
}
