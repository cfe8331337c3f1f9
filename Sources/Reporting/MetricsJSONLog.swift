import Foundation

/// `metrics.jsonl`: one JSON object per line, per batch and per epoch.
///
/// Batch lines are `{"epoch":0,"kind":"batch","loss":0.5,"step":0,...}` and epoch lines
/// `{"epoch":0,"kind":"epoch","loss":0.5,"val_loss":0.6,...}` (keys sorted). `epoch` is 0-based;
/// `step` is the batch's index over the whole run, from 0 (the trainer's `onBatchEnd` step); batch
/// values are what the trainer reports after that batch (Keras reports running means over the
/// epoch). NaN and infinities are the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (see `JSONValue`).
///
/// Lines are buffered in memory and reach the disk on `flush()`, which the run calls at every epoch
/// end; each flush rewrites the whole file atomically, so the file always ends with a whole line.
public final class MetricsJSONLog {
  /// The file.
  public let url: URL
  private var bytes: [UInt8] = []
  private var dirty = false

  /// Keys the log writes itself; logs must not use them.
  public static let reservedKeys: Set<String> = ["kind", "epoch", "step"]

  /// A log writing to `url`; creates the file empty.
  public init(url: URL) throws {
    self.url = url
    try AtomicFile.write(bytes, to: url)
  }

  /// Buffers a batch line.
  public func recordBatch(epoch: Int, step: Int, logs: [String: Double]) {
    append(kind: "batch", fields: ["epoch": .int(epoch), "step": .int(step)], logs: logs)
  }

  /// Buffers an epoch line.
  public func recordEpoch(epoch: Int, logs: [String: Double]) {
    append(kind: "epoch", fields: ["epoch": .int(epoch)], logs: logs)
  }

  /// Writes the buffered lines (atomically rewriting the file) if there are any.
  public func flush() throws {
    guard dirty else { return }
    try AtomicFile.write(bytes, to: url)
    dirty = false
  }

  private func append(kind: String, fields: [String: JSONValue], logs: [String: Double]) {
    precondition(
      logs.keys.allSatisfy { !MetricsJSONLog.reservedKeys.contains($0) }, "reserved key in logs: \(logs.keys)"
    )
    var object = fields
    object["kind"] = .string(kind)
    for (key, value) in logs { object[key] = .double(value) }
    bytes += Array(JSONValue.object(object).compact.utf8)
    bytes.append(UInt8(ascii: "\n"))
    dirty = true
  }
}
