import NN
import Tensors

/// Writes a built `Graph` as an ONNX model (opset 17, IR version 8) for inference elsewhere.
///
/// The model keeps our data layout: input `input` is `[batch] + graph.inputShape` float32 (NHWC
/// for images) and output `output` is `[batch] + graph.outputShape`, with a symbolic batch
/// dimension `batch`. Operators that ONNX defines on NCHW (Conv, pooling, Resize, and
/// BatchNormalization over a channel axis that is not axis 1) are wrapped in Transpose nodes,
/// so flatten, reshape, concatenate and softmax see the NHWC tensors Keras would; runtimes
/// cancel the back-to-back transposes. Weights are initializers named after our parameters
/// (`conv2d/kernel`), conv kernels transposed from HWIO to OIHW. Layers run in inference mode:
/// dropout is the identity, batch normalization uses the moving statistics.
public enum ONNXExport {
  /// The operator-set version the model imports (ai.onnx); Gelu is built from Erf below 20.
  static let opsetVersion = 17
  /// The IR version that goes with opset 17 (ONNX 1.12).
  static let irVersion = 8

  /// The ONNX ModelProto bytes for a built graph (parameters allocated, i.e. `Graph.build` was
  /// called), input `input` of shape `[batch] + graph.inputShape` (float32, NHWC as our data),
  /// output `output` of shape `[batch] + graph.outputShape`; the batch dimension symbolic
  /// (`dim_param` "batch").
  public static func encode(
    graph: Graph, preprocessing: ONNXPreprocessing = .init(), modelName: String, producerVersion: String
  ) throws(ONNXExportError) -> [UInt8] {
    guard graph.maxBatchSize > 0 else {
      throw ONNXExportError("the graph has no weights yet: build it before exporting to ONNX")
    }
    // One protobuf message may not exceed 2 GiB; larger models need ONNX external data.
    let weightBytes = graph.parameters.reduce(0) { $0 + 4 * $1.value.count }
    guard weightBytes < Int(Int32.max) - (1 << 20) else {
      throw ONNXExportError(
        "the model's weights take \(weightBytes) bytes; an ONNX file holds at most 2 GiB "
          + "(external data is not supported)")
    }
    var builder = ONNXGraphBuilder(reserved: Set(["input", "output"] + graph.parameters.map(\.name)))
    var tensors: [String] = []  // each layer's output tensor name
    let input = try preprocess("input", shape: graph.inputShape, preprocessing, &builder)
    for (i, layer) in graph.layers.enumerated() {
      let inputs = graph.inputIndices[i].map { $0 < 0 ? input : tensors[$0] }
      let isLast = i == graph.layers.count - 1
      let out = isLast ? "output" : builder.freshName(layer.name)
      try builder.emit(
        layer, inputs: inputs, inputShapes: graph.inputShapes(ofLayer: i), outputShape: graph.outputShapes[i],
        into: out)
      tensors.append(out)
    }
    let batch = ONNXValueInfo.Dimension.symbol("batch")
    let model = ONNXModel(
      irVersion: irVersion, opsetVersion: opsetVersion, producerName: "optim-run",
      producerVersion: producerVersion, graphName: modelName, nodes: builder.nodes,
      initializers: builder.initializers,
      inputs: [ONNXValueInfo(name: "input", dims: [batch] + graph.inputShape.dims.map { .value($0) })],
      outputs: [ONNXValueInfo(name: "output", dims: [batch] + graph.outputShape.dims.map { .value($0) })])
    return model.encoded()
  }

  /// Adds the preprocessing nodes after `input`; returns the tensor the first layer reads.
  private static func preprocess(
    _ input: String, shape: Shape, _ p: ONNXPreprocessing, _ builder: inout ONNXGraphBuilder
  ) throws(ONNXExportError) -> String {
    var x = input
    if let factor = p.rescale {
      let c = builder.constant("preprocessing/rescale", dims: [], [factor])
      x = builder.add("Mul", [x, c], base: "preprocessing/rescaled")
    }
    switch (p.mean, p.std) {
    case (nil, nil): break
    case (let mean?, let std?):
      for (what, values) in [("mean", mean), ("std", std)] where values.count != shape.count {
        throw ONNXExportError(
          "preprocessing: \(what) has \(values.count) values, but the input \(shape) has "
            + "\(shape.count) features")
      }
      if let bad = std.firstIndex(where: { !($0.isFinite && $0 != 0) }) {
        throw ONNXExportError("preprocessing: std[\(bad)] is \(std[bad]); it must be finite and non-zero")
      }
      let m = builder.constant("preprocessing/mean", dims: shape.dims, mean)
      let s = builder.constant("preprocessing/std", dims: shape.dims, std)
      x = builder.add("Sub", [x, m], base: "preprocessing/centered")
      x = builder.add("Div", [x, s], base: "preprocessing/standardized")
    default:
      throw ONNXExportError("preprocessing: standardizing needs both mean and std")
    }
    return x
  }
}
