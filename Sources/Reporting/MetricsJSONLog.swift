import Foundation

/// `metrics.jsonl`: one JSON object per line, per batch and per epoch.
///
/// Batch lines are `{"epoch":0,"kind":"batch","loss":0.5,"step":0,...}` and epoch lines
/// `{"epoch":0,"kind":"epoch","loss":0.5,"val_loss":0.6,...}` (keys sorted). `epoch` is 0-based;
/// `step` is the batch's index over the whole run, from 0 (the trainer's `onBatchEnd` step); batch
/// values are what the trainer reports after that batch (Keras reports running means over the
/// epoch). NaN and infinities are the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (see `JSONValue`).
///
/// Lines are buffered in memory and appended on `flush()`, which the run calls at every epoch end
/// (and whenever it saves its state), so the file always ends with a whole line.
public final class MetricsJSONLog {
  /// The file.
  public var url: URL { file.url }
  /// The append-only file underneath.
  public let file: AppendLogFile

  /// Keys the log writes itself; logs must not use them.
  public static let reservedKeys: Set<String> = ["kind", "epoch", "step"]

  /// A log writing to `url`; creates the file empty, or reopens it to append (`resuming`).
  public init(url: URL, resuming: Bool = false) throws {
    file = try AppendLogFile(url: url, existing: resuming)
  }

  /// Buffers a batch line.
  public func recordBatch(epoch: Int, step: Int, logs: [String: Double]) {
    append(kind: "batch", fields: ["epoch": .int(epoch), "step": .int(step)], logs: logs)
  }

  /// Buffers an epoch line.
  public func recordEpoch(epoch: Int, logs: [String: Double]) {
    append(kind: "epoch", fields: ["epoch": .int(epoch)], logs: logs)
  }

  /// Appends the buffered lines.
  public func flush() throws { try file.flush() }

  private func append(kind: String, fields: [String: JSONValue], logs: [String: Double]) {
    precondition(
      logs.keys.allSatisfy { !MetricsJSONLog.reservedKeys.contains($0) }, "reserved key in logs: \(logs.keys)"
    )
    var object = fields
    object["kind"] = .string(kind)
    for (key, value) in logs { object[key] = .double(value) }
    file.append(JSONValue.object(object).compact + "\n")
  }
}
