import Foundation
import Testing
import _TestSupport

/// The end-to-end suites: the built `optim-run` executable on real spec files.
///
/// Serialized because the runs train models: run side by side on a shared machine they would only
/// compete for the same cores. Build first (`swift build`); the tests never build the executable.
@Suite("optim-run end to end", .serialized)
enum EndToEnd {}

/// What a finished `optim-run` process printed and how it ended.
struct ProcessOutput {
  /// The exit status, or the signal number when `uncaughtSignal` is true.
  var status: Int32
  /// True when a signal ended the process (then `status` is the signal).
  var uncaughtSignal: Bool
  var stdout: String
  var stderr: String

  /// `stderr` split into lines.
  var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}

/// A scratch folder for one test, removed when the value is released.
final class ScratchFolder {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("optim-run-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// `url/name` as a path.
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Writes `text` to `name` and returns its path.
  @discardableResult
  func write(_ text: String, to name: String) throws -> String {
    try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    return path(name)
  }
}

/// One running `optim-run` process whose standard output and error go to files in a scratch
/// folder, so a test can watch stderr while it runs (wait for an epoch line, then signal it).
final class OptimRunProcess {
  private let process = Process()
  private let stdoutPath: String
  private let stderrPath: String

  /// Starts `optim-run arguments...` in `directory` (the repository by default).
  init(_ arguments: [String], in directory: String = RepositoryPaths.root, scratch: ScratchFolder) throws {
    let executable = try #require(SummaryCommandTests.executable, "build optim-run first with `swift build`")
    let tag = UUID().uuidString
    stdoutPath = scratch.path("stdout-\(tag).txt")
    stderrPath = scratch.path("stderr-\(tag).txt")
    for path in [stdoutPath, stderrPath] {
      #expect(FileManager.default.createFile(atPath: path, contents: nil))
    }
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = try #require(FileHandle(forWritingAtPath: stdoutPath))
    process.standardError = try #require(FileHandle(forWritingAtPath: stderrPath))
    process.standardInput = FileHandle.nullDevice
    try process.run()
  }

  /// Runs `optim-run arguments...` to the end.
  static func run(
    _ arguments: [String], in directory: String = RepositoryPaths.root, scratch: ScratchFolder
  ) throws -> ProcessOutput {
    try OptimRunProcess(arguments, in: directory, scratch: scratch).finish()
  }

  /// What the process has written to stderr so far.
  var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

  /// Polls stderr until `condition` holds or the process exits; true if it held.
  ///
  /// The deadline only guards against a hung process (it fails the test instead of blocking the
  /// suite); it is generous because debug builds on a busy machine are slow.
  func waitForStderr(deadline seconds: TimeInterval = 600, until condition: (String) -> Bool) -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
      if condition(stderr) { return true }
      if !process.isRunning { return condition(stderr) }
      usleep(20_000)
    }
    return false
  }

  /// Sends `signal` to the process.
  func send(_ signal: Int32) {
    kill(process.processIdentifier, signal)
  }

  /// Waits for the process to end and returns what it printed.
  func finish() -> ProcessOutput {
    process.waitUntilExit()
    return ProcessOutput(
      status: process.terminationStatus, uncaughtSignal: process.terminationReason == .uncaughtSignal,
      stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "", stderr: stderr)
  }
}
