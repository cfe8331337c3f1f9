import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// `--progress bar` as a terminal sees it: the built executable with `COLUMNS` set.
  @Suite("progress bar")
  struct ProgressBarProcessTests {
    /// stderr's screen lines: split on carriage returns and newlines, escape sequences removed.
    static func screenLines(_ stderr: String) -> [String] {
      stderr.replacingOccurrences(of: "\u{1B}[K", with: "")
        .split(omittingEmptySubsequences: true) { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }.map(String.init)
    }

    @Test func barFitsSixtyColumns() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(
        ["specs/digits_cnn.yaml", "--out", out, "--progress", "bar", "--set", "train.epochs=1"],
        scratch: scratch,
        environment: ["COLUMNS": "60"])
      #expect(r.status == 0, "stderr: \(r.stderr)")
      let lines = Self.screenLines(r.stderr)
      let bars = lines.filter { $0.contains("━") }
      #expect(bars.count >= 2, "stderr: \(r.stderr)")
      #expect(bars.last?.contains("━━━━━━━━━━━━━━━━━━━━") == true, "the finished bar is full")
      for line in lines where !line.hasPrefix("optim-run: run folder: ") {
        #expect(line.unicodeScalars.count <= 60, "too wide: \(line)")
      }
      #expect(r.stderr.contains("\n" + "optim-run: completed (epochs_completed)\n"))
    }

    @Test func divergedLossPrintsInfOrNanAndTheStatusOnItsOwnLine() throws {
      let scratch = try ScratchFolder()
      let spec = try scratch.write(ExitStatusTests.divergingSpec, to: "diverging.yaml")
      for style in ["bar", "lines"] {
        let r = try OptimRunProcess.run(
          [spec, "--out", scratch.path("run-\(style)"), "--progress", style], scratch: scratch,
          environment: ["COLUMNS": "200"])
        #expect(r.status == 4, "stderr: \(r.stderr)")
        // The loss overflows to inf (or nan) in the first epoch; glibc would print -nan for a NaN.
        let separator = style == "bar" ? ": " : " "
        #expect(
          ["inf", "nan"].contains { r.stderr.contains("loss\(separator)\($0) - ") }, "\(style): \(r.stderr)")
        #expect(!r.stderr.contains("-nan"), "\(style): \(r.stderr)")
        let status = try #require(r.stderr.range(of: "optim-run: diverged"), "\(style): \(r.stderr)")
        #expect(
          status.lowerBound == r.stderr.startIndex
            || r.stderr[r.stderr.index(before: status.lowerBound)] == "\n")
      }
    }
  }
}
