import Foundation
import Optimizers
import Testing
import Training

@testable import Reporting

/// `state.safetensors` keeps a state exactly and refuses a damaged one.
@Suite struct TrainingStateFileTests {
  static let state = TrainingState(
    epoch: 3, stepInEpoch: 5, globalStep: 41, pass: 3, nextBatch: 5, graphTrainingStep: 41,
    lossSum: 0.1 + 0.2, seen: 80, metricAccumulators: [[7, 80], [.nan, -.infinity]],
    weights: ["dense/kernel": [1, -2.5, .leastNonzeroMagnitude], "dense/bias": [0]],
    optimizer: OptimizerState(
      iterations: 41, learningRate: 0.001, slots: ["dense/kernel/m": [0.5, 0.25, 0], "adam/x": [3]], epoch: 3,
      lastAppliedLearningRate: 0.001),
    callbacks: [
      "1/early_stopping": CallbackState(
        numbers: ["best": 0.123456789012345678, "wait": 2], names: [:], weights: ["dense/bias": [4]]),
      "2/model_checkpoint": CallbackState(numbers: ["best": .infinity], names: ["saved": ["a.safetensors"]]),
    ],
    stopReason: "early_stopping")

  @Test func roundTripsExactly() throws {
    let file = TrainingStateFile(state: Self.state, logLengths: ["metrics.csv": 120, "metrics.jsonl": 0], specHash: "ab")
    let back = try TrainingStateFile(decoding: file.encoded(), source: "state")
    #expect(back.state.metricAccumulators[1][0].isNaN)
    var expected = Self.state
    var got = back.state
    expected.metricAccumulators[1][0] = 0
    got.metricAccumulators[1][0] = 0
    #expect(got == expected)
    #expect(back.logLengths == file.logLengths)
    #expect(back.specHash == "ab")
  }

  /// A slot torn by a kill (a prefix, or new bytes over old ones) fails to decode.
  @Test func aTornOrAlteredFileIsRefused() throws {
    let bytes = TrainingStateFile(state: Self.state, logLengths: [:], specHash: "ab").encoded()
    #expect(throws: (any Error).self) { try TrainingStateFile(decoding: Array(bytes.prefix(bytes.count - 3)), source: "s") }
    var altered = bytes
    altered[altered.count - 2] ^= 0x40
    #expect(throws: (any Error).self) { try TrainingStateFile(decoding: altered, source: "s") }
  }
}
