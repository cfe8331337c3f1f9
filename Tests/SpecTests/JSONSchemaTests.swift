import Foundation
import Testing
import _TestSupport

@testable import Spec

/// docs/optim-run.schema.json is generated from the schema tables and checked with the real
/// validator (jsonschema 4, draft 2020-12). YAML is loaded as YAML 1.2 (ruamel.yaml's safe loader),
/// as yaml-language-server reads it: `1e-07` is a number, `yes` a string.
/// Re-record the file with `RECORD_DOCS=1 swift test --filter JSONSchemaTests`.
@Suite struct JSONSchemaTests {
  let path = repositoryRoot.appendingPathComponent("docs/optim-run.schema.json")
  static let modeline = "# yaml-language-server: $schema=../docs/optim-run.schema.json"

  @Test func checkedInSchemaMatchesGenerator() throws {
    let generated = JSONSchemaGenerator.text()
    if ProcessInfo.processInfo.environment["RECORD_DOCS"] == "1" {
      try generated.write(to: path, atomically: true, encoding: .utf8)
    }
    let checkedIn = try String(contentsOf: path, encoding: .utf8)
    #expect(checkedIn == generated, "docs/optim-run.schema.json is stale; re-record with RECORD_DOCS=1")
    #expect(generated.hasSuffix("}\n"))
  }

  /// The parts an editor relies on: the dialect, closed mappings, a `type` choice per family.
  @Test func schemaShape() throws {
    let schema = JSONSchemaGenerator.schema()
    #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
    #expect(schema["additionalProperties"] == .bool(false))
    let topKeys = schema["properties"]?.members.map(\.key)
    #expect(topKeys == Schemas.experiment.arguments.map(\.name))
    let defs = try #require(schema["$defs"])
    for family in Family.allCases {
      let familySchema = Schemas.family(family)
      let mapping = try #require(defs["\(family.rawValue).mapping"], "\(family)")
      #expect(mapping["properties"]?["type"]?["enum"] == .strings(familySchema.types.map(\.name)))
      for type in familySchema.types {
        let typeSchema = try #require(defs["\(family.rawValue).\(type.name)"])
        #expect(typeSchema["additionalProperties"] == .bool(false))
        let keys = Set(typeSchema["properties"]?.members.map(\.key) ?? [])
        let expected = Set(familySchema.arguments(of: type).map(\.name) + ["type"] + (familySchema.hasName ? ["name"] : []))
        #expect(keys == expected, "\(family) \(type.name)")
      }
    }
  }

  /// Every shipped spec names the schema on its first line and is valid against it.
  @Test func shippedSpecsNameAndPassTheSchema() throws {
    let folder = repositoryRoot.appendingPathComponent("specs")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
      .sorted().map { folder.appendingPathComponent($0).path }
    #expect(files.count >= 10)
    for file in files {
      let text = try String(contentsOfFile: file, encoding: .utf8)
      #expect(text.hasPrefix(Self.modeline + "\n"), "\(file)")
      #expect(diagnostics(text) == nil, "\(file) must be a valid spec")
    }
    let modelinePath = String(Self.modeline.split(separator: "=").last!)
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(modelinePath).path))
    let checker = try SchemaChecker()
    defer { checker.remove() }
    for result in try checker.check(files) {
      #expect(result.valid, "\(result.file):\n\(result.summary)")
    }
  }

  /// docs/spec.md's example of every type and section, as written (bare names included) and
  /// resolved with every default filled in, is valid against its definition.
  @Test func documentedExamplesPassTheSchema() throws {
    let checker = try SchemaChecker()
    defer { checker.remove() }
    var targets: [String] = []
    for family in Family.allCases {
      for type in Schemas.family(family).types {
        let example = SpecDocs.example(type, family: family)
        let written = try checker.write(example + "\n", to: "\(family.rawValue)-\(type.name).yaml")
        targets.append(written + "#" + family.rawValue)
        var decoder = SpecDecoder()
        let component = try #require(
          decoder.decodeComponent(try YAMLLoaderBridge.load("x: " + example), family: family, path: "x"))
        let resolved = JSONSchemaGenerator.json(component.resolvedValue(family)).pretty()
        targets.append(try checker.write(resolved, to: "\(family.rawValue)-\(type.name).json") + "#" + family.rawValue)
      }
    }
    for section in Schemas.sections.dropFirst() {
      let example = SpecDocs.example(section, family: nil)
      targets.append(try checker.write(example + "\n", to: "\(section.name).yaml") + "#" + section.name)
    }
    let results = try checker.check(targets)
    #expect(results.count > 2 * Family.allCases.count)
    for result in results {
      #expect(result.valid, "\(result.file):\n\(result.summary)")
    }
  }
}
