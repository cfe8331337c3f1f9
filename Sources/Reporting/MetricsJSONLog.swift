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

  /// Escaped, quoted keys, encoded once (the same few names come back every batch).
  private var quotedKeys: [String: [UInt8]] = [:]

  /// Writes the line as `JSONValue.object(...).compact` would (keys in code-point order, numbers
  /// as Python writes them), straight into the file's buffer: a line per batch.
  private func append(kind: String, fields: [String: JSONValue], logs: [String: Double]) {
    precondition(
      logs.keys.allSatisfy { !MetricsJSONLog.reservedKeys.contains($0) }, "reserved key in logs: \(logs.keys)"
    )
    var entries: [(key: String, value: JSONValue)] = fields.map { ($0.key, $0.value) }
    entries.append(("kind", .string(kind)))
    for (key, value) in logs { entries.append((key, .double(value))) }
    entries.sort { JSONValue.codePointOrder($0.key, $1.key) }
    for (key, _) in entries where quotedKeys[key] == nil {
      quotedKeys[key] = Array(JSONValue.string(key).compact.utf8)
    }
    file.append { line in
      line.append(UInt8(ascii: "{"))
      for (i, entry) in entries.enumerated() {
        if i > 0 { line.append(UInt8(ascii: ",")) }
        line.append(contentsOf: quotedKeys[entry.key]!)
        line.append(UInt8(ascii: ":"))
        switch entry.value {
        case .double(let d) where d.isFinite: PythonFloat.append(d, to: &line)
        case .int(let n): line.append(contentsOf: String(n).utf8)
        default: line.append(contentsOf: entry.value.compact.utf8)
        }
      }
      line.append(contentsOf: "}\n".utf8)
    }
  }
}
