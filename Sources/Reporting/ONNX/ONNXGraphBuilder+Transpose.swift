import NN
import Tensors

/// Export of `conv2d_transpose` as ONNX `ConvTranspose`.
extension ONNXGraphBuilder {
  /// `ConvTranspose` on NCHW with our pads: ONNX places input pixel `i` at output row
  /// `i·stride + a − pads_begin`, as we do. Rows after the last window (`output_padding`, or a
  /// kernel shorter than its stride) are ONNX's `output_padding`; otherwise the rows cut at the end
  /// are `pads_end`.
  mutating func conv2dTranspose(_ l: Conv2DTransposeLayer, _ x: String, inputShape: Shape, into out: String)
    throws(ONNXExportError)
  {
    let g: Conv2DTransposeGeometry
    do {
      g = try l.resolveGeometry([inputShape])
    } catch {
      throw ONNXExportError("layer '\(l.name)' (\(l.typeName)): \(error)")
    }
    guard let kernel = l.parameters.first(where: { $0.name == "\(l.name)/kernel" }) else {
      throw ONNXExportError("layer '\(l.name)' (\(l.typeName)) has no parameter 'kernel'")
    }
    // (kh, kw, filters, in) → ONNX's (in, filters, kh, kw).
    let (kh, kw, f, ci) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
    let ours = kernel.value.buffer
    var onnx = [Float](repeating: 0, count: ours.count)
    for i in 0..<ci {
      for o in 0..<f {
        for y in 0..<kh {
          for x in 0..<kw { onnx[((i * f + o) * kh + y) * kw + x] = ours[((y * kw + x) * f + o) * ci + i] }
        }
      }
    }
    var inputs = ["", parameter(kernel.name, dims: [ci, f, kh, kw], onnx)]
    if l.config.useBias {
      guard let bias = l.parameters.first(where: { $0.name == "\(l.name)/bias" }) else {
        throw ONNXExportError("layer '\(l.name)' (\(l.typeName)) has no parameter 'bias'")
      }
      inputs.append(parameter(bias.name, dims: [f], bias.value.toArray()))
    }
    let h = g.height, w = g.width
    let attributes: [ONNXAttribute] = [
      .init("kernel_shape", .ints([kh, kw])), .init("strides", .ints([h.stride, w.stride])),
      .init("pads", .ints([h.padBefore, w.padBefore, max(h.padAfter, 0), max(w.padAfter, 0)])),
      .init("output_padding", .ints([max(-h.padAfter, 0), max(-w.padAfter, 0)])),
    ]
    let linear = l.config.activation == .linear
    let z = linear ? out : freshName("\(l.name)/preactivation")
    let t = add("Transpose", [x], base: "\(l.name)/nchw", [.init("perm", .ints([0, 3, 1, 2]))])
    inputs[0] = t
    let y = add("ConvTranspose", inputs, base: "\(l.name)/nchw_conv_transpose", attributes)
    add("Transpose", [y], base: l.name, output: z, [.init("perm", .ints([0, 2, 3, 1]))])
    if !linear { activation(l.config.activation, z, base: l.name, into: out) }
  }
}
