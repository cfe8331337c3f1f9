import NN
import Tensors

/// Convolutions as ONNX `Conv` nodes on NCHW (NCW for conv1d) with `dilations` and `group`, the
/// kernels transposed from our HWIO (`[kh, kw, in / groups, out]`) to OIHW. The pads are the ones
/// our geometry resolved, so `same` and `causal` padding need no `auto_pad`.
extension ONNXGraphBuilder {
  mutating func conv2d(_ l: Conv2DLayer, _ x: String, inputShape: Shape, into out: String)
    throws(ONNXExportError)
  {
    let g = try geometry(l) { () throws(ShapeError) in try l.resolveGeometry([inputShape]) }
    let kernel = try weights(l, "kernel")
    let bias = l.config.useBias ? try weights(l, "bias") : nil
    let linear = l.config.activation == .linear
    let z = linear ? out : freshName("\(l.name)/preactivation")
    nchw(l.name, x, into: z) { b, t in
      b.conv(t, g, kernel: kernel, bias: bias, base: "\(l.name)/nchw_conv", oneDimensional: false)
    }
    if !linear { activation(l.config.activation, z, base: l.name, into: out) }
  }

  mutating func conv1d(_ l: Conv1DLayer, _ x: String, inputShape: Shape, into out: String)
    throws(ONNXExportError)
  {
    let g = try geometry(l) { () throws(ShapeError) in try l.resolveGeometry([inputShape]) }
    let kernel = try weights(l, "kernel")
    let bias = l.config.useBias ? try weights(l, "bias") : nil
    let linear = l.config.activation == .linear
    let z = linear ? out : freshName("\(l.name)/preactivation")
    let perm = ONNXAttribute("perm", .ints([0, 2, 1]))
    let t = add("Transpose", [x], base: "\(l.name)/ncw", [perm])
    let y = conv(t, g, kernel: kernel, bias: bias, base: "\(l.name)/ncw_conv", oneDimensional: true)
    add("Transpose", [y], base: l.name, output: z, [perm])
    if !linear { activation(l.config.activation, z, base: l.name, into: out) }
  }

  mutating func depthwiseConv2d(_ l: DepthwiseConv2DLayer, _ x: String, inputShape: Shape, into out: String)
    throws(ONNXExportError)
  {
    let g = try geometry(l) { () throws(ShapeError) in try l.resolveGeometry([inputShape]) }
    let kernel = try weights(l, "kernel")
    let bias = l.config.useBias ? try weights(l, "bias") : nil
    let linear = l.config.activation == .linear
    let z = linear ? out : freshName("\(l.name)/preactivation")
    nchw(l.name, x, into: z) { b, t in
      b.conv(t, g, kernel: kernel, bias: bias, base: "\(l.name)/nchw_conv", oneDimensional: false)
    }
    if !linear { activation(l.config.activation, z, base: l.name, into: out) }
  }

  mutating func separableConv2d(_ l: SeparableConv2DLayer, _ x: String, inputShape: Shape, into out: String)
    throws(ONNXExportError)
  {
    let (d, p) = try geometry(l) { () throws(ShapeError) in try l.resolveGeometries([inputShape]) }
    let depthwise = try weights(l, "depthwise_kernel")
    let pointwise = try weights(l, "pointwise_kernel")
    let bias = l.config.useBias ? try weights(l, "bias") : nil
    let linear = l.config.activation == .linear
    let z = linear ? out : freshName("\(l.name)/preactivation")
    nchw(l.name, x, into: z) { b, t in
      let m = b.conv(
        t, d, kernel: depthwise, bias: nil, base: "\(l.name)/nchw_depthwise", oneDimensional: false)
      return b.conv(
        m, p, kernel: pointwise, bias: bias, base: "\(l.name)/nchw_pointwise", oneDimensional: false)
    }
    if !linear { activation(l.config.activation, z, base: l.name, into: out) }
  }

  /// The layer's geometry, a shape error becoming an export error.
  private func geometry<T>(_ l: any Layer, _ resolve: () throws(ShapeError) -> T) throws(ONNXExportError) -> T
  {
    do { return try resolve() } catch { throw ONNXExportError("layer '\(l.name)' (\(l.typeName)): \(error)") }
  }

  /// One `Conv` node on a channels-first tensor; `kernel` holds `g.kernelShape`'s elements (HWIO).
  /// A one-dimensional convolution (height 1) keeps only the width axis.
  private mutating func conv(
    _ x: String, _ g: Conv2DGeometry, kernel: Parameter, bias: Parameter?, base: String, oneDimensional: Bool
  ) -> String {
    let (kh, kw, ci, co) = (g.kernelHeight, g.kernelWidth, g.groupInputChannels, g.outputChannels)
    let hwio = kernel.value.buffer
    var oihw = [Float](repeating: 0, count: hwio.count)
    for o in 0..<co {
      for i in 0..<ci {
        for y in 0..<kh {
          for x in 0..<kw { oihw[((o * ci + i) * kh + y) * kw + x] = hwio[((y * kw + x) * ci + i) * co + o] }
        }
      }
    }
    let dims = oneDimensional ? [co, ci, kw] : [co, ci, kh, kw]
    var inputs = [x, parameter(kernel.name, dims: dims, oihw)]
    if let bias { inputs.append(parameter(bias.name, dims: [co], bias.value.toArray())) }
    let (h, w) = (g.height, g.width)
    let attributes: [ONNXAttribute] =
      oneDimensional
      ? [
        .init("kernel_shape", .ints([kw])), .init("strides", .ints([w.stride])),
        .init("pads", .ints([w.padBefore, w.padAfter])), .init("dilations", .ints([w.dilation])),
        .init("group", .int(g.groups)),
      ]
      : [
        .init("kernel_shape", .ints([kh, kw])), .init("strides", .ints([h.stride, w.stride])),
        .init("pads", .ints([h.padBefore, w.padBefore, h.padAfter, w.padAfter])),
        .init("dilations", .ints([h.dilation, w.dilation])), .init("group", .int(g.groups)),
      ]
    return add("Conv", inputs, base: base, attributes)
  }
}
