import Testing

@testable import Spec

/// The seeds' per-epoch learning-rate rule, applied as Keras's `LearningRateScheduler` applies it.
@Suite struct ExpressionScheduleTests {
  /// Float32 bit patterns of the learning rate in effect during epochs 0...99, printed by
  /// `scripts/reference/expression_schedule.py` (numpy float32; it follows
  /// `keras/src/callbacks/learning_rate_scheduler.py`). Epochs 0-49 hold 0.001 (0x3a83126f);
  /// epoch 50 is 0.00090483745, epoch 99 is 0.0000067379483.
  static let keras: [UInt32] = [
    0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f,
    0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f,
    0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f,
    0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f,
    0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f,
    0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f,
    0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f,
    0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f, 0x3a83126f,
    0x3a83126f, 0x3a83126f, 0x3a6d329d, 0x3a56a018, 0x3a423379, 0x3a2fb86b,
    0x3a1eff96, 0x3a0fde21, 0x3a022d47, 0x39eb93ea, 0x39d528db, 0x39c0dff1,
    0x39ae8533, 0x399de99a, 0x398ee299, 0x398149af, 0x3969f80c, 0x3953b42f,
    0x393f8ebc, 0x392d5415, 0x391cd585, 0x390de8ca, 0x390067a6, 0x38e85eff,
    0x38d2420f, 0x38be3fd5, 0x38ac250d, 0x389bc353, 0x388cf0af, 0x387f0e4e,
    0x3866c8bb, 0x3850d275, 0x383cf336, 0x382af815, 0x381ab300, 0x380bfa47,
    0x37fd5064, 0x37e53540, 0x37cf655f, 0x37bba8de, 0x37a9cd2d, 0x3799a489,
    0x378b058d, 0x377b9584, 0x3763a485, 0x374dfac7, 0x373a60c8, 0x3728a44f,
    0x371897ec, 0x370a1280, 0x36f9ddac, 0x36e21689,
  ]

  /// At each epoch's beginning Keras reads the optimizer's float32 learning rate as a Python float,
  /// calls `schedule(epoch, lr)` in float64 and assigns the result back to the float32 variable.
  @Test func seedRuleMatchesKerasBitForBit() throws {
    let rule = try Expression.parse(
      "epoch < 50 ? lr : lr * exp(-0.1)", variables: ["epoch", "step", "lr", "initial_lr"])
    let initial = 0.001
    var variable = Float(initial)  // the optimizer's float32 learning-rate variable
    for epoch in 0..<100 {
      let next = rule.evaluate([Double(epoch), 0, Double(variable), initial])
      variable = Float(next)
      #expect(variable.bitPattern == Self.keras[epoch], "epoch \(epoch): got \(variable)")
    }
  }
}
