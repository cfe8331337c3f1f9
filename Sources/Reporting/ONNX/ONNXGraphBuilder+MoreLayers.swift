import NN
import Tensors

/// Export rules of the normalization, global pooling, padding, spatial dropout, merge and embedding
/// layers (opset 17: reductions take `axes` as an attribute, `LayerNormalization` is an operator).
extension ONNXGraphBuilder {
  /// Whether `emitNormalizationPoolingMerge` has a rule for `layer`.
  static func isNormalizationPoolingMerge(_ layer: any Layer) -> Bool {
    layer is LayerNormalizationLayer || layer is GlobalPoolingLayer || layer is ZeroPadding2DLayer
      || layer is SpatialDropout2DLayer || layer is ElementwiseMergeLayer || layer is EmbeddingLayer
  }

  /// Writes the nodes of one of these layers from its (NHWC) inputs to `out`.
  mutating func emitNormalizationPoolingMerge(
    _ layer: any Layer, inputs: [String], inputShapes: [Shape], into out: String
  ) throws(ONNXExportError) {
    let x = inputs[0]
    switch layer {
    case let l as LayerNormalizationLayer:
      let c = inputShapes[0].dims.last ?? 0
      let scale =
        l.config.scale
        ? try exported(l, "gamma") : constant("\(l.name)/unit_gamma", dims: [c], Array(repeating: 1, count: c))
      var operands = [x, scale]
      if l.config.center { operands.append(try exported(l, "beta")) }
      add(
        "LayerNormalization", operands, base: l.name, output: out,
        [.init("axis", .int(-1)), .init("epsilon", .float(l.config.epsilon))])
    case let l as GlobalPoolingLayer:
      // Every axis between the batch and the channels.
      let axes = Array(1...l.spatialRank)
      add(
        l.kind == .max ? "ReduceMax" : "ReduceMean", [x], base: l.name, output: out,
        [.init("axes", .ints(axes)), .init("keepdims", .int(0))])
    case let l as ZeroPadding2DLayer:
      let p = l.padding
      let pads = int64Constant("\(l.name)/pads", dims: [8], [0, p.top, p.left, 0, 0, p.bottom, p.right, 0])
      add("Pad", [x, pads], base: l.name, output: out, [.init("mode", .string("constant"))])
    case let l as SpatialDropout2DLayer:
      add("Identity", [x], base: l.name, output: out)
    case let l as ElementwiseMergeLayer:
      switch l.operation {
      case .multiply:
        // Left to right, as the layer multiplies.
        var product = x
        for (k, y) in inputs.dropFirst().enumerated() {
          product = add("Mul", [product, y], base: l.name, output: k == inputs.count - 2 ? out : nil)
        }
      case .subtract: add("Sub", inputs, base: l.name, output: out)
      case .average: add("Mean", inputs, base: l.name, output: out)
      case .maximum: add("Max", inputs, base: l.name, output: out)
      case .minimum: add("Min", inputs, base: l.name, output: out)
      }
    case let l as EmbeddingLayer:
      // The ids arrive as floats; Cast truncates toward zero, as Keras's cast to int.
      let ids = add("Cast", [x], base: "\(l.name)/ids", [.init("to", .int(7))])  // 7 = INT64
      add("Gather", [try exported(l, "embeddings"), ids], base: l.name, output: out, [.init("axis", .int(0))])
    default:
      throw ONNXExportError("layer '\(layer.name)' (\(layer.typeName)) has no ONNX export rule")
    }
  }

  /// Adds the layer's parameter `<layer>/<suffix>` as an initializer; returns its name.
  private mutating func exported(_ layer: any Layer, _ suffix: String) throws(ONNXExportError) -> String {
    guard let p = layer.parameters.first(where: { $0.name == "\(layer.name)/\(suffix)" }) else {
      throw ONNXExportError("layer '\(layer.name)' (\(layer.typeName)) has no parameter '\(suffix)'")
    }
    return parameter(p.name, dims: p.shape.dims, p.value.toArray())
  }
}
