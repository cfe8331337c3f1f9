import NN
import Tensors
import Testing

@testable import Reporting

/// The ONNX encoder's bytes against the onnx package's own serialization, and its errors; no
/// Python at test time.
@Suite struct ONNXEncodingTests {
  /// `python3 scripts/reference/onnx_fixture.py` (onnx 1.23.2), in its order.
  static let golden = [
    "tensor float": "080210014201774a080000803f000000c0",
    "tensor int64": "08031007420573686170654a180000000000000000ffffffffffffffff0200000000000000",
    "perm": "0a047065726d4000400340014002a00107",
    "alpha": "0a05616c70686115cdcc4c3ea00101",
    "axis": "0a046178697318ffffffffffffffffff01a00102",
    "mode": "0a046d6f646522076e656172657374a00103",
    "value info": "0a05696e70757412170a15080112110a07120562617463680a0208080a020808",
    "model tiny":
      "080812096f7074696d2d72756e1a03312e303a84020a560a05696e7075740a0c64656e73652f6b65726e656c0a0a64656e"
      + "73652f62696173121364656e73652f70726561637469766174696f6e1a1864656e73652f70726561637469766174696f"
      + "6e2f47656d6d220447656d6d0a2f0a1364656e73652f70726561637469766174696f6e12066f75747075741a0a64656e"
      + "73652f52656c75220452656c75120474696e792a1e080208011001420c64656e73652f6b65726e656c4a080000003f00"
      + "0080bf2a1608011001420a64656e73652f626961734a040000803e5a1c0a05696e70757412130a110801120d0a071205"
      + "62617463680a020802621d0a066f757470757412130a110801120d0a07120562617463680a02080142040a001011",
  ]

  static func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
      .joined()
  }

  @Test func tensorsMatchTheOnnxPackage() {
    #expect(Self.hex(ONNXTensor.float("w", dims: [2], [1, -2]).encoded()) == Self.golden["tensor float"])
    #expect(
      Self.hex(ONNXTensor.int64("shape", dims: [3], [0, -1, 2]).encoded()) == Self.golden["tensor int64"])
  }

  @Test func attributesMatchTheOnnxPackage() {
    #expect(Self.hex(ONNXAttribute("perm", .ints([0, 3, 1, 2])).encoded()) == Self.golden["perm"])
    #expect(Self.hex(ONNXAttribute("alpha", .float(0.2)).encoded()) == Self.golden["alpha"])
    // A negative int64 is ten bytes of two's complement.
    #expect(Self.hex(ONNXAttribute("axis", .int(-1)).encoded()) == Self.golden["axis"])
    #expect(Self.hex(ONNXAttribute("mode", .string("nearest")).encoded()) == Self.golden["mode"])
  }

  @Test func valueInfoWithASymbolicBatchMatchesTheOnnxPackage() {
    let info = ONNXValueInfo(name: "input", dims: [.symbol("batch"), .value(8), .value(8)])
    #expect(Self.hex(info.encoded()) == Self.golden["value info"])
  }

  /// A whole model, byte for byte: node and tensor names, field order, opset and IR version.
  @Test func tinyDenseModelMatchesTheOnnxPackage() throws {
    let graph = try Graph(
      inputShape: [2], nodes: [GraphNode(.dense(DenseConfig(units: 1, activation: .relu)))], seed: 1)
    graph.build(maxBatchSize: 1)
    try graph.setParameterValues(["dense/kernel": [0.5, -1], "dense/bias": [0.25]])
    let bytes = try ONNXExport.encode(graph: graph, modelName: "tiny", producerVersion: "1.0")
    #expect(Self.hex(bytes) == Self.golden["model tiny"])
  }

  @Test func anUnbuiltGraphIsAnError() throws {
    let graph = try Graph(inputShape: [2], nodes: [GraphNode(.dense(DenseConfig(units: 1)))], seed: 1)
    #expect {
      _ = try ONNXExport.encode(graph: graph, modelName: "m", producerVersion: "1")
    } throws: { error in
      "\(error)".contains("build it before exporting")
    }
  }

  @Test(arguments: [
    (ONNXPreprocessing(mean: [0, 0, 0]), "both mean and std"),
    (ONNXPreprocessing(mean: [0, 0], std: [1, 1]), "mean has 2 values, but the input (3,) has 3 features"),
    (ONNXPreprocessing(mean: [0, 0, 0], std: [1, 0, 1]), "std[1] is 0.0"),
  ])
  func preprocessingThatDoesNotFitIsAnError(_ p: ONNXPreprocessing, _ message: String) throws {
    let graph = try Graph(inputShape: [3], nodes: [GraphNode(.dense(DenseConfig(units: 1)))], seed: 1)
    graph.build(maxBatchSize: 1)
    #expect {
      _ = try ONNXExport.encode(graph: graph, preprocessing: p, modelName: "m", producerVersion: "1")
    } throws: { error in
      "\(error)".contains(message)
    }
  }

  @Test func freshNamesSkipTakenOnes() {
    var builder = ONNXGraphBuilder(reserved: ["input", "output", "dense/kernel"])
    #expect(builder.freshName("output") == "output_1")
    #expect(builder.freshName("output") == "output_2")
    #expect(builder.freshName("dense/kernel") == "dense/kernel_1")
    #expect(builder.freshName("dense") == "dense")
  }
}
