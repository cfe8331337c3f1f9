import Tensors
import Testing

/// Max-pooling backward with windows that do not overlap along the height writes each band of
/// input rows once (zeros, then its gradients) instead of clearing the whole input gradient first.
/// It must equal the general path (`accumulate: true` onto zeros: the same additions in the same
/// order), bit for bit, and leave no stale value where no window reaches.
@Suite struct MaxPoolBackwardBandTests {
  @Test(arguments: [
    (2, 2, 2, Padding.valid), (2, 2, 2, .same), (2, 3, 3, .valid), (2, 3, 3, .same), (3, 3, 2, .same),
    (1, 1, 1, .valid), (2, 2, 1, .valid),
  ])
  func matchesTheGeneralPath(pool: Int, strideHeight: Int, strideWidth: Int, padding: Padding) throws {
    for channels in [1, 5, 16, 19] {
      for (batch, height, width) in [(1, 5, 7), (3, 8, 8), (2, 7, 5), (2, 1, 4)] where height >= pool || padding == .same {
        let g = try Pool2DGeometry(
          inputHeight: height, inputWidth: width, channels: channels, poolHeight: pool, poolWidth: pool,
          strideHeight: strideHeight, strideWidth: strideWidth, padding: padding)
        let shape = g.inputShape(batch: batch)
        let x = Tensor(shape: shape, values: (0..<shape.count).map { Float(($0 * 7) % 11) })  // ties
        let indices = MaxPoolIndices(g, batch: batch)
        let y = Tensor(zeros: g.outputShape(batch: batch))
        maxPool2dForward(input: x, output: y, indices: indices, geometry: g)
        let dy = Tensor(
          shape: y.shape, values: (0..<y.count).map { $0 % 5 == 0 ? -0.0 : Float(($0 * 13) % 17) * 0.3 - 2 })
        let expected = Tensor(zeros: shape)
        maxPool2dBackward(outputGradient: dy, indices: indices, inputGradient: expected, geometry: g, accumulate: true)
        let got = Tensor(repeating: 0, shape: shape)
        got.buffer.update(repeating: .nan)  // every element must be written
        maxPool2dBackward(outputGradient: dy, indices: indices, inputGradient: got, geometry: g)
        #expect(
          got.toArray().map(\.bitPattern) == expected.toArray().map(\.bitPattern),
          "pool \(pool) strides \(strideHeight)×\(strideWidth) \(padding), \(batch)×\(height)×\(width)×\(channels)")
      }
    }
  }

  @Test func aLargeBatchSplitAcrossThreads() throws {
    let g = try Pool2DGeometry(
      inputHeight: 15, inputWidth: 15, channels: 64, poolHeight: 2, poolWidth: 2, strideHeight: 2, strideWidth: 2)
    let shape = g.inputShape(batch: 32)
    let x = Tensor(shape: shape, values: (0..<shape.count).map { Float(($0 &* 2_654_435_761) % 1009) })
    let indices = MaxPoolIndices(g, batch: 32)
    let y = Tensor(zeros: g.outputShape(batch: 32))
    maxPool2dForward(input: x, output: y, indices: indices, geometry: g)
    let dy = Tensor(shape: y.shape, values: (0..<y.count).map { Float($0 % 23) - 11 })
    let expected = Tensor(zeros: shape)
    maxPool2dBackward(outputGradient: dy, indices: indices, inputGradient: expected, geometry: g, accumulate: true)
    let got = Tensor(repeating: 7, shape: shape)
    got.buffer.update(repeating: 7)
    maxPool2dBackward(outputGradient: dy, indices: indices, inputGradient: got, geometry: g)
    #expect(got.toArray() == expected.toArray())
  }
}
