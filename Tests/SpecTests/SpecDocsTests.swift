import Foundation
import Testing

@testable import Spec

/// docs/spec.md is generated from the schema; this fails when the checked-in file differs, so a key
/// cannot exist in the decoder and not in the reference (or the other way round).
/// Re-record with `RECORD_DOCS=1 swift test --filter SpecDocsTests`.
@Suite struct SpecDocsTests {
  let path = repositoryRoot.appendingPathComponent("docs/spec.md")

  @Test func checkedInReferenceMatchesSchema() throws {
    let generated = SpecDocs.markdown()
    if ProcessInfo.processInfo.environment["RECORD_DOCS"] == "1" {
      try FileManager.default.createDirectory(
        at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
      try generated.write(to: path, atomically: true, encoding: .utf8)
    }
    let checkedIn = try String(contentsOf: path, encoding: .utf8)
    #expect(checkedIn == generated, "docs/spec.md is stale; re-record with RECORD_DOCS=1")
  }

  @Test(arguments: Family.allCases)
  func everyTypeAndArgumentIsDocumented(_ family: Family) {
    let docs = SpecDocs.markdown()
    let schema = Schemas.family(family)
    for type in schema.types {
      #expect(docs.contains("### `\(type.name)`"), "\(family) \(type.name) missing from docs")
      for argument in schema.arguments(of: type) {
        #expect(docs.contains("| `\(argument.name)` |"), "\(type.name).\(argument.name) missing from docs")
      }
    }
  }

  /// Each type's documented example is a valid component of its family.
  @Test(arguments: Family.allCases)
  func documentedExamplesValidate(_ family: Family) throws {
    let schema = Schemas.family(family)
    for type in schema.types {
      let example = SpecDocs.example(type, family: family)
      let document = try YAMLLoaderBridge.load("x: " + example)
      var decoder = SpecDecoder()
      let component = decoder.decodeComponent(document, family: family, path: "x")
      #expect(component?.type == type.name, "example of \(type.name): \(example)")
      #expect(decoder.diagnostics.isEmpty, "\(decoder.diagnostics.map(\.message))")
    }
  }
}
