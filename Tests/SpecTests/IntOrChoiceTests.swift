import Spec
import Testing

/// `update_freq` takes Keras's forms: `epoch`, `batch` or a number of batches.
@Suite struct IntOrChoiceTests {
  func callback(_ flow: String) throws -> Component {
    try load(mlpSpec + "callbacks: [\(flow)]\n").spec.callbacks[0]
  }

  @Test func acceptsKerasForms() throws {
    #expect(try callback("tensorboard").value("update_freq") == .string("epoch"))
    #expect(try callback("{type: tensorboard, update_freq: batch}").value("update_freq") == .string("batch"))
    #expect(try callback("{type: tensorboard, update_freq: 100}").value("update_freq") == .int(100))
  }

  @Test func rejectsOtherWordsAndZero() {
    let word = diagnostics(mlpSpec + "callbacks: [{type: tensorboard, update_freq: weekly}]\n")
    #expect(word?.contains("an integer or 'epoch' or 'batch'") == true)
    let zero = diagnostics(mlpSpec + "callbacks: [{type: tensorboard, update_freq: 0}]\n")
    #expect(zero?.contains("update_freq") == true)
  }
}
