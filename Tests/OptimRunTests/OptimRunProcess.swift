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
  var stderrLines: [String] {
    stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }
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

  /// Starts `optim-run arguments...` in `directory` (the repository by default), with
  /// `blockedSignals` blocked in its inherited signal mask (none, as from a shell, by default);
  /// through `launcher` when given (`["/usr/bin/taskset", "-c", "0"]`: the executable's path and
  /// the arguments are appended to it); with `environment` added to the inherited environment.
  init(
    _ arguments: [String], in directory: String = RepositoryPaths.root, scratch: ScratchFolder,
    blockedSignals: [Int32] = [], launcher: [String] = [], environment: [String: String] = [:]
  ) throws {
    let executable = try #require(SummaryCommandTests.executable, "build optim-run first with `swift build`")
    let tag = UUID().uuidString
    stdoutPath = scratch.path("stdout-\(tag).txt")
    stderrPath = scratch.path("stderr-\(tag).txt")
    for path in [stdoutPath, stderrPath] {
      #expect(FileManager.default.createFile(atPath: path, contents: nil))
    }
    let command = launcher + [executable] + arguments
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
    process.standardInput = FileHandle.nullDevice
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    try Self.launch(process, blocking: blockedSignals)
  }

  /// A test that stops early (a failed `#require`) leaves no training process behind.
  deinit { send(SIGKILL) }

  /// Starts `process` as a shell would: with no signal blocked (or only `blocked`).
  ///
  /// A child inherits the signal mask of the thread that spawns it, and Foundation's `Process`
  /// on Linux does not reset it; the threads Swift Testing runs tests on block almost every signal,
  /// SIGINT included, so a child started from them never sees SIGINT. The spawn therefore happens
  /// on a short-lived thread whose mask is set first.
  private static func launch(_ process: Process, blocking blocked: [Int32]) throws {
    final class Launch: @unchecked Sendable {
      let process: Process
      let blocked: [Int32]
      var error: Error?
      let done = DispatchSemaphore(value: 0)
      init(_ process: Process, _ blocked: [Int32]) {
        self.process = process
        self.blocked = blocked
      }
    }
    let launch = Launch(process, blocked)
    let thread = Thread {
      var mask = sigset_t()
      sigemptyset(&mask)
      for signal in launch.blocked { sigaddset(&mask, signal) }
      pthread_sigmask(SIG_SETMASK, &mask, nil)
      do { try launch.process.run() } catch { launch.error = error }
      launch.done.signal()
    }
    thread.start()
    launch.done.wait()
    if let error = launch.error { throw error }
  }

  /// Runs `optim-run arguments...` to the end (through `launcher`, as `init` does).
  static func run(
    _ arguments: [String], in directory: String = RepositoryPaths.root, scratch: ScratchFolder,
    launcher: [String] = [], environment: [String: String] = [:]
  ) throws -> ProcessOutput {
    try OptimRunProcess(arguments, in: directory, scratch: scratch, launcher: launcher, environment: environment)
      .finish()
  }

  /// The process's id (its main thread's id too).
  var processIdentifier: pid_t { process.processIdentifier }

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
    guard process.isRunning else { return }
    kill(process.processIdentifier, signal)
  }

  /// Waits up to `seconds` for the process to exit; if it is still running then, kills it
  /// (SIGKILL) so that a test fails instead of waiting for a long run, and returns false.
  func waitForExit(deadline seconds: TimeInterval) -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < end { usleep(20_000) }
    guard process.isRunning else { return true }
    send(SIGKILL)
    return false
  }

  /// Waits for the process to end and returns what it printed.
  func finish() -> ProcessOutput {
    process.waitUntilExit()
    return ProcessOutput(
      status: process.terminationStatus, uncaughtSignal: process.terminationReason == .uncaughtSignal,
      stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "", stderr: stderr)
  }
}
