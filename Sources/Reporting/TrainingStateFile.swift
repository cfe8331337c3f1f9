import Foundation
import Optimizers
import Training

/// `state.safetensors`: a run's `TrainingState` plus the lengths its logs had when it was taken,
/// as one safetensors file (any safetensors reader opens it).
///
/// Tensors: `weights/<name>`, `optimizer/<slot key>` and `callbacks/<key>/weights/<name>` (flat
/// float32). `__metadata__`: `format` (`optim-run-state/1`), `spec_hash`, `state` (JSON: counters,
/// log lengths, callback numbers; every float64 as the hex of its bit pattern, so it comes back
/// exactly) and `crc32c` of the tensor data, so a damaged file is refused instead of resumed.
public struct TrainingStateFile: Sendable, Equatable {
  /// The training state.
  public var state: TrainingState
  /// Bytes each log held when the state was taken, by file name (`metrics.csv`, ...).
  public var logLengths: [String: Int]
  /// The hash of the spec the run was training.
  public var specHash: String

  /// The format tag in the metadata.
  public static let format = "optim-run-state/1"

  /// Creates a record.
  public init(state: TrainingState, logLengths: [String: Int], specHash: String) {
    self.state = state
    self.logLengths = logLengths
    self.specHash = specHash
  }

  /// The safetensors file's bytes.
  public func encoded() -> [UInt8] {
    var tensors: [String: SafeTensorsFile.Entry] = [:]
    func put(_ name: String, _ values: [Float]) { tensors[name] = .init(shape: [values.count], values: values) }
    for (name, values) in state.weights { put("weights/" + name, values) }
    for (key, values) in state.optimizer.slots { put("optimizer/" + key, values) }
    var callbacks: [String: JSONValue] = [:]
    for (key, c) in state.callbacks {
      for (name, values) in c.weights ?? [:] { put("callbacks/\(key)/weights/\(name)", values) }
      callbacks[key] = .object([
        "numbers": .object(c.numbers.mapValues(Self.exact)),
        "names": .object(c.names.mapValues { .array($0.map(JSONValue.string)) }),
        "has_weights": .bool(c.weights != nil),
      ])
    }
    let s = state
    let o = s.optimizer
    let json = JSONValue.object([
      "epoch": .int(s.epoch), "step_in_epoch": .int(s.stepInEpoch), "global_step": .int(s.globalStep),
      "pass": .int(s.pass), "next_batch": .int(s.nextBatch), "graph_training_step": .int(s.graphTrainingStep),
      "loss_sum": Self.exact(s.lossSum), "seen": .int(s.seen),
      "metric_accumulators": .array(s.metricAccumulators.map { .array($0.map(Self.exact)) }),
      "optimizer": .object([
        "iterations": .int(o.iterations), "learning_rate": Self.exact(Double(o.learningRate)),
        "epoch": .int(o.epoch),
        "last_applied_learning_rate": o.lastAppliedLearningRate.map { Self.exact(Double($0)) } ?? .null,
      ]),
      "callbacks": .object(callbacks),
      "stop_reason": s.stopReason.map(JSONValue.string) ?? .null,
      "log_lengths": .object(logLengths.mapValues(JSONValue.int)),
    ])
    let file = SafeTensorsFile(
      tensors: tensors,
      metadata: [
        "format": Self.format, "spec_hash": specHash, "state": json.compact,
        "crc32c": String(Self.checksum(tensors)),
      ])
    return file.encoded()
  }

  /// Reads a state file; `source` names it in errors.
  public init(decoding bytes: [UInt8], source: String) throws {
    func fail(_ message: String) -> ReportingError { .io(operation: "read the state", path: source, message: message) }
    let file = try SafeTensorsFile(decoding: bytes, source: source)
    guard file.metadata["format"] == Self.format else {
      throw fail("not an optim-run state file (format \(file.metadata["format"] ?? "missing"))")
    }
    guard file.metadata["crc32c"] == String(Self.checksum(file.tensors)) else {
      throw fail("the checksum does not match: the file is damaged")
    }
    guard let text = file.metadata["state"],
      let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    else { throw fail("the state record is not a JSON object") }
    let reader = StateJSONReader(object: object, fail: fail)
    var weights: [String: [Float]] = [:]
    var slots: [String: [Float]] = [:]
    for (name, entry) in file.tensors {
      if name.hasPrefix("weights/") { weights[String(name.dropFirst(8))] = entry.values }
      if name.hasPrefix("optimizer/") { slots[String(name.dropFirst(10))] = entry.values }
    }
    let o = StateJSONReader(object: try reader.object("optimizer"), fail: fail)
    var callbacks: [String: CallbackState] = [:]
    for (key, value) in try reader.object("callbacks") {
      guard let c = value as? [String: Any] else { throw fail("callback \(key) is not an object") }
      let r = StateJSONReader(object: c, fail: fail)
      let numbersReader = StateJSONReader(object: try r.object("numbers"), fail: fail)
      var numbers: [String: Double] = [:]
      for name in numbersReader.object.keys { numbers[name] = try numbersReader.double(name) }
      var names: [String: [String]] = [:]
      for (name, list) in try r.object("names") {
        guard let strings = list as? [String] else { throw fail("callback \(key): \(name) is not a list of names") }
        names[name] = strings
      }
      var cw: [String: [Float]]?
      if (c["has_weights"] as? Bool) == true {
        let prefix = "callbacks/\(key)/weights/"
        cw = Dictionary(
          uniqueKeysWithValues: file.tensors.filter { $0.key.hasPrefix(prefix) }.map {
            (String($0.key.dropFirst(prefix.count)), $0.value.values)
          })
      }
      callbacks[key] = CallbackState(numbers: numbers, names: names, weights: cw)
    }
    guard let accumulators = reader.object["metric_accumulators"] as? [[String]] else {
      throw fail("metric_accumulators is not a list of lists")
    }
    let lastRate = o.object["last_applied_learning_rate"] is String ? Float(try o.double("last_applied_learning_rate")) : nil
    let optimizer = OptimizerState(
      iterations: try o.int("iterations"), learningRate: Float(try o.double("learning_rate")), slots: slots,
      epoch: try o.int("epoch"), lastAppliedLearningRate: lastRate)
    state = TrainingState(
      epoch: try reader.int("epoch"), stepInEpoch: try reader.int("step_in_epoch"),
      globalStep: try reader.int("global_step"), pass: try reader.int("pass"), nextBatch: try reader.int("next_batch"),
      graphTrainingStep: try reader.int("graph_training_step"), lossSum: try reader.double("loss_sum"),
      seen: try reader.int("seen"),
      metricAccumulators: try accumulators.map { try $0.map { s throws(ReportingError) in
        guard let v = Self.exactValue(s) else { throw fail("bad number \(s)") }
        return v
      } },
      weights: weights, optimizer: optimizer, callbacks: callbacks, stopReason: object["stop_reason"] as? String)
    var lengths: [String: Int] = [:]
    for (name, value) in try reader.object("log_lengths") {
      guard let n = value as? Int, n >= 0 else { throw fail("log length of \(name) is not a count") }
      lengths[name] = n
    }
    logLengths = lengths
    specHash = file.metadata["spec_hash"] ?? ""
  }

  /// A float64 as the hex of its bit pattern (exact, NaN and infinities included).
  static func exact(_ x: Double) -> JSONValue { .string(String(x.bitPattern, radix: 16)) }

  static func exactValue(_ s: String) -> Double? { UInt64(s, radix: 16).map(Double.init(bitPattern:)) }

  /// CRC-32C of every tensor's name and float bits, in name order.
  static func checksum(_ tensors: [String: SafeTensorsFile.Entry]) -> UInt32 {
    var crc: UInt32 = 0
    for name in tensors.keys.sorted() {
      crc = Array(name.utf8).withUnsafeBytes { CRC32C.checksum($0, continuing: crc) }
      crc = tensors[name]!.values.withUnsafeBytes { CRC32C.checksum($0, continuing: crc) }
    }
    return crc
  }
}

/// Typed reads from the state's JSON record, each failing with the key's name.
private struct StateJSONReader {
  let object: [String: Any]
  let fail: (String) -> ReportingError

  func int(_ key: String) throws(ReportingError) -> Int {
    guard let v = object[key] as? Int else { throw fail("'\(key)' is not an integer") }
    return v
  }

  func double(_ key: String) throws(ReportingError) -> Double {
    guard let s = object[key] as? String, let v = TrainingStateFile.exactValue(s) else {
      throw fail("'\(key)' is not an exact number")
    }
    return v
  }

  func object(_ key: String) throws(ReportingError) -> [String: Any] {
    guard let v = object[key] as? [String: Any] else { throw fail("'\(key)' is not an object") }
    return v
  }
}
