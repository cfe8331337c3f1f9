import ArgumentParser
import Foundation
import Reporting
import Runner
import Tensors
import Training

/// The options `run` and `resume` share: what is shown, what scripts read, how many threads.
struct RunOutputOptions: ParsableArguments {
  @Option(help: "Progress display on stderr: auto (a bar on a terminal, lines otherwise), bar, lines, none.")
  var progress: ProgressStyleArgument = .auto

  @Flag(help: "Print only the absolute run (or sweep) folder on stdout, and nothing but errors on stderr.")
  var quiet = false

  @Flag(help: "Print JSON Lines events on stdout: run_started, epoch, run_finished (see docs/scripting.md).")
  var json = false

  @Option(
    help: ArgumentHelp(
      "Worker threads (default: OPTIM_RUN_THREADS, else the CPUs this process may use).", valueName: "n"))
  var threads: Int?

  func validate() throws {
    if let threads, !(1...WorkerThreads.maximum).contains(threads) {
      throw ValidationError("--threads must be from 1 to \(WorkerThreads.maximum), got \(threads)")
    }
  }

  /// Options for the run, with the progress display, notes and events wired to the terminal.
  func runOptions(commandLine: [String], overrides: [String], out: String? = nil) throws -> RunOptions {
    let threads = try configureThreads()
    let style: ProgressStyle = quiet ? .none : progress.style
    let quiet = self.quiet
    let output = EventOutput(mode: json ? .json : quiet ? .quiet : .none)
    var options = RunOptions(
      outDirectory: out, commandLine: commandLine, overrides: overrides,
      extraCallbacks: { epochs, steps in [ProgressDisplay(style: style, epochs: epochs, stepsPerEpoch: steps)] },
      note: { message in if !quiet { FileHandleStderr.write("optim-run: \(message)\n") } })
    options.events = { output.handle($0) }
    options.forwardsChildEvents = json
    options.threads = threads
    return options
  }

  /// Applies `--threads` / `OPTIM_RUN_THREADS` and returns the count and where it came from.
  private func configureThreads() throws -> (count: Int, source: String) {
    do {
      let resolved = try WorkerThreads.resolve(requested: threads, environment: ProcessInfo.processInfo.environment)
      WorkerThreads.configure(resolved.count)
      return resolved
    } catch {
      throw ValidationError("\(error)")
    }
  }

  /// Installs the signal handlers a run needs: graceful stop on SIGINT, SIGTERM, SIGHUP, SIGUSR1,
  /// SIGUSR2; SIGPIPE ignored, so a closed stdout or stderr never ends training.
  static func installSignalHandlers() {
    signal(SIGPIPE, SIG_IGN)
    Interruption.install()
    ActiveRun.installAllocationFailureHandler()
  }
}

/// Runs `body`, mapping the run's failures to their exit codes with a message on stderr (and a
/// `run_finished` record with `--json`).
func exitingOnFailure<T>(json: Bool, _ body: () throws(RunFailure) -> T) throws -> T {
  do {
    return try body()
  } catch {
    FileHandleStderr.write(error.description + "\n")
    let code: ExitStatus =
      switch error {
      case .spec: .specError
      case .data: .dataError
      case .runtime: .failed
      }
    if json { Stdout.write(EventOutput.failure(error.description, exitCode: code).compact + "\n") }
    throw code.exitCode
  }
}

/// `--progress` values.
enum ProgressStyleArgument: String, ExpressibleByArgument, CaseIterable {
  case auto, bar, lines, none
  var style: ProgressStyle { ProgressStyle(rawValue: rawValue)! }
}
