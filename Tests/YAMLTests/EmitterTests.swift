import Testing
import YAML
import _TestSupport

/// `emitYAML`: the exact text for a known tree, quoting rules, doubles, and the round-trip property
/// emit → load gives an equal tree (ignoring marks) over many generated trees.
@Suite struct EmitterTests {
  @Test func knownTreeEmitsBlockStyleWithFlowScalarLists() throws {
    let root = try loadRoot(
      """
      name: cifar_cnn
      lr: 1.0e-7
      one: 1.0
      hex: 0x1F
      model:
        input: [32, 32, 3]
        layers:
          - {type: conv2d, filters: 32, activation: relu}
          - flatten
          - []
          - {}
          - [1, [2, {}]]
      extremes: [.inf, -.inf, .NaN, ~, True]
      empty: {inner: {}, list: []}

      """)
    #expect(
      emitYAML(root) == """
        name: cifar_cnn
        lr: 1.0e-07
        one: 1.0
        hex: 31
        model:
          input: [32, 32, 3]
          layers:
            - type: conv2d
              filters: 32
              activation: relu
            - flatten
            - []
            - {}
            - - 1
              - - 2
                - {}
        extremes: [.inf, -.inf, .nan, null, true]
        empty:
          inner: {}
          list: []

        """)
  }

  /// Each string and the exact text the emitter writes for it.
  @Test(arguments: [
    ("1e-7", #""1e-7""#), ("true", #""true""#), ("null", #""null""#), ("", #""""#), (": x", #"": x""#),
    (" lead", #"" lead""#), ("trail ", #""trail ""#), ("a #b", #""a #b""#),
    ("line\nbreak", #""line\nbreak""#),
    ("tab\there", #""tab\there""#), ("say \"hi\"", #""say \"hi\"""#), ("back\\slash", #""back\\slash""#),
    ("bell\u{7}", #""bell\x07""#), ("del\u{7F}", #""del\x7F""#),
    ("nel\u{85}ls\u{2028}ps\u{2029}", #""nel\Nls\Lps\P""#),
    ("bom\u{FEFF}", #""bom\uFEFF""#), ("<<", #""<<""#), ("- item", #""- item""#), ("[x]", #""[x]""#),
    ("a, b", #""a, b""#), ("99999999999999999999", #""99999999999999999999""#), ("0x1F", #""0x1F""#),
    (".5", #"".5""#), ("~", #""~""#), ("&a", #""&a""#), ("*a", #""*a""#), ("!t", #""!t""#), ("😀", #""😀""#),
    ("yes", "yes"), ("learning_rate", "learning_rate"), ("relu6", "relu6"), ("é日本", "é日本"),
    ("data/x.npy", "data/x.npy"), ("two words", "two words"), ("f(x)=y+1", "f(x)=y+1"),
  ])
  func stringQuoting(_ string: String, _ expected: String) throws {
    let node = Node(
      .scalar(Scalar(text: string, style: .plain, value: .string(string))),
      mark: Mark(file: "", line: 1, column: 1))
    #expect(emitYAML(node) == expected + "\n")
    #expect(try loadRoot(emitYAML(node)).scalarValue == .string(string))
    #expect(
      try loadRoot("[\(expected), x]").equalIgnoringMarks(
        try loadRoot(emitYAML(try loadRoot("[\(expected), x]")))))
  }

  @Test func scalarRootsAndEmptyRoots() throws {
    #expect(emitYAML(try loadRoot("{}")) == "{}\n")
    #expect(emitYAML(try loadRoot("[]")) == "[]\n")
    #expect(emitYAML(try loadRoot("'1e-7'")) == "\"1e-7\"\n")
    #expect(emitYAML(try loadRoot("[a, 2]")) == "[a, 2]\n")
  }

  @Test func collectionKeysUseExplicitKeySyntax() throws {
    let root = try loadRoot("? [1, 2]\n: pair\n? {a: b}\n: [x, {y: z}]\n")
    #expect(
      emitYAML(root) == """
        ? [1, 2]
        : pair
        ? {a: b}
        :
          - x
          - y: z

        """)
    #expect(try loadRoot(emitYAML(root)).equalIgnoringMarks(root))
  }

  /// Swift's `description` is the shortest text that parses back to the same Double; it always has
  /// a "." or an "e" (`1e-07`, `1.0`, `1e+16`); the emitter adds ".0" before a bare exponent
  /// (`1.0e-07`, as YAML 1.1 readers need), and it still reads back as the same float.
  @Test(arguments: [
    1e-7, 0.1, 1.0, -0.0, 3.0, 1e16, -2.5e-300, 1e300, Double.leastNonzeroMagnitude,
    Double.greatestFiniteMagnitude,
    123_456_789.125, 0.1 + 0.2, 100_000.0, -1.0,
  ])
  func doublesRoundTripExactlyAndStayFloats(_ d: Double) throws {
    let text = emitYAML(
      Node(
        .scalar(Scalar(text: "", style: .plain, value: .double(d))), mark: Mark(file: "", line: 1, column: 1))
    )
    guard case .double(let back)? = try loadRoot(text).scalarValue else {
      Issue.record("\(text) did not read back as a double")
      return
    }
    #expect(back.bitPattern == d.bitPattern, "\(text)")
  }

  @Test func manyGeneratedTreesRoundTrip() throws {
    var random = SplitMixGenerator(seed: 0x5EED)
    for i in 0..<400 {
      let tree = TreeGenerator.node(depth: 0, random: &random)
      let text = emitYAML(tree)
      let back: Node
      do {
        back = try loadRoot(text)
      } catch {
        Issue.record(
          "tree \(i) did not load back:\n\(text)\n\((error as? DiagnosticList)?.rendered ?? "\(error)")")
        continue
      }
      #expect(back.equalIgnoringMarks(tree), "tree \(i):\n\(text)\n---\n\(emitYAML(back))")
    }
  }
}


/// Random trees of every shape the emitter handles, with tricky scalars.
enum TreeGenerator {
  static let strings = [
    "a", "learning_rate", "1e-7", "true", "False", "null", "~", "", " ", ": x", "- y", "#", "a #b", "x: y",
    "line\nbreak", "tab\t", "quote\"", "back\\", "'single'", "é", "日本語", "😀", "[1]", "{a}", "&anchor",
    "*alias", "!tag", "%x", "@x", "`x`", "<<", "0x1F", "0o17", "+7", ".5", ".inf", "-.inf", ".nan", "3.",
    "yes", "off", "two words", "trailing ", " leading", "a,b", "?", "|", ">", "\u{85}", "\u{2028}", "\u{7F}",
    "\u{1}", "\r\n", "C:\\path", "data/x.npy", "12:30", "1_000", "12abc",
  ]
  static let doubles = [0.0, -0.0, 1e-7, 0.001, 1.5, -3.0, 1e16, 2.5e-300, .infinity, -.infinity, .nan]
  static let ints = [0, 1, -1, 42, Int.max, Int.min, 1 << 40]

  static func scalar(_ random: inout SplitMixGenerator, forKey: Bool = false) -> Node {
    let value: ScalarValue
    switch random.below(forKey ? 3 : 6) {
    case 0, 1: value = .string(strings[random.below(strings.count)])
    case 2: value = .int(ints[random.below(ints.count)])
    case 3: value = .double(doubles[random.below(doubles.count)])
    case 4: value = .bool(random.below(2) == 0)
    default: value = .null
    }
    return Node(
      .scalar(Scalar(text: "", style: .plain, value: value)), mark: Mark(file: "", line: 1, column: 1))
  }

  static func node(depth: Int, random: inout SplitMixGenerator) -> Node {
    let mark = Mark(file: "", line: 1, column: 1)
    switch depth >= 4 ? 0 : depth == 0 ? 1 + random.below(2) : random.below(3) {
    case 0:
      return scalar(&random)
    case 1:
      let count = random.below(5)
      return Node(.sequence((0..<count).map { _ in node(depth: depth + 1, random: &random) }), mark: mark)
    default:
      var pairs: [Node.Pair] = []
      var seen: Set<String> = []
      for _ in 0..<random.below(5) {
        let key = random.below(8) == 0 ? node(depth: 3, random: &random) : scalar(&random, forKey: true)
        guard seen.insert(emitYAML(key)).inserted else { continue }
        pairs.append(Node.Pair(key: key, value: node(depth: depth + 1, random: &random)))
      }
      return Node(.mapping(pairs), mark: mark)
    }
  }
}
