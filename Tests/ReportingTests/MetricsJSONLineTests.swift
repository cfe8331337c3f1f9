import Foundation
import Testing

@testable import Reporting

/// `metrics.jsonl` lines written byte by byte equal `JSONValue.object(...).compact`, the encoder
/// they were written with before: key order, escapes, non-finite numbers, integers.
@Suite struct MetricsJSONLineTests {
  @Test func linesEqualTheJSONValueEncoding() throws {
    let folder = try makeTemporaryFolder()
    let log = try MetricsJSONLog(url: folder.appendingPathComponent("metrics.jsonl"))
    let logSets: [[String: Double]] = [
      ["loss": 0.5, "accuracy": 0.875],
      ["loss": .nan, "val_loss": .infinity, "mae": -.infinity, "lr": 1e-05],
      ["Zeta": 1, "alpha": -0.0, "é": 2.5, "a\"b\\c\n": 3, "tab\tkey": 1e300, "ü_loss": 5e-324],
      [:],
    ]
    var expected = ""
    for (i, logs) in logSets.enumerated() {
      log.recordBatch(epoch: i, step: 10 * i + 3, logs: logs)
      log.recordEpoch(epoch: i, logs: logs)
      var batch: [String: JSONValue] = ["epoch": .int(i), "step": .int(10 * i + 3), "kind": .string("batch")]
      var epoch: [String: JSONValue] = ["epoch": .int(i), "kind": .string("epoch")]
      for (k, v) in logs {
        batch[k] = .double(v)
        epoch[k] = .double(v)
      }
      expected += JSONValue.object(batch).compact + "\n" + JSONValue.object(epoch).compact + "\n"
    }
    try log.flush()
    let text = try String(contentsOf: log.url, encoding: .utf8)
    #expect(text == expected)
    // And Python-style, as before: keys sorted, compact separators.
    #expect(text.hasPrefix("{\"accuracy\":0.875,\"epoch\":0,\"kind\":\"batch\",\"loss\":0.5,\"step\":3}\n"))
  }
}
