import NN
import Tensors

/// One export rule per layer type: each reads the layer's configuration and weights and writes
/// nodes from its NHWC input tensors to the NHWC tensor `out`.
extension ONNXGraphBuilder {
  static let toNCHW = ONNXAttribute("perm", .ints([0, 3, 1, 2]))
  static let toNHWC = ONNXAttribute("perm", .ints([0, 2, 3, 1]))

  mutating func emit(
    _ layer: any Layer, inputs: [String], inputShapes: [Shape], outputShape: Shape, into out: String
  ) throws(ONNXExportError) {
    let x = inputs[0]
    switch layer {
    case let l as DenseLayer: try dense(l, x, into: out)
    case let l as Conv2DLayer: try conv2d(l, x, inputShape: inputShapes[0], into: out)
    case let l as Conv1DLayer: try conv1d(l, x, inputShape: inputShapes[0], into: out)
    case let l as DepthwiseConv2DLayer: try depthwiseConv2d(l, x, inputShape: inputShapes[0], into: out)
    case let l as SeparableConv2DLayer: try separableConv2d(l, x, inputShape: inputShapes[0], into: out)
    case let l as Pooling2DLayer: try pooling2d(l, x, inputShape: inputShapes[0], into: out)
    case let l as GlobalAveragePooling2DLayer:
      add(
        "ReduceMean", [x], base: l.name, output: out,
        [.init("axes", .ints([1, 2])), .init("keepdims", .int(0))])
    case let l as UpSampling2DLayer:
      let scales = constant(
        "\(l.name)/scales", dims: [4], [1, 1, Float(l.size.height), Float(l.size.width)])
      // Asymmetric coordinates with floor: output pixel i reads input pixel floor(i / factor),
      // exactly Keras's nearest-neighbour repeat.
      let attributes: [ONNXAttribute] = [
        .init("mode", .string("nearest")), .init("coordinate_transformation_mode", .string("asymmetric")),
        .init("nearest_mode", .string("floor")),
      ]
      nchw(l.name, x, into: out) { b, t in
        b.add("Resize", [t, "", scales], base: "\(l.name)/nchw_resized", attributes)
      }
    case let l as ConcatenateLayer:
      add("Concat", inputs, base: l.name, output: out, [.init("axis", .int(-1))])
    case let l as AddLayer:
      // Left to right, as the layer sums.
      var sum = x
      for (k, y) in inputs.dropFirst().enumerated() {
        sum = add("Add", [sum, y], base: l.name, output: k == inputs.count - 2 ? out : nil)
      }
    case let l as FlattenLayer:
      // Our tensors stay NHWC here, so ONNX's row-major Flatten is Keras's.
      add("Flatten", [x], base: l.name, output: out, [.init("axis", .int(1))])
    case let l as ReshapeLayer:
      let shape = int64Constant("\(l.name)/shape", dims: [outputShape.rank + 1], [0] + outputShape.dims)
      add("Reshape", [x, shape], base: l.name, output: out)
    case let l as DropoutLayer:
      add("Identity", [x], base: l.name, output: out)
    case let l as BatchNormalizationLayer: try batchNormalization(l, x, rank: inputShapes[0].rank, into: out)
    case let l as ActivationLayer: activation(l.activation, x, base: l.name, into: out)
    case let l as Conv2DTransposeLayer: try conv2dTranspose(l, x, inputShape: inputShapes[0], into: out)
    case let l where Self.isNormalizationPoolingMerge(l):
      try emitNormalizationPoolingMerge(l, inputs: inputs, inputShapes: inputShapes, into: out)
    case let l as RectifierLayer: rectifier(l.function, x, base: l.name, into: out)
    case let l as PReLULayer: prelu(l, x, into: out)
    case is RandomFlipLayer, is AffineAugmentationLayer, is RandomCropLayer, is RandomContrastLayer:
      try augmentation(layer, x, inputShape: inputShapes[0], into: out)
    default:
      throw ONNXExportError("layer '\(layer.name)' (\(layer.typeName)) has no ONNX export rule")
    }
  }

  /// `out = Transpose(op(Transpose(x to NCHW)) to NHWC)` for an `op` defined on NCHW.
  mutating func nchw(
    _ base: String, _ x: String, into out: String, _ op: (inout ONNXGraphBuilder, String) -> String
  ) {
    let t = add("Transpose", [x], base: "\(base)/nchw", [Self.toNCHW])
    let y = op(&self, t)
    add("Transpose", [y], base: base, output: out, [Self.toNHWC])
  }

  /// The layer's parameter `<layer>/<suffix>`.
  func weights(_ layer: any Layer, _ suffix: String) throws(ONNXExportError) -> Parameter {
    guard let p = layer.parameters.first(where: { $0.name == "\(layer.name)/\(suffix)" }) else {
      throw ONNXExportError("layer '\(layer.name)' (\(layer.typeName)) has no parameter '\(suffix)'")
    }
    return p
  }

  private mutating func dense(_ l: DenseLayer, _ x: String, into out: String) throws(ONNXExportError) {
    let kernel = try weights(l, "kernel")
    var inputs = [x, parameter(kernel.name, dims: kernel.shape.dims, kernel.value.toArray())]
    if l.config.useBias {
      let bias = try weights(l, "bias")
      inputs.append(parameter(bias.name, dims: bias.shape.dims, bias.value.toArray()))
    }
    let linear = l.config.activation == .linear
    let z = add("Gemm", inputs, base: linear ? l.name : "\(l.name)/preactivation", output: linear ? out : nil)
    if !linear { activation(l.config.activation, z, base: l.name, into: out) }
  }

  private mutating func pooling2d(_ l: Pooling2DLayer, _ x: String, inputShape: Shape, into out: String)
    throws(ONNXExportError)
  {
    let c = l.config
    let s = c.effectiveStrides
    let (h, w) = try axes(
      l, inputShape, window: (c.poolSize.height, c.poolSize.width), strides: (s.height, s.width),
      padding: c.padding)
    var attributes: [ONNXAttribute] = [
      .init("kernel_shape", .ints([h.window, w.window])), .init("strides", .ints([h.stride, w.stride])),
      .init("pads", .ints([h.padBefore, w.padBefore, h.padAfter, w.padAfter])),
    ]
    // Keras (TensorFlow) averages border windows over their valid cells only.
    if l.kind == .average { attributes.append(.init("count_include_pad", .int(0))) }
    let op = l.kind == .max ? "MaxPool" : "AveragePool"
    nchw(l.name, x, into: out) { b, t in b.add(op, [t], base: "\(l.name)/nchw_pooled", attributes) }
  }

  /// The height and width axes of a window over an NHWC `inputShape`, padding resolved as ours.
  private func axes(
    _ l: any Layer, _ inputShape: Shape, window: (Int, Int), strides: (Int, Int), padding: Padding
  ) throws(ONNXExportError) -> (AxisGeometry, AxisGeometry) {
    do {
      return (
        try AxisGeometry(
          input: inputShape[0], window: window.0, stride: strides.0, padding: padding, axis: "height"),
        try AxisGeometry(
          input: inputShape[1], window: window.1, stride: strides.1, padding: padding, axis: "width")
      )
    } catch {
      throw ONNXExportError("layer '\(l.name)' (\(l.typeName)): \(error)")
    }
  }

  /// Inference-mode BatchNormalization (moving statistics) over the last axis, moved to axis 1
  /// for ONNX when the input has spatial axes.
  private mutating func batchNormalization(
    _ l: BatchNormalizationLayer, _ x: String, rank: Int, into out: String
  ) throws(ONNXExportError) {
    let mean = try weights(l, "moving_mean")
    let variance = try weights(l, "moving_variance")
    let channels = mean.value.count
    // BatchNormalization needs scale and bias; with scale or center off they are 1 and 0.
    let gamma =
      l.config.scale
      ? try weights(l, "gamma").value.toArray() : [Float](repeating: 1, count: channels)
    let beta =
      l.config.center ? try weights(l, "beta").value.toArray() : [Float](repeating: 0, count: channels)
    let gammaName =
      l.config.scale
      ? parameter("\(l.name)/gamma", dims: [channels], gamma)
      : constant("\(l.name)/unit_gamma", dims: [channels], gamma)
    let betaName =
      l.config.center
      ? parameter("\(l.name)/beta", dims: [channels], beta)
      : constant("\(l.name)/zero_beta", dims: [channels], beta)
    let statistics = [
      parameter(mean.name, dims: [channels], mean.value.toArray()),
      parameter(variance.name, dims: [channels], variance.value.toArray()),
    ]
    let epsilon = ONNXAttribute("epsilon", .float(l.config.epsilon))
    guard rank > 1 else {
      add("BatchNormalization", [x, gammaName, betaName] + statistics, base: l.name, output: out, [epsilon])
      return
    }
    // Batched rank r = rank + 1: channels (last) to axis 1, and back.
    let r = rank + 1
    let forward = [0, r - 1] + Array(1..<(r - 1))
    let backward = [0] + Array(2..<r) + [1]
    let t = add("Transpose", [x], base: "\(l.name)/channels_first", [.init("perm", .ints(forward))])
    let y = add(
      "BatchNormalization", [t, gammaName, betaName] + statistics,
      base: "\(l.name)/channels_first_normalized",
      [epsilon])
    add("Transpose", [y], base: l.name, output: out, [.init("perm", .ints(backward))])
  }
}
