import Foundation
import NN
import Reporting
import Tensors
import Testing
import _TestSupport

/// Exports graphs to ONNX and has `scripts/reference/onnx_check.py` run them in onnxruntime
/// against `Graph.forward(training: false)` on the same inputs.
enum ONNXRuntimeCheck {
  /// The batch sizes every model is run at: two, so the batch dimension must be symbolic.
  static let batchSizes = [3, 5]

  /// A built graph (for the largest batch size) with non-trivial biases and batch-norm
  /// statistics: initial biases are zeros and moving statistics 0 and 1, which would hide a
  /// dropped bias, a swapped mean and variance or a wrong epsilon.
  static func graph(input: Shape, _ nodes: [GraphNode], seed: UInt64 = 11) throws -> Graph {
    let graph = try Graph(inputShape: input, nodes: nodes, seed: seed)
    graph.build(maxBatchSize: batchSizes.max()!)
    var values = graph.parameterValues()
    for p in graph.parameters {
      var stream = RandomStream(seed: seed, name: "onnx-test/\(p.name)")
      let v = p.value.toArray()
      let suffix = p.name.split(separator: "/").last.map(String.init) ?? ""
      switch suffix {
      case "bias", "beta", "moving_mean": values[p.name] = v.map { _ in 0.3 * stream.nextNormal() }
      case "gamma": values[p.name] = v.map { _ in 0.5 + stream.nextUniform() }
      case "moving_variance": values[p.name] = v.map { _ in 0.2 + 2 * stream.nextUniform() }
      default: break
      }
    }
    try graph.setParameterValues(values)
    return graph
  }

  /// Seeded inputs: standard normal by default.
  typealias Draw = (inout RandomStream) -> Float

  /// Exports `graph` with `preprocessing`, runs the check script on inputs of each batch size
  /// (raw values from `draw`; our graph sees them preprocessed), and returns the largest
  /// |onnx − ours| it measured. A failing check records an issue with the script's message.
  @discardableResult
  static func check(
    _ graph: Graph, preprocessing: ONNXPreprocessing = .init(), label: String,
    draw: Draw = { $0.nextNormal() }, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Double {
    let folder = try makeTemporaryFolder("onnx-\(label)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let model = folder.appendingPathComponent("\(label).onnx")
    let bytes = try ONNXExport.encode(
      graph: graph, preprocessing: preprocessing, modelName: label, producerVersion: "test")
    try Data(bytes).write(to: model)
    var arguments = [model.path]
    for batch in batchSizes {
      var stream = RandomStream(seed: 3, name: "onnx-test/\(label)/inputs-\(batch)")
      let shape = graph.inputShape.batched(batch)
      let raw = (0..<shape.count).map { _ in draw(&stream) }
      // As Dataset+Loading applies them: rescale, then standardize.
      var prepared = raw
      if let factor = preprocessing.rescale { prepared = prepared.map { $0 * factor } }
      if let mean = preprocessing.mean, let std = preprocessing.std {
        prepared = prepared.indices.map { (prepared[$0] - mean[$0 % mean.count]) / std[$0 % std.count] }
      }
      let x = Tensor(shape: shape, values: prepared)
      let y = graph.forward(x, training: false)
      let inputFile = folder.appendingPathComponent("input-\(batch).npy")
      let expectedFile = folder.appendingPathComponent("expected-\(batch).npy")
      try Data(npyFloat32Bytes(shape: npyShape(shape), values: raw)).write(to: inputFile)
      try Data(npyFloat32Bytes(shape: npyShape(y.shape), values: y.toArray())).write(to: expectedFile)
      arguments += [inputFile.path, expectedFile.path]
    }
    let output = try TestPython.run(
      script: RepositoryPaths.path("scripts/reference/onnx_check.py"), arguments: arguments)
    guard output.status == 0 else {
      Issue.record(
        "onnx_check.py failed (\(output.status)) for \(label): \(output.stderr)\(output.stdout)",
        sourceLocation: sourceLocation)
      return .infinity
    }
    let result = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
    let difference = result?["max_difference"] as? Double ?? .infinity
    print("onnx \(label): max |onnx - ours| = \(difference)")
    return difference
  }

  /// `(3, 8, 8)`, `(5,)`: numpy's shape text.
  static func npyShape(_ shape: Shape) -> String {
    "(" + shape.dims.map(String.init).joined(separator: ", ") + (shape.rank == 1 ? ",)" : ")")
  }
}
