import Foundation
import Spec
import Testing
import YAML
import _TestSupport

/// The YAML optim-run writes (a run folder's spec.yaml, `validate --print`) reads as the same
/// values in YAML 1.1 (PyYAML, what most Python tooling logs configs with) and YAML 1.2
/// (ruamel.yaml) readers: numbers stay numbers, `1.0e-07` not the string '1e-07'.
@Suite struct EmittedYAMLReadersTests {
  /// Loads each YAML text (files given as arguments) with PyYAML's safe loader and ruamel.yaml's
  /// safe (1.2) loader and compares both with the JSON beside it, value for value and type for type.
  static let compare = #"""
    import json, math, sys, yaml
    from ruamel.yaml import YAML
    ruamel = YAML(typ="safe", pure=True)
    def same(a, b, path):
        if isinstance(b, bool) or b is None:
            ok = a is b
        elif isinstance(b, float):
            ok = isinstance(a, float) and (a == b or (math.isnan(a) and math.isnan(b)))
        elif isinstance(b, int):
            ok = isinstance(a, int) and not isinstance(a, bool) and a == b
        elif isinstance(b, str) and b in ("inf", "-inf", "nan"):  # the canonical JSON's non-finite numbers
            ok = isinstance(a, float) and str(a) == b
        elif isinstance(b, str):
            ok = isinstance(a, str) and a == b
        elif isinstance(b, list):
            ok = isinstance(a, list) and len(a) == len(b) and all(same(x, y, f"{path}.{i}") for i, (x, y) in enumerate(zip(a, b)))
        else:
            ok = isinstance(a, dict) and a.keys() == b.keys() and all(same(a[k], b[k], f"{path}.{k}") for k in b)
        if not ok and not isinstance(b, (list, dict)):
            print(f"{path}: read {a!r} ({type(a).__name__}), expected {b!r} ({type(b).__name__})")
        return ok
    failed = 0
    for name in sys.argv[1:]:
        text = open(name + ".yaml").read()
        expected = json.load(open(name + ".json"), parse_constant=float)
        for reader, load in [("PyYAML", yaml.safe_load), ("ruamel.yaml", ruamel.load)]:
            if not same(load(text), expected, name + " " + reader):
                failed += 1
    print("files", len(sys.argv) - 1, "failed", failed)
    sys.exit(1 if failed else 0)
    """#

  /// Writes `pairs` (YAML text, the same values as JSON) and runs the comparison on them.
  func check(_ pairs: [(name: String, yaml: String, json: String)]) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-readers-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for pair in pairs {
      try pair.yaml.write(to: folder.appendingPathComponent(pair.name + ".yaml"), atomically: true, encoding: .utf8)
      try pair.json.write(to: folder.appendingPathComponent(pair.name + ".json"), atomically: true, encoding: .utf8)
    }
    let output = try TestPython.run(code: Self.compare, arguments: pairs.map(\.name), in: folder.path)
    #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
    #expect(output.stdout.contains("files \(pairs.count) failed 0"), "\(output.stdout)")
  }

  @Test func everyShippedSpecsResolvedFormReadsTheSameInPyYAMLAndRuamel() throws {
    let specs = try FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.path("specs"))
      .filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(specs.count >= 10)
    var pairs: [(name: String, yaml: String, json: String)] = []
    for file in specs {
      let loaded = try loadSpec(path: RepositoryPaths.path("specs/" + file))
      pairs.append((String(file.dropLast(5)), loaded.resolvedYAML, loaded.spec.canonicalText))
    }
    // The shipped specs hold such numbers (epsilon 1e-07 and the like): the check has teeth.
    #expect(pairs.contains { $0.yaml.contains("e-07") })
    try check(pairs)
  }

  @Test func doublesOfEveryMagnitudeStayFloatsInBothReaders() throws {
    let doubles: [Double] = [
      1e-7, 1e-5, 0.1, 1.0, -0.0, 3.0, 1e16, 1e22, -2.5e-300, 1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
      123_456_789.125, 0.1 + 0.2, 100_000.0, -1.0, .infinity, -.infinity,
    ]
    let node = Node(
      .sequence(doubles.map { Node(.scalar(Scalar(text: "", style: .plain, value: .double($0))), mark: Mark(file: "", line: 1, column: 1)) }),
      mark: Mark(file: "", line: 1, column: 1))
    let json = "[" + doubles.map { $0.isFinite ? "\($0)" : $0 > 0 ? "Infinity" : "-Infinity" }.joined(separator: ", ") + "]"
    try check([("doubles", emitYAML(node), json)])
  }
}
