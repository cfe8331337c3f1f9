import NN
import Tensors
import Testing
import _TestSupport

@Suite struct GraphTests {
  @Test func cifarParameterCountAndNames() throws {
    let graph = try Graph(inputShape: [32, 32, 3], nodes: ModelFixtures.cifarCNN, seed: 42)
    #expect(
      graph.layers.map(\.name) == [
        "conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "conv2d_2", "flatten", "dense", "dense_1",
      ])
    #expect(graph.outputShapes[5] == [1024])
    #expect(ModelSummary(graph: graph).totalParameters == 122_570)
    graph.build(maxBatchSize: 2)
    #expect(graph.parameters.reduce(0) { $0 + $1.value.count } == 122_570)
    #expect(
      graph.parameters.map(\.name).prefix(4) == [
        "conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "conv2d_1/bias",
      ])
  }

  /// Keras counts (kh·kw·in + 1)·filters per conv:
  ///   c1   3·3·1·64 + 64     =     640
  ///   c2   3·3·64·128 + 128  =  73,856
  ///   mid  3·3·128·256 + 256 = 295,168
  ///   up1  3·3·384·128 + 128 = 442,496   (256 up-sampled + 128 from c2)
  ///   up2  3·3·192·64 + 64   = 110,656   (128 up-sampled + 64 from c1)
  ///   out  1·1·64·1 + 1      =      65
  ///   total                  = 922,881
  @Test func unetParameterCount() throws {
    let graph = try Graph(inputShape: [128, 128, 1], nodes: ModelFixtures.unet, seed: 1)
    let summary = ModelSummary(graph: graph)
    #expect(summary.totalParameters == 922_881)
    #expect(graph.outputShape == [128, 128, 1])
    #expect(graph.outputShapes[6] == [64, 64, 384])
    #expect(summary.rows[9].inputs == ["up_sampling2d_1", "c1"])
  }

  @Test func denseAfterImageNamesLayerAndShapes() {
    let nodes = [GraphNode(.dense(DenseConfig(units: 4))), GraphNode(.dense(DenseConfig(units: 3)))]
    #expect(throws: GraphError.self) { try Graph(inputShape: [8, 8, 1], nodes: nodes, seed: 0) }
    do {
      _ = try Graph(inputShape: [8, 8, 1], nodes: nodes, seed: 0)
    } catch {
      #expect(error.nodeIndex == 0)
      #expect(
        error.message
          == "dense 'dense': expected a rank-1 input (features), got (8, 8, 1); add a flatten layer")
    }
  }

  /// Sizes from user input are bounded (2^31 elements) before any product of them is trusted.
  @Test func absurdSizesAreGraphErrorsNotTraps() {
    func message(_ input: Shape, _ nodes: [GraphNode]) -> (String, Int?, Bool)? {
      do {
        _ = try Graph(inputShape: input, nodes: nodes, seed: 0)
        return nil
      } catch {
        return (error.message, error.nodeIndex, error.isAboutInput)
      }
    }
    let input = message([1 << 40, 1 << 40, 3], [GraphNode(.flatten)])
    #expect(input?.0 == "the model's input (1099511627776, 1099511627776, 3) has more than 2147483648 elements per example")
    #expect(input?.2 == true)
    let output = message(
      [1000, 1000, 3], [GraphNode(.conv2d(Conv2DConfig(filters: 1 << 20, kernelSize: (3, 3), padding: .same)))])
    #expect(output?.0 == "conv2d 'conv2d': output (1000, 1000, 1048576) has more than 2147483648 elements per example")
    #expect(output?.1 == 0)
    let kernel = message(
      [8, 8, 1 << 24], [GraphNode(.conv2d(Conv2DConfig(filters: 1 << 24, kernelSize: (3, 3), padding: .same)))])
    #expect(
      kernel?.0 == "conv2d 'conv2d': input (8, 8, 16777216): the kernel (3×3×16777216×16777216) would have "
        + "more than 2147483648 elements")
    let dense = message([1 << 30], [GraphNode(.dense(DenseConfig(units: 1 << 30)))])
    #expect(dense?.0 == "dense 'dense': its parameters would have more than 2147483648 elements")
    let reshape = message([6], [GraphNode(.reshape(targetShape: [1 << 31, 1 << 31, 1 << 31, -1]))])
    #expect(reshape?.0 == "reshape 'reshape': target shape (2147483648, 2147483648, 2147483648, -1) has too many elements")
  }

  /// The summary's memory figure saturates at Int.max instead of overflowing.
  @Test func summaryMemorySaturates() throws {
    let graph = try Graph(inputShape: [1 << 30], nodes: [GraphNode(.activation(.relu))], seed: 0)
    let summary = ModelSummary(graph: graph)
    #expect(summary.activationBytes(batchSize: 1) == 4 << 30)
    #expect(summary.activationBytes(batchSize: Int.max / 2) == Int.max)
  }

  @Test func concatenateMismatchNamesBothShapes() {
    let nodes = [
      GraphNode(name: "a", ModelFixtures.conv(4, padding: .same)),
      GraphNode(name: "b", ModelFixtures.conv(2, 2), inputs: ["input"]),
      GraphNode(name: "m4", .concatenate, inputs: ["a", "b"]),
    ]
    do {
      _ = try Graph(inputShape: [32, 32, 3], nodes: nodes, seed: 0)
      Issue.record("expected a shape error")
    } catch {
      #expect(error.nodeIndex == 2)
      #expect(error.message.hasPrefix("concatenate 'm4': inputs have heights 32 and 31"))
      #expect(error.message.contains("(32, 32, 4)") && error.message.contains("(31, 31, 2)"))
    }
  }

  @Test func referenceErrors() {
    let unknown = [GraphNode(ModelFixtures.conv(2)), GraphNode(.add, inputs: ["previous", "c9"])]
    #expect(throws: GraphError(nodeIndex: 1, message: "layer 'add': unknown input 'c9'")) {
      try Graph(inputShape: [8, 8, 1], nodes: unknown, seed: 0)
    }
    let duplicate = [GraphNode(name: "x", .flatten), GraphNode(name: "x", .flatten)]
    #expect(throws: GraphError(nodeIndex: 1, message: "duplicate layer name 'x'")) {
      try Graph(inputShape: [8, 8, 1], nodes: duplicate, seed: 0)
    }
    let tooSmall = [GraphNode(ModelFixtures.conv(2, 5))]
    do {
      _ = try Graph(inputShape: [4, 6, 1], nodes: tooSmall, seed: 0)
      Issue.record("expected a shape error")
    } catch {
      #expect(
        error.message.hasPrefix(
          "conv2d 'conv2d': input (4, 6, 1): window height 5 is larger than the input height 4"))
    }
  }

  @Test func automaticNamesSkipExplicitOnes() throws {
    let nodes = [
      GraphNode(name: "dense", .dense(DenseConfig(units: 2))),
      GraphNode(.dense(DenseConfig(units: 2))),
      GraphNode(.dense(DenseConfig(units: 2))),
    ]
    let graph = try Graph(inputShape: [3], nodes: nodes, seed: 0)
    #expect(graph.layers.map(\.name) == ["dense", "dense_1", "dense_2"])
  }

  /// A small graph with a concatenate skip, an add skip, a tensor feeding three layers, batch
  /// normalization, dropout and an L2 penalty: every parameter gradient against finite differences.
  @Test func skipConnectionsGradient() throws {
    let nodes = [
      GraphNode(
        name: "c1", .conv2d(Conv2DConfig(filters: 3, kernelSize: (3, 3), padding: .same, activation: .tanh))),
      GraphNode(.averagePooling2d(Pooling2DConfig())),
      GraphNode(
        name: "c2",
        .conv2d(
          Conv2DConfig(
            filters: 3, kernelSize: (3, 3), padding: .same, activation: .tanh, kernelRegularizer: .l2(0.05)))),
      GraphNode(.upSampling2d(height: 2, width: 2)),
      GraphNode(name: "sum", .add, inputs: ["previous", "c1"]),
      GraphNode(.concatenate, inputs: ["sum", "c1", "input"]),
      GraphNode(.batchNormalization(BatchNormalizationConfig())),
      GraphNode(.dropout(rate: 0.3)),
      GraphNode(.conv2d(Conv2DConfig(filters: 2, kernelSize: (1, 1), activation: .sigmoid))),
    ]
    let graph = try Graph(inputShape: [6, 4, 2], nodes: nodes, seed: 9)
    graph.build(maxBatchSize: 3)
    let x = randomTensor([3, 6, 4, 2], "graph-x")
    let check = GradientCheck.check(graph: graph, input: x)
    #expect(check.passed, "\(check)")
    #expect(graph.regularizationLoss() > 0)
  }

  @Test func smallerLastBatchUsesViews() throws {
    let graph = try Graph(inputShape: [32, 32, 3], nodes: ModelFixtures.cifarCNN, seed: 42)
    graph.build(maxBatchSize: 4)
    let x = randomTensor([4, 32, 32, 3], "cifar-x")
    let full = graph.forward(x, training: false).toArray()
    let part = graph.forward(x.batchView(start: 0, length: 3), training: false)
    #expect(part.shape == [3, 10])
    // A smaller batch is a smaller GEMM, which OpenBLAS may block differently: equal to rounding.
    #expect(allClose(part.toArray(), Array(full.prefix(30)), relative: 1e-6, absolute: 1e-7))
  }

  @Test func sameSeedSameWeightsAndInsertionDoesNotDisturb() throws {
    func kernels(_ nodes: [GraphNode]) throws -> [String: [Float]] {
      let g = try Graph(inputShape: [5], nodes: nodes, seed: 2024)
      g.build(maxBatchSize: 1)
      return g.parameterValues()
    }
    let a = [
      GraphNode(name: "a", .dense(DenseConfig(units: 4))),
      GraphNode(name: "b", .dense(DenseConfig(units: 3))),
    ]
    let b = [
      GraphNode(name: "a", .dense(DenseConfig(units: 4))),
      GraphNode(name: "extra", .dense(DenseConfig(units: 4))),
      GraphNode(.dropout(rate: 0.5)), GraphNode(name: "b", .dense(DenseConfig(units: 3))),
    ]
    let first = try kernels(a)
    #expect(first == (try kernels(a)))
    let second = try kernels(b)
    #expect(second["a/kernel"] == first["a/kernel"])
    #expect(second["b/kernel"] == first["b/kernel"])
    #expect(second["extra/kernel"] != first["a/kernel"])
    let other = try Graph(inputShape: [5], nodes: a, seed: 2025)
    other.build(maxBatchSize: 1)
    #expect(other.parameterValues()["a/kernel"] != first["a/kernel"])
  }

  @Test func parameterValuesRoundTrip() throws {
    let g = try Graph(inputShape: [3], nodes: [GraphNode(.dense(DenseConfig(units: 2)))], seed: 1)
    g.build(maxBatchSize: 1)
    var values = g.parameterValues()
    values["dense/bias"] = [0.5, -0.5]
    try g.setParameterValues(values)
    #expect(g.parameter(named: "dense/bias")?.value.toArray() == [0.5, -0.5])
    values["dense/bias"] = [1]
    #expect(throws: GraphError.self) { try g.setParameterValues(values) }
  }

  @Test func dropoutIsReproducibleAndAdvancesWithTheStep() throws {
    let g = try Graph(inputShape: [50], nodes: [GraphNode(.dropout(rate: 0.5))], seed: 3)
    g.build(maxBatchSize: 2)
    let x = Tensor(repeating: 1, shape: [2, 50])
    let step0 = g.forward(x, training: true).toArray()
    let step1 = g.forward(x, training: true).toArray()
    #expect(g.trainingStep == 2)
    g.trainingStep = 0
    #expect(g.forward(x, training: true).toArray() == step0)
    #expect(step0 != step1)
    #expect(Set(step0) == [0, 2])  // inverted dropout scales kept values by 1 / (1 − rate)
    #expect(g.forward(x, training: false).toArray() == x.toArray())
  }
}

/// `Graph.layerTimes` counts training passes only, and backward time only for the layers that run
/// backward.
@Suite struct LayerTimesGraphTests {
  @Test func trainingPassesAreTimedPerLayer() throws {
    let nodes: [GraphNode] = [
      GraphNode(.flatten),
      GraphNode(.dense(DenseConfig(units: 4, activation: .relu))),
      GraphNode(.dense(DenseConfig(units: 3, activation: .softmax))),
    ]
    let graph = try Graph(inputShape: [2, 3], nodes: nodes, seed: 1)
    graph.build(maxBatchSize: 2)
    let times = LayerTimes(layerCount: graph.layers.count)
    graph.layerTimes = times
    let x = randomTensor([2, 2, 3], "layer-times-x")
    _ = graph.forward(x, training: false)
    #expect(times.forwardPasses == 0)
    #expect(times.forwardNanoseconds == [0, 0, 0])
    _ = graph.forward(x, training: true)
    _ = graph.backward(loss: Loss(.sparseCategoricalCrossentropy), targets: Tensor(shape: [2], values: [0, 2]))
    #expect(times.forwardPasses == 1)
    #expect(times.forwardNanoseconds.allSatisfy { $0 > 0 })
    // `flatten` before the first parameter runs no backward pass.
    #expect(times.backwardNanoseconds[0] == 0)
    #expect(times.backwardNanoseconds[1...].allSatisfy { $0 > 0 })
  }
}
