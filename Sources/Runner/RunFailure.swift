import Reporting
import YAML
import Training

/// Why a run could not start or finish, classified for the command line's exit codes.
public enum RunFailure: Error, CustomStringConvertible {
  /// The spec (or an override) is invalid: rendered diagnostics; exit code 2.
  case spec(DiagnosticList)
  /// A data file is missing, malformed or inconsistent; exit code 3.
  case data(String)
  /// Anything else that went wrong at run time (a file that could not be written); exit code 1.
  case runtime(String)

  public var description: String {
    switch self {
    case .spec(let list): list.rendered
    case .data(let message): "data error: \(message)"
    case .runtime(let message): "error: \(message)"
    }
  }
}

/// What the command line passes to a run besides the spec.
public struct RunOptions {
  /// `--out DIR`: the run folder to create (must not exist or be empty); nil: `output.dir/<name>/...`.
  public var outDirectory: String?
  /// The command line as typed, for `run.json`.
  public var commandLine: [String]
  /// The `--set` arguments, for `run.json`.
  public var overrides: [String]
  /// Extra callbacks (progress display), given the epoch count and batches per epoch.
  public var extraCallbacks: (_ epochs: Int, _ stepsPerEpoch: Int) -> [any Callback]
  /// Informational messages (the run folder's path) for standard error.
  public var note: (String) -> Void
  /// Receives every `RunEvent` (the `--json` stream).
  public var events: (RunEvent) -> Void = { _ in }
  /// The trial index when this run is one trial of a sweep (events carry it).
  public var trial: Int?
  /// The sweep trial's values for TensorBoard's HParams dashboard, which a `tensorboard` callback
  /// writes as its session (set by the sweep driver).
  public var tensorBoardSession: TensorBoardSession?
  /// Worker threads and where the count came from, for `run.json`.
  public var threads: (count: Int, source: String) = (1, "")
  /// Whether trials run in child processes (`--jobs`) write their JSON Lines events to this
  /// process's standard output (`--json`).
  public var forwardsChildEvents = false

  /// Creates options.
  public init(
    outDirectory: String? = nil, commandLine: [String] = [], overrides: [String] = [],
    extraCallbacks: @escaping (_ epochs: Int, _ stepsPerEpoch: Int) -> [any Callback] = { _, _ in [] },
    note: @escaping (String) -> Void = { _ in }
  ) {
    self.outDirectory = outDirectory
    self.commandLine = commandLine
    self.overrides = overrides
    self.extraCallbacks = extraCallbacks
    self.note = note
  }
}
