import Foundation
import Testing
import _TestSupport

/// The spec fuzzer's dictionary (fuzz/dictionaries/spec.dict) names every key and enum value of
/// the schema, so the fuzzer can reach every section; regenerate it with fuzz/make-seeds.py.
@Suite struct FuzzDictionaryTests {
  @Test func theSpecDictionaryHasEveryKeyOfTheSchema() throws {
    let schema = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.path("docs/optim-run.schema.json"))))
    var words = Set<String>()
    func walk(_ node: Any) {
      if let object = node as? [String: Any] {
        for (key, value) in object {
          if key == "properties", let properties = value as? [String: Any] { words.formUnion(properties.keys) }
          if key == "enum", let values = value as? [Any] { words.formUnion(values.compactMap { $0 as? String }) }
          walk(value)
        }
      } else if let array = node as? [Any] {
        array.forEach(walk)
      }
    }
    walk(schema)
    let dictionary = try String(contentsOfFile: RepositoryPaths.path("fuzz/dictionaries/spec.dict"), encoding: .utf8)
    let entries = Set(dictionary.split(separator: "\n").filter { $0.hasPrefix("\"") }.map { String($0.dropFirst().dropLast()) })
    #expect(words.count > 200)
    let missing = words.filter { !$0.contains("\"") && !$0.contains("\\") && !entries.contains($0) }.sorted()
    #expect(missing.isEmpty, "not in fuzz/dictionaries/spec.dict (run fuzz/make-seeds.py): \(missing)")
  }
}
