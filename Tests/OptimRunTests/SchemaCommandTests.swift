import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// `optim-run schema` prints docs/optim-run.schema.json, and the resolved specs `validate --print`
  /// writes (every key of every type used, defaults filled in) pass it under the real validator.
  @Suite("schema")
  struct SchemaCommandTests {
    @Test func printsTheCheckedInSchema() throws {
      let scratch = try ScratchFolder()
      let r = try OptimRunProcess.run(["schema"], scratch: scratch)
      #expect(r.status == 0)
      #expect(r.stderr.isEmpty, "\(r.stderr)")
      let checkedIn = try String(contentsOfFile: RepositoryPaths.path("docs/optim-run.schema.json"), encoding: .utf8)
      #expect(r.stdout == checkedIn)
      let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
      #expect(object?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test func resolvedSpecsPassTheSchema() throws {
      let scratch = try ScratchFolder()
      let schema = try scratch.write(
        try OptimRunProcess.run(["schema"], scratch: scratch).stdout, to: "optim-run.schema.json")
      var files: [String] = []
      for spec in try ValidateCommandTests.shippedSpecs() {
        let printed = try OptimRunProcess.run(["validate", "--print", spec], scratch: scratch)
        #expect(printed.status == 0, "\(printed.stderr)")
        files.append(try scratch.write(printed.stdout, to: (spec as NSString).lastPathComponent))
      }
      let out = try TestPython.run(
        script: RepositoryPaths.path("scripts/check_schema.py"), arguments: [schema] + files)
      #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
      let lines = out.stdout.split(separator: "\n")
      #expect(lines.count == files.count)
      #expect(lines.allSatisfy { $0.contains("\"valid\": true") }, "\(out.stdout)")
    }
  }
}
