// Concatenation along the last (channel) axis, as Keras `Concatenate(axis=-1)`: inputs agree in
// every leading axis; the output's last axis is the sum of theirs.

/// Copies `inputs` side by side into `output` along the last axis.
public func concatenateLastAxisForward(inputs: [Tensor], output: Tensor) {
  let rows = checkConcatShapes(inputs, output)
  let total = output.shape.dims.last!
  let y = output.buffer.baseAddress!
  parallelFor(rows, workPerItem: total) { range in
    var offset = 0
    for t in inputs {
      let c = t.shape.dims.last!
      let x = UnsafePointer(t.buffer.baseAddress!)
      for r in range { (y + r * total + offset).update(from: x + r * c, count: c) }
      offset += c
    }
  }
}

/// Splits `outputGradient` along the last axis into `inputGradients` (overwritten, or added to
/// when `accumulate`).
public func concatenateLastAxisBackward(
  outputGradient: Tensor, inputGradients: [Tensor], accumulate: Bool = false
) {
  let rows = checkConcatShapes(inputGradients, outputGradient)
  let total = outputGradient.shape.dims.last!
  let dy = UnsafePointer(outputGradient.buffer.baseAddress!)
  parallelFor(rows, workPerItem: total) { range in
    var offset = 0
    for t in inputGradients {
      let c = t.shape.dims.last!
      let dx = t.buffer.baseAddress!
      for r in range {
        let src = dy + r * total + offset, dst = dx + r * c
        if accumulate {
          for k in 0..<c { dst[k] += src[k] }
        } else {
          dst.update(from: src, count: c)
        }
      }
      offset += c
    }
  }
}

/// Checks that all leading axes agree and the last axes add up; returns the number of rows.
private func checkConcatShapes(_ parts: [Tensor], _ whole: Tensor) -> Int {
  precondition(!parts.isEmpty && whole.shape.rank >= 1, "concatenate: no inputs or scalar output")
  let lead = Array(whole.shape.dims.dropLast())
  var channels = 0
  for t in parts {
    precondition(
      t.shape.rank == whole.shape.rank && Array(t.shape.dims.dropLast()) == lead,
      "concatenate: input \(t.shape) does not match output \(whole.shape) outside the last axis")
    channels += t.shape.dims.last!
  }
  precondition(channels == whole.shape.dims.last!, "concatenate: \(channels) channels into \(whole.shape)")
  return lead.reduce(1, *)
}
