import Foundation
import NN
import Tensors
import Testing
import _TestSupport

/// Keras's `ReLU`, `LeakyReLU`, `PReLU` and `Softmax` layers: gradients by finite differences,
/// forward values against numpy run by the test, parameter counts and summary names as Keras's.
@Suite struct ActivationLayerTests {
  static func layers() -> [any Layer] {
    [
      RectifierLayer(reluNamed: "re_lu"),
      RectifierLayer(reluNamed: "re_lu_1", maxValue: 0.9, negativeSlope: 0.5, threshold: 0.24),
      RectifierLayer(reluNamed: "re_lu_2", negativeSlope: 0.1),
      RectifierLayer(reluNamed: "re_lu_3", maxValue: 6),
      RectifierLayer(leakyReluNamed: "leaky_re_lu"),
      PReLULayer(name: "p", config: PReLUConfig(alphaInitializer: .randomUniform(minval: 0.1, maxval: 0.5))),
      PReLULayer(
        name: "p_shared",
        config: PReLUConfig(alphaInitializer: .randomUniform(minval: 0.1, maxval: 0.5), sharedAxes: [1, 2])),
      ActivationLayer(softmaxNamed: "softmax"),
    ]
  }

  // Values 0.05 + 0.13k: at least 0.05 from every kink (0, 0.24, 0.9) for step 1e-2. The
  // rectifier jumps at a positive threshold (from 0 to the threshold), as Keras's does.
  @Test(arguments: 0..<8) func gradients(_ k: Int) throws {
    let layer = Self.layers()[k]
    let x = separatedTensor([2, 3, 2, 4], "act-layer-\(k)", spacing: 0.13, offset: 0.05)
    let check = try GradientCheck.check(layer: layer, inputs: [x], step: 1e-2)
    #expect(check.passed, "\(layer.name): \(check)")
  }

  @Test func preluParameters() throws {
    let shared = PReLULayer(name: "p", config: PReLUConfig(sharedAxes: [1, 2]))
    #expect(shared.parameterCount(inputShapes: [[8, 8, 3]]) == (3, 0))
    #expect(try shared.alphaShape(for: [8, 8, 3]) == [1, 1, 3])
    let full = PReLULayer(name: "q")
    #expect(full.parameterCount(inputShapes: [[8, 8, 3]]) == (192, 0))
    try full.build(inputShapes: [[8, 8, 3]], maxBatchSize: 2, context: LayerContext(seed: 1))
    #expect(full.parameters.map(\.name) == ["q/alpha"])
    #expect(full.parameters[0].trainable)
    #expect(full.parameters[0].value.toArray().allSatisfy { $0 == 0 })  // Keras's zeros default
    #expect(throws: ShapeError.self) {
      _ = try PReLULayer(name: "bad", config: PReLUConfig(sharedAxes: [3])).outputShape(for: [[5, 4]])
    }
    #expect(throws: ShapeError.self) {
      _ = try PReLULayer(name: "bad", config: PReLUConfig(alphaInitializer: .orthogonal())).outputShape(for: [
        [5]
      ])
    }
  }

  @Test func softmaxOnlyOnTheLastAxis() throws {
    #expect(try ActivationLayer(softmaxNamed: "s", axis: 3).outputShape(for: [[4, 4, 2]]) == [4, 4, 2])
    do {
      _ = try ActivationLayer(softmaxNamed: "s", axis: 1).outputShape(for: [[4, 4, 2]])
      Issue.record("axis 1 accepted")
    } catch {
      #expect("\(error)".contains("only the last axis"), "\(error)")
      #expect("\(error)".contains("'s'"), "\(error)")
    }
  }

  /// Forward values of every layer on the same input against numpy (float64, Keras's formulas).
  @Test func forwardMatchesNumPy() throws {
    let x = separatedTensor([2, 2, 2, 3], "act-forward", spacing: 0.37, offset: 0.05)
    let alpha: [Float] = [0.1, 0.2, 0.3]
    var outputs: [[Float]] = []
    for layer in [
      RectifierLayer(reluNamed: "a", maxValue: 1.5, negativeSlope: 0.5, threshold: 0.4),
      RectifierLayer(leakyReluNamed: "b") as any Layer,
      PReLULayer(name: "c", config: PReLUConfig(sharedAxes: [1, 2])),
      ActivationLayer(softmaxNamed: "d"),
    ] {
      try layer.build(inputShapes: [[2, 2, 3]], maxBatchSize: 2, context: LayerContext(seed: 1))
      if let prelu = layer as? PReLULayer {
        prelu.parameters[0].value.copy(from: Tensor(shape: [1, 1, 3], values: alpha))
      }
      outputs.append(layer.forward([x], training: false, context: LayerContext(seed: 1)).toArray())
    }
    let code = """
      import json, sys
      import numpy as np
      x = np.array(json.loads(sys.argv[1]), dtype=np.float64).reshape(2, 2, 2, 3)
      relu = np.where(x > 0.4, np.minimum(x, 1.5), 0.5 * (x - 0.4))
      leaky = np.where(x > 0, x, 0.3 * x)
      alpha = np.array([0.1, 0.2, 0.3]).reshape(1, 1, 3)
      prelu = np.maximum(x, 0) - alpha * np.maximum(-x, 0)
      e = np.exp(x - x.max(axis=-1, keepdims=True))
      softmax = e / e.sum(axis=-1, keepdims=True)
      print(json.dumps([a.ravel().tolist() for a in (relu, leaky, prelu, softmax)]))
      """
    let result = try TestPython.run(code: code, arguments: ["\(x.toArray())"])
    #expect(result.status == 0, "\(result.stderr)")
    let expected = try JSONDecoder().decode([[Double]].self, from: Data(result.stdout.utf8))
    #expect(expected.count == 4)
    for (k, reference) in expected.enumerated() {
      #expect(allClose(outputs[k], reference, relative: 1e-6, absolute: 1e-7), "layer \(k)")
    }
  }

  @Test func summaryNames() throws {
    let nodes = [
      GraphNode(.relu()), GraphNode(.leakyRelu()), GraphNode(.prelu(PReLUConfig(sharedAxes: [1, 2]))),
      GraphNode(.softmax()),
    ]
    let graph = try Graph(inputShape: [8, 8, 3], nodes: nodes, seed: 1)
    let text = ModelSummary(graph: graph).renderText(modelName: "m", batchSize: 4)
    for row in ["relu (ReLU)", "leaky_relu (LeakyReLU)", "prelu (PReLU)", "softmax (Softmax)"] {
      #expect(text.contains(row), "\(row)\n\(text)")
    }
    #expect(text.contains(" Total params: 3 "), "\(text)")
  }

  /// A model ending in log_softmax is not taken for one ending in softmax: crossentropy is
  /// computed on its outputs as given (Keras caches logits only for softmax and sigmoid).
  @Test func logSoftmaxIsNotSoftmaxLogits() throws {
    let graph = try Graph(
      inputShape: [4], nodes: [GraphNode(.dense(DenseConfig(units: 3, activation: .logSoftmax)))], seed: 2)
    graph.build(maxBatchSize: 2)
    let x = Tensor(shape: [2, 4], values: [0.1, 0.5, -0.3, 0.2, 1, -1, 0.5, 0.25])
    let y = graph.forward(x, training: true)
    let targets = Tensor(shape: [2], values: [0, 2])
    let loss = Loss(.sparseCategoricalCrossentropy)
    let expected = loss.compute(predictions: y, targets: targets, sampleWeights: nil)
    #expect(graph.loss(loss, targets: targets) == expected)
  }
}
