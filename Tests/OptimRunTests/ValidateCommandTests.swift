import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// `optim-run validate` on the shipped specs and on its own printed output.
  @Suite("validate")
  struct ValidateCommandTests {
    /// Every spec in `specs/`, relative to the repository.
    static func shippedSpecs() throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.path("specs"))
        .filter { $0.hasSuffix(".yaml") }.sorted().map { "specs/" + $0 }
    }

    @Test func everyShippedSpecIsValid() throws {
      let scratch = try ScratchFolder()
      let specs = try Self.shippedSpecs()
      #expect(specs.count >= 10)
      let r = try OptimRunProcess.run(["validate"] + specs, scratch: scratch)
      #expect(r.status == 0)
      #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    /// The resolved spec `--print` writes is itself valid and is the same experiment: its hash
    /// equals the original's (and re-printing it changes nothing).
    @Test(arguments: try shippedSpecs())
    func printedSpecRevalidatesWithTheSameHash(_ spec: String) throws {
      let scratch = try ScratchFolder()
      let printed = try OptimRunProcess.run(["validate", "--print", spec], scratch: scratch)
      #expect(printed.status == 0)
      let copy = try scratch.write(printed.stdout, to: "resolved.yaml")

      let original = try OptimRunProcess.run(["validate", "--print-hash", spec], scratch: scratch)
      let resolved = try OptimRunProcess.run(["validate", "--print-hash", copy], scratch: scratch)
      #expect(original.status == 0)
      #expect(resolved.status == 0, "\(resolved.stderr)")
      let originalHash = original.stdout.split(separator: " ").first.map(String.init)
      let resolvedHash = resolved.stdout.split(separator: " ").first.map(String.init)
      #expect(originalHash?.count == 64)
      #expect(originalHash == resolvedHash)
      #expect(original.stdout == "\(originalHash ?? "")  \(spec)\n")

      let reprinted = try OptimRunProcess.run(["validate", "--print", copy], scratch: scratch)
      #expect(reprinted.stdout == printed.stdout)
    }

    /// An invalid file among valid ones: exit 1, and its diagnostics name it.
    @Test func invalidFileAmongValidOnesExits1() throws {
      let scratch = try ScratchFolder()
      let bad = try scratch.write(
        "name: broken\nobjective: {function: himmelblau, steps: -3}\noptimizer: adam\n", to: "broken.yaml")
      let r = try OptimRunProcess.run(["validate", "specs/himmelblau_adam.yaml", bad], scratch: scratch)
      #expect(r.status == 1)
      #expect(r.stderr.hasPrefix(bad + ":2:"), "\(r.stderr)")
    }
  }
}
