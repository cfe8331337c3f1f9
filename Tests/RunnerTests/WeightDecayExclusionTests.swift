import Optimizers
import Spec
import Tensors
import Testing
import YAML

@testable import Runner

/// `exclude_from_weight_decay`: Keras's regular expressions over each parameter's own name.
@Suite struct WeightDecayExclusionTests {
  /// One AdamW step with zero gradients leaves only the decay: w·(1 − lr·wd) where it applies.
  @Test func adamWSkipsBiasesAndNormalizationParameters() throws {
    let optimizer = try buildOptimizer(
      "{type: adamw, learning_rate: 0.1, weight_decay: 0.5, exclude_from_weight_decay: [bias, '^gamma$|^beta$']}")
    let names = ["dense/kernel", "dense/bias", "bn/gamma", "bn/beta", "biased/kernel", "conv_gamma/kernel"]
    let parameters = names.map { Parameter(name: $0, value: Tensor(shape: [2], values: [1, -2])) }
    optimizer.apply(to: parameters)
    let decayed: [Float] = [1 - 0.05, -2 * (1 - 0.05)]
    for p in parameters {
      // The search is in the own name: `biased/kernel` and `conv_gamma/kernel` are kernels.
      let excluded = ["dense/bias", "bn/gamma", "bn/beta"].contains(p.name)
      #expect(Array(p.value.buffer) == (excluded ? [1, -2] : decayed), "\(p.name)")
    }
  }

  @Test func withoutExclusionsEveryParameterDecays() throws {
    let optimizer = try buildOptimizer("{type: sgd, learning_rate: 0.1, weight_decay: 0.5}")
    let bias = Parameter(name: "dense/bias", value: Tensor(shape: [1], values: [2]))
    optimizer.apply(to: [bias])
    #expect(bias.value.buffer[0] == 2 * (1 - Float(0.05)))
  }

  @Test func theFloat64PathAgrees() throws {
    let optimizer = try buildOptimizer(
      "{type: adamw, learning_rate: 0.1, weight_decay: 0.5, exclude_from_weight_decay: ['^b']}")
    func oneStep(_ name: String) throws -> Double {
      let fresh = try buildOptimizer(
        "{type: adamw, learning_rate: 0.1, weight_decay: 0.5, exclude_from_weight_decay: ['^b']}")
      var point = [2.0]
      Optimizer64(fresh, dimension: 1, parameterName: name).apply(to: &point, gradient: [0])
      return point[0]
    }
    #expect(try oneStep("d/bias") == 2)
    #expect(try oneStep("d/kernel") == 2 * (1 - 0.05))
    _ = optimizer
  }

  @Test func anInvalidPatternIsASpecErrorAtTheArgument() throws {
    let error = #expect(throws: DiagnosticList.self) {
      _ = try buildOptimizer("{type: adamw, exclude_from_weight_decay: [bias, 'gamma(']}")
    }
    let message = error?.diagnostics.first?.message ?? ""
    #expect(message.hasPrefix("exclude_from_weight_decay[1] 'gamma(' is not a regular expression"), "\(message)")
    #expect(error?.diagnostics.first?.keyPath == "optimizer.exclude_from_weight_decay")
    #expect(error?.diagnostics.first?.mark?.column == 53)  // the list
  }

  @Test func exclusionsWithoutWeightDecayAreAnError() throws {
    let error = #expect(throws: DiagnosticList.self) {
      _ = try buildOptimizer("{type: adam, exclude_from_weight_decay: [bias]}")
    }
    #expect(error?.diagnostics.first?.message.contains("has no effect without weight_decay") == true)
  }
}
