import Testing

@testable import Tensors

/// Direct convolution, loop by loop, for comparison with the im2col + GEMM kernel.
private func naiveConv2d(_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ g: Conv2DGeometry) -> [Float] {
  let n = x.shape[0], h = g.height, wd = g.width, ci = g.inputChannels, co = g.outputChannels
  var y = [Float](repeating: 0, count: n * h.output * wd.output * co)
  for s in 0..<n {
    for i in 0..<h.output {
      for j in 0..<wd.output {
        for o in 0..<co {
          var acc = Double(b?.buffer[o] ?? 0)
          for a in 0..<h.window {
            for q in 0..<wd.window {
              let ih = i * h.stride - h.padBefore + a, iw = j * wd.stride - wd.padBefore + q
              guard ih >= 0, ih < h.input, iw >= 0, iw < wd.input else { continue }
              for c in 0..<ci {
                acc +=
                  Double(x.buffer[((s * h.input + ih) * wd.input + iw) * ci + c])
                  * Double(w.buffer[((a * wd.window + q) * ci + c) * co + o])
              }
            }
          }
          y[((s * h.output + i) * wd.output + j) * co + o] = Float(acc)
        }
      }
    }
  }
  return y
}

private func forward(
  _ x: Tensor, _ w: Tensor, _ b: Tensor?, _ g: Conv2DGeometry,
  _ workspace: Conv2DWorkspace = Conv2DWorkspace()
) -> Tensor {
  let y = Tensor(repeating: .nan, shape: g.outputShape(batch: x.shape[0]))
  conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: workspace)
  return y
}

struct ConvCase: Sendable, CustomTestStringConvertible {
  var input: Shape
  var kernel: Shape
  var stride: Int
  var padding: Padding
  var testDescription: String { "\(input) * \(kernel) s\(stride) \(padding)" }

  func geometry() throws -> Conv2DGeometry {
    try Conv2DGeometry(
      inputHeight: input[1], inputWidth: input[2], inputChannels: input[3], outputChannels: kernel[3],
      kernelHeight: kernel[0], kernelWidth: kernel[1], strideHeight: stride, strideWidth: stride,
      padding: padding)
  }
}

@Suite struct Conv2DTests {
  // Worked by hand: 1×3×3×1 input 1…9, 2×2 kernel [[1, 0], [0, −1]] (y = x[i,j] − x[i+1,j+1]),
  // bias 0.5, valid, stride 1 → every output is −4 + 0.5 = −3.5.
  // Same padding (pad_total 1 → 0 before, 1 after): the last row/column see zeros below/right:
  // [[1−5, 2−6, 3−0], [4−8, 5−9, 6−0], [7−0, 8−0, 9−0]] + 0.5.
  @Test func handWorked() throws {
    let x = Tensor(shape: [1, 3, 3, 1], values: (1...9).map(Float.init))
    let w = Tensor(shape: [2, 2, 1, 1], values: [1, 0, 0, -1])
    let b = Tensor(shape: [1], values: [0.5])
    let valid = try Conv2DGeometry(
      inputHeight: 3, inputWidth: 3, inputChannels: 1, outputChannels: 1, kernelHeight: 2, kernelWidth: 2)
    #expect(forward(x, w, b, valid).toArray() == [-3.5, -3.5, -3.5, -3.5])
    let same = try Conv2DGeometry(
      inputHeight: 3, inputWidth: 3, inputChannels: 1, outputChannels: 1, kernelHeight: 2, kernelWidth: 2,
      padding: .same)
    #expect(forward(x, w, b, same).toArray() == [-3.5, -3.5, 3.5, -3.5, -3.5, 6.5, 7.5, 8.5, 9.5])
  }

  static let referenceCases: [(ConvCase, [Float])] = [
    (
      ConvCase(input: [1, 7, 5, 3], kernel: [3, 3, 3, 4], stride: 1, padding: .valid),
      KernelReference.convValidS1
    ),
    (
      ConvCase(input: [1, 7, 5, 3], kernel: [3, 3, 3, 4], stride: 1, padding: .same),
      KernelReference.convSameS1
    ),
    (
      ConvCase(input: [2, 7, 5, 3], kernel: [3, 3, 3, 4], stride: 2, padding: .same),
      KernelReference.convSameS2Batch2
    ),
    (
      ConvCase(input: [1, 7, 5, 3], kernel: [3, 3, 3, 4], stride: 2, padding: .valid),
      KernelReference.convValidS2
    ),
    (
      ConvCase(input: [1, 7, 5, 3], kernel: [2, 4, 3, 2], stride: 1, padding: .same),
      KernelReference.convSameEven2x4
    ),
    (
      ConvCase(input: [1, 7, 5, 3], kernel: [1, 1, 3, 2], stride: 2, padding: .same),
      KernelReference.convSameS2Kernel1x1
    ),
  ]

  // Against scripts/reference/kernels_reference.py (numpy direct loops); float32 GEMM vs float64.
  @Test(arguments: 0..<6) func matchesNumpyReference(index: Int) throws {
    let (c, expected) = Conv2DTests.referenceCases[index]
    let g = try c.geometry()
    let y = forward(sinTensor(c.input), cosTensor(c.kernel), referenceBias(c.kernel[3]), g)
    expectClose(y.toArray(), expected, absolute: 1e-5, relative: 1e-5, c.testDescription)
  }

  static let naiveCases: [ConvCase] = [
    ConvCase(input: [3, 7, 5, 2], kernel: [3, 3, 2, 5], stride: 1, padding: .same),
    ConvCase(input: [3, 7, 5, 2], kernel: [3, 2, 2, 5], stride: 2, padding: .same),
    ConvCase(input: [3, 9, 6, 4], kernel: [5, 3, 4, 3], stride: 2, padding: .valid),
    ConvCase(input: [3, 6, 7, 3], kernel: [1, 1, 3, 4], stride: 1, padding: .same),  // pointwise path
    ConvCase(input: [3, 6, 7, 3], kernel: [1, 1, 3, 4], stride: 2, padding: .valid),
  ]

  // GEMM conv against the naive Swift loops, with one chunk and with one sample per chunk.
  @Test(arguments: naiveCases) func matchesNaiveDirectConvolution(c: ConvCase) throws {
    let g = try c.geometry()
    let x = sinTensor(c.input, frequency: 0.71), w = cosTensor(c.kernel, frequency: 0.13)
    let b = referenceBias(c.kernel[3])
    let expected = naiveConv2d(x, w, b, g)
    expectClose(forward(x, w, b, g).toArray(), expected, absolute: 1e-5, relative: 1e-5, "one chunk")
    let tiny = Conv2DWorkspace(byteLimit: 4)
    #expect(tiny.samplesPerChunk(g, batch: 3) == 1)
    expectClose(forward(x, w, b, g, tiny).toArray(), expected, absolute: 1e-5, relative: 1e-5, "chunked")
    expectClose(
      forward(x, w, nil, g).toArray(), naiveConv2d(x, w, nil, g), absolute: 1e-5, relative: 1e-5, "no bias")
  }

  @Test func workspaceIsReusedAndBounded() throws {
    let g = try ConvCase(input: [8, 7, 5, 2], kernel: [3, 3, 2, 2], stride: 1, padding: .same).geometry()
    let perSample = 7 * 5 * 18 * 4  // bytes of one sample's im2col rows
    let ws = Conv2DWorkspace(byteLimit: 3 * perSample)
    #expect(ws.samplesPerChunk(g, batch: 8) == 3)
    ws.reserve(g, batch: 8)
    #expect(ws.allocatedBytes == 3 * perSample)
    let x = sinTensor([8, 7, 5, 2])
    let y1 = forward(x, cosTensor(g.kernelShape), nil, g, ws)
    #expect(ws.allocatedBytes == 3 * perSample)
    // Chunking changes the GEMM's row count, and OpenBLAS may pick a different kernel for the tail
    // rows, so equality holds to float32 rounding, not bit for bit (seen on an AVX-512 Xeon).
    expectClose(y1.toArray(), forward(x, cosTensor(g.kernelShape), nil, g).toArray(), absolute: 1e-6, relative: 1e-6)
  }

  static let gradientCases: [ConvCase] = [
    ConvCase(input: [2, 5, 4, 2], kernel: [3, 2, 2, 3], stride: 1, padding: .valid),
    ConvCase(input: [2, 5, 4, 2], kernel: [3, 2, 2, 3], stride: 1, padding: .same),
    ConvCase(input: [2, 5, 4, 2], kernel: [3, 2, 2, 3], stride: 2, padding: .valid),
    ConvCase(input: [2, 5, 4, 2], kernel: [3, 2, 2, 3], stride: 2, padding: .same),
    ConvCase(input: [2, 7, 5, 2], kernel: [2, 4, 2, 2], stride: 1, padding: .same),
    ConvCase(input: [2, 3, 5, 3], kernel: [1, 1, 3, 2], stride: 1, padding: .valid),
  ]

  // Finite differences of L = Σ r·conv(x, w, b): conv is linear in each argument, so central
  // differences are exact up to float32 rounding of the forward pass (tolerance 2e-3).
  @Test(arguments: gradientCases) func gradientsMatchFiniteDifferences(c: ConvCase) throws {
    let g = try c.geometry()
    let n = c.input[0]
    let x = sinTensor(c.input), w = cosTensor(c.kernel), b = referenceBias(c.kernel[3])
    let r = randomTensor(g.outputShape(batch: n), name: "r")
    for byteLimit in [Conv2DWorkspace.defaultByteLimit, 4] {
      let ws = Conv2DWorkspace(byteLimit: byteLimit)
      let y = Tensor(zeros: g.outputShape(batch: n))
      let loss = { () -> Double in
        conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: ws)
        return weightedSum(r, y)
      }
      let dx = Tensor(repeating: 7, shape: x.shape)  // overwritten
      let dw = Tensor(repeating: 1, shape: w.shape)  // accumulated onto 1
      let db = Tensor(repeating: 1, shape: b.shape)
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: dx, kernelGradient: dw,
        biasGradient: db, geometry: g, workspace: ws)
      let tol: (Float, Float) = (2e-3, 2e-3)
      expectClose(
        dx.toArray(), numericGradient(of: x, step: 0.05, loss: loss), absolute: tol.0, relative: tol.1, "dx")
      expectClose(
        dw.toArray().map { $0 - 1 }, numericGradient(of: w, step: 0.05, loss: loss), absolute: tol.0,
        relative: tol.1, "dw")
      expectClose(
        db.toArray().map { $0 - 1 }, numericGradient(of: b, step: 0.05, loss: loss), absolute: tol.0,
        relative: tol.1, "db")

      // Accumulating input gradient adds onto what is there.
      let dx2 = Tensor(repeating: 1, shape: x.shape)
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: dx2, kernelGradient: nil,
        biasGradient: nil, geometry: g, workspace: ws, accumulateInputGradient: true)
      expectClose(
        dx2.toArray(), dx.toArray().map { $0 + 1 }, absolute: 1e-6, relative: 1e-6, "accumulated dx")
    }
  }
}
