import Foundation
import Testing

@testable import Reporting

@Suite struct MetricsLogTests {
  // Golden bytes: what Keras's CSVLogger writes for these logs, reproduced with Python's
  // `csv.DictWriter(f, fieldnames=["epoch"] + sorted(first_logs), dialect=csv.excel)` and
  // `logs.get(key, "NA")` exactly as keras/src/callbacks/csv_logger.py does (CRLF line ends).
  @Test func metricsCSVMatchesKerasCSVLogger() throws {
    let folder = try makeTemporaryFolder()
    let log = try MetricsCSVLog(url: folder.appendingPathComponent("metrics.csv"))
    #expect(try readText(log.url) == "")
    try log.append(
      epoch: 0,
      logs: ["loss": 0.6931471805599453, "accuracy": 0.5, "val_loss": 0.7, "val_accuracy": 0.25, "lr": 0.001])
    try log.flush()
    #expect(
      try readText(log.url)
        == "epoch,accuracy,loss,lr,val_accuracy,val_loss\r\n0,0.5,0.6931471805599453,0.001,0.25,0.7\r\n")
    try log.append(epoch: 1, logs: ["loss": .nan, "accuracy": 0.75, "val_loss": .infinity, "lr": 1e-05])
    try log.flush()
    let expected =
      "epoch,accuracy,loss,lr,val_accuracy,val_loss\r\n0,0.5,0.6931471805599453,0.001,0.25,0.7\r\n"
      + "1,0.75,nan,1e-05,NA,inf\r\n"
    #expect(try readText(log.url) == expected)
    #expect(try filesUnder(folder) == ["metrics.csv"])
  }

  @Test func expectedValidationColumnsAreAppendedAsKerasDoes() throws {
    let folder = try makeTemporaryFolder()
    let log = try MetricsCSVLog(
      url: folder.appendingPathComponent("m.csv"), expectedColumns: ["val_loss", "loss"])
    try log.append(epoch: 0, logs: ["loss": 1.0])
    try log.flush()
    try log.append(epoch: 1, logs: ["loss": 0.5, "val_loss": 0.75])
    try log.flush()
    #expect(try readText(log.url) == "epoch,loss,val_loss\r\n0,1.0,NA\r\n1,0.5,0.75\r\n")
  }

  @Test func aLateMetricBecomesANewColumnWithNAInEarlierRows() throws {
    let folder = try makeTemporaryFolder()
    let log = try MetricsCSVLog(url: folder.appendingPathComponent("m.csv"))
    try log.append(epoch: 0, logs: ["loss": 1.0])
    try log.flush()
    try log.append(epoch: 1, logs: ["loss": 0.5, "lr": 0.01, "accuracy": 0.5])
    try log.flush()
    #expect(try readText(log.url) == "epoch,loss,accuracy,lr\r\n0,1.0,NA,NA\r\n1,0.5,0.5,0.01\r\n")
  }

  /// A resumed run reads metrics.csv back: the same columns and rows, NA as an absent key, and
  /// numbers exactly as they were (Python's repr round-trips float64).
  @Test func metricsCSVReadsBackWhatItWrote() throws {
    let folder = try makeTemporaryFolder()
    let url = folder.appendingPathComponent("m.csv")
    let log = try MetricsCSVLog(url: url, expectedColumns: ["val_loss"])
    try log.append(epoch: 0, logs: ["loss": 0.1 + 0.2, "lr": 1e-05])
    try log.append(epoch: 1, logs: ["loss": .nan, "lr": 3e-300, "val_loss": -.infinity])
    try log.flush()
    let back = try MetricsCSVLog(resuming: url, expectedColumns: ["val_loss"])
    #expect(back.columns == log.columns)
    #expect(back.rows.count == 2)
    #expect(back.rows[0].logs == ["loss": 0.1 + 0.2, "lr": 1e-05])
    #expect(back.rows[1].logs["loss"]!.isNaN && back.rows[1].logs["val_loss"] == -.infinity)
    try back.append(epoch: 2, logs: ["loss": 0.5, "lr": 1e-05, "val_loss": 0.25])
    try back.flush()
    #expect(try readText(url).hasSuffix("\r\n2,0.5,1e-05,0.25\r\n"))
  }

  @Test func jsonLinesAreValidAndFlushedOnlyOnFlush() throws {
    let folder = try makeTemporaryFolder()
    let log = try MetricsJSONLog(url: folder.appendingPathComponent("metrics.jsonl"))
    log.recordBatch(epoch: 0, step: 0, logs: ["loss": 2.5])
    log.recordBatch(epoch: 0, step: 1, logs: ["loss": .nan])
    #expect(try readText(log.url) == "")
    log.recordEpoch(epoch: 0, logs: ["loss": .infinity, "val_loss": -.infinity, "accuracy": 0.1])
    try log.flush()
    let lines = try readText(log.url).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(
      lines == [
        #"{"epoch":0,"kind":"batch","loss":2.5,"step":0}"#,
        #"{"epoch":0,"kind":"batch","loss":"NaN","step":1}"#,
        #"{"accuracy":0.1,"epoch":0,"kind":"epoch","loss":"Infinity","val_loss":"-Infinity"}"#,
        "",
      ])
    for line in lines.dropLast() { #expect(try parseJSON(String(line)) is [String: Any]) }
  }

  @Test func learningRateHistoryAndPerParameterSummaries() throws {
    let folder = try RunFolder.create(at: try makeTemporaryFolder().appendingPathComponent("run"))
    let log = try LearningRateLog(folder: folder, perParameter: true)
    #expect(try readText(log.url) == "step,epoch,lr\n")
    log.record(step: 0, epoch: 0, lr: 0.001)
    log.record(step: 1, epoch: 0, lr: 1e-05)
    let values: [Float] = [3.0, -1.0, 7.5, 2.0, 0.25, 10.0, 4.0]
    values.withUnsafeBufferPointer { log.record(step: 1, parameter: "dense/kernel", values: $0) }
    try log.flush()
    #expect(try readText(log.url) == "step,epoch,lr\n0,0,0.001\n1,0,1e-05\n")
    // np.min, np.percentile(x, [5, 50, 95]), np.max of float32 x: -1.0 [-0.625, 3.0, 9.249999999999998] 10.0
    #expect(
      try readText(log.perParameter!.url)
        == "step,parameter,min,p5,p50,p95,max\n1,dense/kernel,-1.0,-0.625,3.0,9.249999999999998,10.0\n")
  }

  @Test func percentilesOfNaNOrNothingAreNaN() {
    var scratch: [Float] = []
    let nanSummary = [Float(1), .nan].withUnsafeBufferPointer {
      PercentileSummary(values: $0, scratch: &scratch)
    }
    #expect(nanSummary.p50.isNaN && nanSummary.min.isNaN && nanSummary.max.isNaN)
    let empty = [Float]().withUnsafeBufferPointer { PercentileSummary(values: $0, scratch: &scratch) }
    #expect(empty.p5.isNaN)
    let one = [Float(4)].withUnsafeBufferPointer { PercentileSummary(values: $0, scratch: &scratch) }
    #expect(one == PercentileSummary(min: 4, p5: 4, p50: 4, p95: 4, max: 4))
  }
}
