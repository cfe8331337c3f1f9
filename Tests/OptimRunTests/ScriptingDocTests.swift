import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// docs/scripting.md is a contract: every `sh` block in it runs, as written, and succeeds.
  @Suite("scripting doc")
  struct ScriptingDocTests {
    /// The fenced ```sh blocks of the page, in order.
    static func blocks() throws -> [String] {
      let text = try String(contentsOfFile: RepositoryPaths.path("docs/scripting.md"), encoding: .utf8)
      var blocks: [String] = []
      var current: [String]?
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if current == nil, line == "```sh" {
          current = []
        } else if current != nil, line == "```" {
          blocks.append(current!.joined(separator: "\n"))
          current = nil
        } else {
          current?.append(String(line))
        }
      }
      return blocks
    }

    @Test func everyShellExampleRuns() throws {
      let blocks = try Self.blocks()
      #expect(blocks.count >= 4)
      let executable = try #require(SummaryCommandTests.executable)
      let bin = URL(fileURLWithPath: executable).deletingLastPathComponent().path
      for (i, block) in blocks.enumerated() {
        let scratch = try ScratchFolder()
        for name in ["specs", "data"] {
          try FileManager.default.createSymbolicLink(
            atPath: scratch.path(name), withDestinationPath: RepositoryPaths.path(name))
        }
        let script = try scratch.write("set -euo pipefail\n" + block + "\n", to: "example.sh")
        let status = shell("cd '\(scratch.url.path)' && PATH='\(bin)':\"$PATH\" bash '\(script)' > out.txt 2>&1")
        let output = (try? String(contentsOfFile: scratch.path("out.txt"), encoding: .utf8)) ?? ""
        #expect(status == 0, "example \(i + 1) failed:\n\(block)\n--- output:\n\(output)")
      }
    }
  }
}
