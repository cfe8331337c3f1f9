import Tensors
import Testing

/// Max pooling without indices (inference graphs) against the indexed kernel training uses: the
/// same outputs bit for bit, over window shapes, padding, channel counts around the 16-lane blocks,
/// batch 1, ties, signed zeros and NaNs.
@Suite struct MaxPoolValuesTests {
  @Test(arguments: [
    (2, 2, Padding.valid), (2, 2, .same), (3, 2, .same), (3, 1, .same), (2, 3, .valid), (1, 1, .valid),
  ])
  func matchesTheIndexedKernel(pool: Int, stride: Int, padding: Padding) throws {
    for channels in [1, 3, 16, 19, 32, 40] {
      for (batch, height, width) in [(1, 5, 7), (3, 8, 8), (2, 1, 4)] where height >= pool || padding == .same {
        let g = try Pool2DGeometry(
          inputHeight: height, inputWidth: width, channels: channels, poolHeight: pool, poolWidth: pool,
          strideHeight: stride, strideWidth: stride, padding: padding)
        let shape = g.inputShape(batch: batch)
        let special: [Float] = [-0.0, 0.0, .nan, -.infinity, 2]
        let x = Tensor(
          shape: shape,
          values: (0..<shape.count).map { i in i % 13 == 0 ? special[(i / 13) % 5] : Float((i * 7) % 11) - 5 })
        let indexed = Tensor(zeros: g.outputShape(batch: batch))
        maxPool2dForward(input: x, output: indexed, indices: MaxPoolIndices(g, batch: batch), geometry: g)
        let plain = Tensor(repeating: 99, shape: g.outputShape(batch: batch))
        maxPool2dForward(input: x, output: plain, geometry: g)
        #expect(
          plain.toArray().map(\.bitPattern) == indexed.toArray().map(\.bitPattern),
          "pool \(pool) stride \(stride) \(padding), \(batch)×\(height)×\(width)×\(channels)")
      }
    }
  }

  /// Enough rows for `parallelFor` to split them, checked against the indexed kernel.
  @Test func largeBatchesSplitAcrossThreadsGiveTheSameValues() throws {
    let g = try Pool2DGeometry(
      inputHeight: 30, inputWidth: 30, channels: 32, poolHeight: 2, poolWidth: 2, strideHeight: 2, strideWidth: 2)
    let shape = g.inputShape(batch: 64)
    let x = Tensor(shape: shape, values: (0..<shape.count).map { Float(($0 &* 2_654_435_761) % 1009) })
    let indexed = Tensor(zeros: g.outputShape(batch: 64))
    maxPool2dForward(input: x, output: indexed, indices: MaxPoolIndices(g, batch: 64), geometry: g)
    let plain = Tensor(zeros: g.outputShape(batch: 64))
    maxPool2dForward(input: x, output: plain, geometry: g)
    #expect(plain.toArray() == indexed.toArray())
  }
}
