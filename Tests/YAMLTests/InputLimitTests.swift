import Foundation
import Testing
import YAML

/// Bad and hostile input: each case is refused with a clear diagnostic, in bounded time and memory.
@Suite struct InputLimitTests {
  // MARK: - Files

  @Test func directoryIsRefused() throws {
    try withTemporaryDirectory { dir in
      #expect(
        loadFileError(dir.path) == "error: cannot read '\(dir.path)': it is a directory, not a YAML file")
    }
  }

  @Test func missingFileIsRefused() throws {
    try withTemporaryDirectory { dir in
      let path = dir.appendingPathComponent("missing.yaml").path
      #expect(loadFileError(path) == "error: cannot read '\(path)': No such file or directory")
    }
  }

  /// A path that goes through a regular file cannot be opened (as root too, unlike `chmod 000`).
  @Test func pathThroughAFileIsRefused() throws {
    try withTemporaryDirectory { dir in
      let file = dir.appendingPathComponent("spec.yaml")
      try Data("a: 1\n".utf8).write(to: file)
      let path = file.path + "/x.yaml"
      #expect(loadFileError(path) == "error: cannot read '\(path)': Not a directory")
    }
  }

  #if os(Linux)
    /// `/proc/self/mem` is a regular file that opens but fails to read (EIO at address 0): an
    /// unreadable file even for root.
    @Test func unreadableFileIsRefused() {
      #expect(loadFileError("/proc/self/mem") == "error: cannot read '/proc/self/mem': Input/output error")
    }

    @Test func deviceIsRefused() {
      #expect(loadFileError("/dev/zero") == "error: cannot read '/dev/zero': it is not a regular file")
    }
  #endif

  @Test func fileIsLoadedWithItsPathInMarks() throws {
    try withTemporaryDirectory { dir in
      let file = dir.appendingPathComponent("spec.yaml")
      try Data("seed: 42\nname: [a\n".utf8).write(to: file)
      #expect(
        loadFileError(file.path) == """
          \(file.path):3:1: error: did not find expected ',' or ']' while parsing a flow sequence that starts at line 2, column 7

          ^
          """)
      try Data("seed: 42\n".utf8).write(to: file)
      let document = try YAMLLoader.load(path: file.path)
      #expect(document.root.lookup(key: "seed")?.mark == Mark(file: file.path, line: 1, column: 7))
      #expect(document.source.line(1) == "seed: 42")
    }
  }

  @Test(arguments: [
    // (bytes, offset of the first bad byte, line, column, the line as shown)
    (Array("a: 1\nb: caf".utf8) + [0xE9] + Array(" x\n".utf8), 11, 2, 7, "b: caf\u{FFFD} x"),
    (Array("é: ".utf8) + [0xC0, 0xAF], 4, 1, 4, "é: \u{FFFD}\u{FFFD}"),  // overlong "/"
    (Array("k: ".utf8) + [0xED, 0xA0, 0x80], 3, 1, 4, "k: \u{FFFD}\u{FFFD}\u{FFFD}"),  // a surrogate
    (Array("k: v\n\n".utf8) + [0xE6, 0x97], 6, 3, 1, "\u{FFFD}"),  // truncated at end of file
    ([0xFF, 0xFE, 0x61, 0x00], 0, 1, 1, "\u{FFFD}\u{FFFD}a\u{2400}"),  // UTF-16
  ])
  func invalidUTF8IsRefused(bytes: [UInt8], offset: Int, line: Int, column: Int, shown: String) throws {
    try withTemporaryDirectory { dir in
      let file = dir.appendingPathComponent("bad.yaml")
      try Data(bytes).write(to: file)
      let caret = String(repeating: " ", count: column - 1) + "^"
      #expect(
        loadFileError(file.path)
          == "\(file.path):\(line):\(column): error: not a text file: invalid UTF-8 at byte \(offset)\n\(shown)\n\(caret)"
      )
    }
  }

  @Test func nulByteIsRefused() throws {
    try withTemporaryDirectory { dir in
      let file = dir.appendingPathComponent("nul.yaml")
      try Data("a: 1\nbé: x\0y\n".utf8).write(to: file)
      #expect(
        loadFileError(file.path) == """
          \(file.path):2:6: error: not a text file: NUL byte at byte 11
          bé: x\u{2400}y
               ^
          """)
    }
    #expect(
      loadError("a: \0\n") == """
        x.yaml:1:4: error: not a text file: NUL byte at byte 3
        a: \u{2400}
           ^
        """)
  }

  // MARK: - Size

  @Test func fileOverTheLimitIsRefusedBeforeReading() throws {
    try withTemporaryDirectory { dir in
      let file = dir.appendingPathComponent("big.yaml")
      try Data(repeating: UInt8(ascii: "a"), count: 20 << 20).write(to: file)
      #expect(
        loadFileError(file.path)
          == "error: '\(file.path)' is 20 MiB (20971520 bytes); the limit is 16 MiB (16777216 bytes)")
    }
    #expect(
      loadError(String(repeating: "#", count: 16 << 20 + 1))
        == "error: 'x.yaml' is 16.0 MiB (16777217 bytes); the limit is 16 MiB (16777216 bytes)")
  }

  @Test func hugeScalarWithinTheLimitLoads() throws {
    try withTemporaryDirectory { dir in
      let file = dir.appendingPathComponent("scalar.yaml")
      let big = String(repeating: "abcdefgh", count: 12 << 17)  // 12 MiB
      try Data("name: x\nblob: \(big)\n".utf8).write(to: file)
      let root = try YAMLLoader.load(path: file.path).root
      #expect(root.lookup(key: "blob")?.scalarValue == .string(big))
    }
  }

  // MARK: - Nesting

  @Test(arguments: [("[", "]", 1), ("{a: ", "}", 4), ("- ", "x", 2)])
  func deepNestingStopsAtTheLimit(open: String, close: String, width: Int) {
    let text =
      String(repeating: open, count: 100_000) + String(repeating: close, count: close == "x" ? 1 : 100_000)
    let column = 256 * width + 1
    // The 100,000-character line is shown as a 160-character window centred on the column, with
    // `...` on both sides, so the caret sits 80 characters in, after the leading `...`.
    let line = "..." + String(text.dropFirst(column - 81).prefix(160)) + "..."
    #expect(
      loadError(text)
        == "x.yaml:1:\(column): error: the document nests deeper than 256 levels\n\(line)\n"
        + String(repeating: " ", count: 83) + "^")
  }

  @Test func nestingAtTheLimitLoadsAndCompares() throws {
    let text = String(repeating: "[", count: 256) + "1" + String(repeating: "]", count: 256)
    let a = try loadRoot(text)
    let b = try loadRoot(text)
    #expect(a == b)
    #expect(a.equalIgnoringMarks(b))
    #expect(try loadRoot(emitYAML(a)).equalIgnoringMarks(a))
  }

  @Test func aliasCannotNestPastTheLimit() {
    let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
    let text =
      "a: &d \(deep)\nb: " + String(repeating: "[", count: 56) + "*d" + String(repeating: "]", count: 56)
      + "\n"
    #expect(
      loadError(text) == """
        x.yaml:2:60: error: alias '*d' nests the document deeper than 256 levels
        \(text.split(separator: "\n")[1])
        \(String(repeating: " ", count: 59))^
        """)
  }

  // MARK: - Alias bombs

  /// Billion laughs: each level holds nine aliases of the one before. Levels a...d copy
  /// 9·10 + 9·91 + 9·820 = 8,289 nodes, e copies 9·7,381 = 66,429 more (74,718 in all), and the
  /// first `*e` in f (66,430 nodes) passes 100,000.
  @Test func billionLaughsIsStoppedAtTheAliasThatCrossesTheLimit() {
    var lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    for (previous, name) in zip(names, names.dropFirst()) {
      lines.append(
        "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
    }
    #expect(
      loadError(lines.joined(separator: "\n") + "\n") == """
        x.yaml:6:8: error: alias '*e' expands the document beyond 100000 nodes copied through aliases
        \(lines[5])
               ^
        """)
  }

  @Test func aliasExpansionLimitIsConfigurable() {
    let limits = YAMLLoader.Limits(maxDepth: 2)
    #expect(
      loadError(
        "a: &a [1, 2]\nb: [*a, *a]\n",
        limits: YAMLLoader.Limits(maxAliasExpansion: 5))
          == """
          x.yaml:2:9: error: alias '*a' expands the document beyond 5 nodes copied through aliases
          b: [*a, *a]
                  ^
          """)
    #expect(
      loadError("a: [[1]]\n", limits: limits) == """
        x.yaml:1:5: error: the document nests deeper than 2 levels
        a: [[1]]
            ^
        """)
  }

  // MARK: - Node count

  /// Root mapping, `a`, the list and `1` are nodes 1...4; `2` is the fifth.
  @Test func documentWithTooManyNodesIsRefused() {
    #expect(
      loadError("a: [1, 2]\n", limits: YAMLLoader.Limits(maxNodes: 4)) == """
        x.yaml:1:8: error: the document has more than 4 nodes
        a: [1, 2]
               ^
        """)
  }

  // A long line near its end: the window is the last 160 characters, `...` only in front.
  @Test func longLineIsWindowedAroundTheCaret() {
    let line = String(repeating: "a", count: 300) + "!"
    let d = Diagnostic(at: Mark(file: "x.yaml", line: 1, column: 301), "here", sourceLine: line)
    #expect(d.rendered == "x.yaml:1:301: error: here\n..." + String(line.suffix(160)) + "\n" + String(repeating: " ", count: 162) + "^")
    let short = Diagnostic(at: Mark(file: "x.yaml", line: 1, column: 3), "here", sourceLine: "abcdef")
    #expect(short.rendered == "x.yaml:1:3: error: here\nabcdef\n  ^")
  }
}
