/// Nearest-neighbour up-sampling of NHWC tensors by integer factors (Keras `UpSampling2D`,
/// `interpolation: nearest`): `output[n, i, j, c] = input[n, i / sh, j / sw, c]`.
public func upSampling2dForward(input: Tensor, output: Tensor, sizeHeight sh: Int, sizeWidth sw: Int) {
  let (n, h, w, c) = checkUpSamplingShapes(input, output, sh, sw)
  let x = UnsafePointer(input.buffer.baseAddress!), y = output.buffer.baseAddress!
  let ow = w * sw
  parallelFor(n * h, workPerItem: sh * ow * c) { rows in
    for row in rows {  // row = (sample, input row)
      let xr = x + row * w * c
      let yr = y + row * sh * ow * c
      for j in 0..<w {
        for r in 0..<sw { (yr + (j * sw + r) * c).update(from: xr + j * c, count: c) }
      }
      for r in 1..<max(sh, 1) { (yr + r * ow * c).update(from: yr, count: ow * c) }
    }
  }
}

/// Backward of nearest up-sampling: each input gradient is the sum of its `sh × sw` block of the
/// output gradient. Overwrites (or adds to) `inputGradient`.
public func upSampling2dBackward(
  outputGradient: Tensor, inputGradient: Tensor, sizeHeight sh: Int, sizeWidth sw: Int,
  accumulate: Bool = false
) {
  let (n, h, w, c) = checkUpSamplingShapes(inputGradient, outputGradient, sh, sw)
  let dy = UnsafePointer(outputGradient.buffer.baseAddress!), dx = inputGradient.buffer.baseAddress!
  let ow = w * sw
  parallelFor(n * h, workPerItem: sh * ow * c) { rows in
    for row in rows {
      let d = dx + row * w * c
      if !accumulate { d.update(repeating: 0, count: w * c) }
      for r in 0..<sh {
        let gy = dy + (row * sh + r) * ow * c
        for j in 0..<w {
          let dj = d + j * c
          for q in 0..<sw {
            let g = gy + (j * sw + q) * c
            for k in 0..<c { dj[k] += g[k] }
          }
        }
      }
    }
  }
}

private func checkUpSamplingShapes(_ input: Tensor, _ output: Tensor, _ sh: Int, _ sw: Int)
  -> (Int, Int, Int, Int)
{
  precondition(sh > 0 && sw > 0, "upSampling2d size (\(sh), \(sw))")
  precondition(input.shape.rank == 4, "upSampling2d input \(input.shape)")
  let s = input.shape
  precondition(
    output.shape == [s[0], s[1] * sh, s[2] * sw, s[3]],
    "upSampling2d output \(output.shape) for input \(s) and size (\(sh), \(sw))")
  return (s[0], s[1], s[2], s[3])
}
