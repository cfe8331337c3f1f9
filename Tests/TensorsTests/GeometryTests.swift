import Testing

@testable import Tensors

@Suite struct GeometryTests {
  // Worked by hand with TF's rule. SAME, in 7, k 3, s 2: out = ceil(7/2) = 4,
  // pad_total = max(3·2 + 3 − 7, 0) = 2 → 1 before, 1 after.
  @Test func sameOddInputStride2() throws {
    let a = try AxisGeometry(input: 7, window: 3, stride: 2, padding: .same, axis: "height")
    #expect((a.output, a.padBefore, a.padAfter) == (4, 1, 1))
  }

  // SAME, in 5, k 4, s 1: out 5, pad_total = 4·1 + 4 − 5 = 3 → 1 before, 2 after (extra after).
  @Test func sameAsymmetricPadGoesAfter() throws {
    let a = try AxisGeometry(input: 5, window: 4, stride: 1, padding: .same, axis: "width")
    #expect((a.output, a.padBefore, a.padAfter) == (5, 1, 2))
  }

  // SAME, in 6, k 2, s 2: out 3, pad_total = 2·2 + 2 − 6 = 0.
  // SAME, in 5, k 1, s 2: out 3, pad_total = max(4 + 1 − 5, 0) = 0.
  // SAME, in 2, k 5, s 3: out 1, pad_total = 0 + 5 − 2 = 3 → 1 before, 2 after.
  @Test func sameOtherCases() throws {
    let a = try AxisGeometry(input: 6, window: 2, stride: 2, padding: .same, axis: "h")
    let b = try AxisGeometry(input: 5, window: 1, stride: 2, padding: .same, axis: "h")
    let c = try AxisGeometry(input: 2, window: 5, stride: 3, padding: .same, axis: "h")
    #expect((a.output, a.padBefore, a.padAfter) == (3, 0, 0))
    #expect((b.output, b.padBefore, b.padAfter) == (3, 0, 0))
    #expect((c.output, c.padBefore, c.padAfter) == (1, 1, 2))
  }

  // VALID: out = floor((in − k)/s) + 1: (7−3)/2+1 = 3, (5−3)/1+1 = 3, (4−4)/3+1 = 1.
  @Test func valid() throws {
    let a = try AxisGeometry(input: 7, window: 3, stride: 2, padding: .valid, axis: "h")
    let b = try AxisGeometry(input: 5, window: 3, stride: 1, padding: .valid, axis: "h")
    let c = try AxisGeometry(input: 4, window: 4, stride: 3, padding: .valid, axis: "h")
    #expect([a.output, b.output, c.output] == [3, 3, 1])
    #expect([a.padBefore, a.padAfter] == [0, 0])
  }

  @Test func conv2dShapes() throws {
    let g = try Conv2DGeometry(
      inputHeight: 7, inputWidth: 5, inputChannels: 3, outputChannels: 4, kernelHeight: 3,
      kernelWidth: 3, strideHeight: 2, strideWidth: 2, padding: .same)
    #expect(g.outputShape(batch: 8) == [8, 4, 3, 4])
    #expect(g.kernelShape == [3, 3, 3, 4])
    #expect(g.patchSize == 27)
    #expect(!g.isPointwise)
  }

  @Test func windowLargerThanInputIsAnError() {
    #expect(throws: GeometryError.windowLargerThanInput(axis: "width", input: 2, window: 3)) {
      try Conv2DGeometry(
        inputHeight: 5, inputWidth: 2, inputChannels: 1, outputChannels: 1, kernelHeight: 3,
        kernelWidth: 3)
    }
    let message = GeometryError.windowLargerThanInput(axis: "width", input: 2, window: 3).description
    #expect(
      message
        == "window width 3 is larger than the input width 2 with padding 'valid' (use padding 'same' or a smaller window)"
    )
  }

  @Test func nonPositiveSizesAreErrors() {
    #expect(throws: GeometryError.nonPositive(what: "stride along height", value: 0)) {
      try Pool2DGeometry(
        inputHeight: 4, inputWidth: 4, channels: 1, poolHeight: 2, poolWidth: 2, strideHeight: 0,
        strideWidth: 1)
    }
    #expect(throws: GeometryError.nonPositive(what: "filters", value: 0)) {
      try Conv2DGeometry(
        inputHeight: 4, inputWidth: 4, inputChannels: 1, outputChannels: 0, kernelHeight: 1,
        kernelWidth: 1)
    }
    #expect(throws: GeometryError.nonPositive(what: "input height", value: 0)) {
      try Pool2DGeometry(
        inputHeight: 0, inputWidth: 4, channels: 1, poolHeight: 2, poolWidth: 2, strideHeight: 1,
        strideWidth: 1, padding: .same)
    }
  }
}
