import NN
import Tensors

/// Export of the augmentation layers at inference: the random ones are the identity there;
/// `random_crop` is its inference path, a centred window (Slice) resized bilinearly with
/// half-pixel centres (Resize `linear`/`half_pixel`, which clamps at the window's edges as the
/// layer does).
extension ONNXGraphBuilder {
  mutating func augmentation(_ layer: any Layer, _ x: String, inputShape: Shape, into out: String)
    throws(ONNXExportError)
  {
    guard let crop = layer as? RandomCropLayer else {
      add("Identity", [x], base: layer.name, output: out)
      return
    }
    guard inputShape.rank == 3 else {
      throw ONNXExportError("layer '\(crop.name)' (random_crop): expected an image input, got \(inputShape)")
    }
    let (h, w, c) = (inputShape[0], inputShape[1], inputShape[2])
    let window = crop.inferenceWindow(inputHeight: h, inputWidth: w)
    let resizes = window.height != crop.height || window.width != crop.width
    let slices = window.height != h || window.width != w
    guard slices || resizes else {
      add("Identity", [x], base: crop.name, output: out)
      return
    }
    var t = x
    if slices {
      let starts = int64Constant("\(crop.name)/starts", dims: [2], [window.top, window.left])
      let ends = int64Constant(
        "\(crop.name)/ends", dims: [2], [window.top + window.height, window.left + window.width])
      let axes = int64Constant("\(crop.name)/axes", dims: [2], [1, 2])
      t = add("Slice", [t, starts, ends, axes], base: "\(crop.name)/window", output: resizes ? nil : out)
    }
    guard resizes else { return }
    // Resize acts on NCHW here; `sizes` needs the (dynamic) batch size: Shape → first entry.
    let nchw = add("Transpose", [t], base: "\(crop.name)/nchw", [Self.toNCHW])
    let shape = add("Shape", [nchw], base: "\(crop.name)/shape")
    let zero = int64Constant("\(crop.name)/zero", dims: [1], [0])
    let one = int64Constant("\(crop.name)/one", dims: [1], [1])
    let batch = add("Slice", [shape, zero, one, zero], base: "\(crop.name)/batch")
    let rest = int64Constant("\(crop.name)/chw", dims: [3], [c, crop.height, crop.width])
    let sizes = add("Concat", [batch, rest], base: "\(crop.name)/sizes", [.init("axis", .int(0))])
    let attributes: [ONNXAttribute] = [
      .init("mode", .string("linear")), .init("coordinate_transformation_mode", .string("half_pixel")),
    ]
    let resized = add("Resize", [nchw, "", "", sizes], base: "\(crop.name)/nchw_resized", attributes)
    add("Transpose", [resized], base: crop.name, output: out, [Self.toNHWC])
  }
}
