import NN
import Spec
import Tensors
import Testing
import YAML

@testable import Runner

/// The activations, the activation layers (`relu`, `leaky_relu`, `prelu`, `softmax`) and the
/// initializers through the spec: arguments, Keras defaults, parameter counts and errors at their
/// positions.
@Suite("ModelBuilder: activations and initializers")
struct ModelBuilderActivationTests {
  func nodes(_ model: String) throws -> [GraphNode] {
    let loaded = try ModelBuilderFixtures.load(model: model)
    return try ModelBuilder.graphNodes(loaded.spec.model!, source: loaded.source)
  }

  /// The diagnostics of building `model` (the spec itself must load).
  func buildErrors(_ model: String, input: Shape) throws -> [Diagnostic] {
    let loaded = try ModelBuilderFixtures.load(model: model)
    do {
      _ = try ModelBuilder.makeGraph(loaded.spec.model!, inputShape: input, seed: 1, source: loaded.source)
    } catch {
      return error.diagnostics
    }
    Issue.record("the model builds:\n\(model)")
    return []
  }

  /// The diagnostics of loading the spec around `model`, which must be invalid.
  func loadErrors(_ model: String) -> [Diagnostic] {
    do throws(DiagnosticList) {
      _ = try loadSpec(text: ModelBuilderFixtures.spec(model: model), name: "specs/test.yaml")
    } catch {
      return error.diagnostics
    }
    Issue.record("the spec loads:\n\(model)")
    return []
  }

  @Test func everyActivationNameIsAvailable() throws {
    #expect(Set(Schemas.activations) == Set(Activation.allCases.map(\.rawValue)))
    #expect(Schemas.activations.count == Activation.allCases.count)
    for name in Schemas.activations {
      let n = try nodes(
        "input: [4]\nlayers:\n  - {type: dense, units: 2, activation: \(name)}\n  - {type: activation, activation: \(name)}"
      )
      #expect(n[0].layer == .dense(DenseConfig(units: 2, activation: Activation(rawValue: name)!)))
      #expect(n[1].layer == .activation(Activation(rawValue: name)!))
    }
  }

  @Test func activationLayerArguments() throws {
    let n = try nodes(
      """
      input: [8, 8, 3]
      layers:
        - relu
        - {type: relu, max_value: 6, negative_slope: 0.1, threshold: 0.5}
        - leaky_relu
        - {type: leaky_relu, negative_slope: 0.01}
        - prelu
        - {type: prelu, shared_axes: [1, 2], alpha_initializer: {type: constant, value: 0.25}, alpha_regularizer: {l2: 0.01}}
        - softmax
        - {type: softmax, axis: 3}
      """)
    #expect(n[0].layer == .relu(maxValue: nil, negativeSlope: 0, threshold: 0))
    #expect(n[1].layer == .relu(maxValue: 6, negativeSlope: 0.1, threshold: 0.5))
    #expect(n[2].layer == .leakyRelu(negativeSlope: 0.3))  // the layer's default, not the activation's 0.2
    #expect(n[3].layer == .leakyRelu(negativeSlope: 0.01))
    #expect(n[4].layer == .prelu(PReLUConfig(alphaInitializer: .zeros)))
    #expect(
      n[5].layer
        == .prelu(
          PReLUConfig(
            alphaInitializer: .constant(value: 0.25), alphaRegularizer: Regularizer(l1: 0, l2: 0.01),
            sharedAxes: [1, 2])))
    #expect(n[6].layer == .softmax(axis: -1))
    #expect(n[7].layer == .softmax(axis: 3))
    let loaded = try ModelBuilderFixtures.load(
      model:
        "input: [8, 8, 3]\nlayers:\n  - {type: prelu, shared_axes: [1, 2]}\n  - prelu\n  - {type: softmax, axis: 3}"
    )
    let graph = try ModelBuilder.makeGraph(
      loaded.spec.model!, inputShape: [8, 8, 3], seed: 1, source: loaded.source)
    let summary = ModelSummary(graph: graph)
    #expect(summary.rows.map(\.parameters) == [3, 192, 0])  // Keras: alpha (1, 1, 3), then (8, 8, 3)
  }

  @Test func activationLayerErrors() throws {
    let slope = loadErrors("input: [4]\nlayers:\n  - {type: leaky_relu, negative_slope: -0.1}")
    #expect(slope.first?.keyPath == "model.layers.0.negative_slope")
    let cap = loadErrors("input: [4]\nlayers:\n  - {type: relu, max_value: -1}")
    #expect(cap.first?.keyPath == "model.layers.0.max_value")
    let axis = try buildErrors("input: [4, 3]\nlayers:\n  - {type: softmax, axis: 1}", input: [4, 3])
    #expect(axis.first?.message.contains("softmax 'softmax'") == true)
    #expect(axis.first?.message.contains("only the last axis") == true)
    #expect(axis.first?.mark?.line == 6)
    let shared = try buildErrors(
      "input: [4, 3]\nlayers:\n  - {type: prelu, shared_axes: [3]}", input: [4, 3])
    #expect(shared.first?.message.contains("shared_axes") == true)
  }

  /// Keras's class names and its own snake_case (`re_lu`) point to the registered types.
  @Test(arguments: [
    ("ReLU", "relu"), ("re_lu", "relu"), ("LeakyReLU", "leaky_relu"), ("leaky_re_lu", "leaky_relu"),
    ("PReLU", "prelu"), ("p_re_lu", "prelu"), ("Softmax", "softmax"),
  ])
  func kerasClassNamesAreHinted(_ written: String, _ type: String) {
    let d = loadErrors("input: [4]\nlayers:\n  - {type: \(written)}")
    #expect(d.first?.suggestion == type, "\(d)")
    #expect(d.first?.message.contains("'\(type)'") == true)
  }

  @Test func initializerArguments() throws {
    let n = try nodes(
      """
      input: [4]
      layers:
        - {type: dense, units: 4, kernel_initializer: orthogonal, bias_initializer: {type: constant, value: 0.1}}
        - {type: dense, units: 4, kernel_initializer: {type: orthogonal, gain: 2}, bias_initializer: constant}
        - {type: dense, units: 4, kernel_initializer: {type: identity, gain: 0.5}}
        - {type: dense, units: 4, kernel_initializer: identity}
        - {type: dense, units: 4, kernel_initializer: truncated_normal}
        - {type: dense, units: 4, kernel_initializer: {type: truncated_normal, mean: 1, stddev: 0.2}}
        - {type: dense, units: 4, kernel_initializer: random_uniform}
        - {type: dense, units: 4, kernel_initializer: {type: random_uniform, minval: 0, maxval: 2}}
        - {type: dense, units: 4, kernel_initializer: variance_scaling}
        - {type: dense, units: 4, kernel_initializer: {type: variance_scaling, scale: 2, mode: fan_avg, distribution: uniform}}
        - {type: dense, units: 4, kernel_initializer: lecun_uniform}
      """)
    let expected: [(Initializer, Initializer)] = [
      (.orthogonal(gain: 1), .constant(value: 0.1)), (.orthogonal(gain: 2), .constant(value: 0)),
      (.identity(gain: 0.5), .zeros), (.identity(gain: 1), .zeros),
      (.truncatedNormal(mean: 0, stddev: 0.05), .zeros), (.truncatedNormal(mean: 1, stddev: 0.2), .zeros),
      (.randomUniform(minval: -0.05, maxval: 0.05), .zeros), (.randomUniform(minval: 0, maxval: 2), .zeros),
      (.varianceScaling(scale: 1, mode: .fanIn, distribution: .truncatedNormal), .zeros),
      (.varianceScaling(scale: 2, mode: .fanAvg, distribution: .uniform), .zeros), (.lecunUniform, .zeros),
    ]
    for (node, (kernel, bias)) in zip(n, expected) {
      guard case .dense(let c) = node.layer else {
        Issue.record("\(node.layer)")
        continue
      }
      #expect(c.kernelInitializer == kernel)
      #expect(c.biasInitializer == bias)
    }
  }

  @Test func initializerErrorsAreReportedAtTheArgument() throws {
    let identity = try buildErrors(
      "input: [8, 8, 1]\nlayers:\n  - {type: conv2d, filters: 2, kernel_size: 3, kernel_initializer: identity}",
      input: [8, 8, 1])
    #expect(identity.first?.keyPath == "model.layers.0.kernel_initializer")
    #expect(identity.first?.message.contains("identity needs a 2-D weight") == true)
    #expect(identity.first?.mark?.line == 6)  // the first layer's line
    let orthogonal = try buildErrors(
      "input: [4]\nlayers:\n  - {type: dense, units: 2, bias_initializer: orthogonal}", input: [4])
    #expect(orthogonal.first?.keyPath == "model.layers.0.bias_initializer")
    #expect(orthogonal.first?.message.contains("rank 2 or more") == true)
    let bounds = loadErrors(
      "input: [4]\nlayers:\n  - {type: dense, units: 2, kernel_initializer: {type: random_uniform, minval: 1, maxval: 1}}"
    )
    #expect(bounds.first?.message.contains("maxval must be greater than minval") == true)
    let mode = loadErrors(
      "input: [4]\nlayers:\n  - {type: dense, units: 2, kernel_initializer: {type: variance_scaling, mode: fan_max}}"
    )
    #expect(mode.first?.keyPath?.hasSuffix("mode") == true, "\(mode)")
  }
}
