import NN
import Tensors
import Testing
import _TestSupport

/// Forward values worked out by hand, fixing conventions the gradient checks cannot see
/// (layouts, TensorFlow's asymmetric `same` padding, pooling defaults).
@Suite struct ForwardValueTests {
  let context = LayerContext(seed: 0)

  @Test func denseIsXTimesKernelPlusBias() throws {
    let layer = DenseLayer(name: "d", config: DenseConfig(units: 3))
    try layer.build(inputShapes: [[2]], maxBatchSize: 1, context: context)
    layer.parameters[0].value.copy(from: Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]))
    layer.parameters[1].value.copy(from: Tensor(shape: [3], values: [0.1, 0.2, 0.3]))
    let y = layer.forward([Tensor(shape: [1, 2], values: [1, 2])], training: false, context: context)
    #expect(allClose(y.toArray(), [9.1, 12.2, 15.3]))
  }

  /// 3×3 input 1…9, 2×2 kernel of ones, stride 2, `same`: out = ceil(3/2) = 2, pad total 1, all of
  /// it after (TensorFlow), so windows are {1,2,4,5}, {3,6}, {7,8}, {9}.
  @Test func convolutionSamePaddingIsAsymmetric() throws {
    let layer = Conv2DLayer(
      name: "c", config: Conv2DConfig(filters: 1, kernelSize: (2, 2), strides: (2, 2), padding: .same))
    try layer.build(inputShapes: [[3, 3, 1]], maxBatchSize: 1, context: context)
    layer.parameters[0].value.copy(from: Tensor(repeating: 1, shape: [2, 2, 1, 1]))
    let x = Tensor(shape: [1, 3, 3, 1], values: (1...9).map(Float.init))
    let y = layer.forward([x], training: false, context: context)
    #expect(y.shape == [1, 2, 2, 1])
    #expect(y.toArray() == [12, 9, 15, 9])
  }

  /// Kernel layout HWIO: kernel[0, 0, 1, 0] multiplies input channel 1 at the window's top-left.
  @Test func convolutionKernelLayout() throws {
    let layer = Conv2DLayer(name: "c", config: Conv2DConfig(filters: 2, kernelSize: (2, 2), useBias: false))
    try layer.build(inputShapes: [[2, 2, 2]], maxBatchSize: 1, context: context)
    let k = Tensor(zeros: [2, 2, 2, 2])
    k.buffer[(0 * 2 + 0) * 4 + 1 * 2 + 0] = 1  // [0, 0, 1, 0]
    k.buffer[(1 * 2 + 1) * 4 + 0 * 2 + 1] = 10  // [1, 1, 0, 1]
    layer.parameters[0].value.copy(from: k)
    // x[h, w, c] = 100h + 10w + c
    let x = Tensor(shape: [1, 2, 2, 2], values: [0, 1, 10, 11, 100, 101, 110, 111])
    let y = layer.forward([x], training: false, context: context)
    #expect(y.toArray() == [1, 1100])
  }

  @Test func poolingDefaultsAndSameBorders() throws {
    let x = Tensor(shape: [1, 3, 3, 1], values: (1...9).map(Float.init))
    let max = Pooling2DLayer(name: "m", kind: .max)  // pool 2, strides = pool, valid
    try max.build(inputShapes: [[3, 3, 1]], maxBatchSize: 1, context: context)
    #expect(max.forward([x], training: false, context: context).toArray() == [5])
    let avg = Pooling2DLayer(name: "a", kind: .average, config: Pooling2DConfig(padding: .same))
    try avg.build(inputShapes: [[3, 3, 1]], maxBatchSize: 1, context: context)
    // windows {1,2,4,5}, {3,6}, {7,8}, {9}: the mean over valid elements only
    #expect(avg.forward([x], training: false, context: context).toArray() == [3, 4.5, 7.5, 9])
  }

  @Test func upSamplingAndConcatenate() throws {
    let up = UpSampling2DLayer(name: "u")
    try up.build(inputShapes: [[1, 2, 1]], maxBatchSize: 1, context: context)
    let y = up.forward([Tensor(shape: [1, 1, 2, 1], values: [1, 2])], training: false, context: context)
    #expect(y.toArray() == [1, 1, 2, 2, 1, 1, 2, 2])
    let cat = ConcatenateLayer(name: "c")
    try cat.build(inputShapes: [[2, 1], [2, 2]], maxBatchSize: 1, context: context)
    let z = cat.forward(
      [Tensor(shape: [1, 2, 1], values: [1, 2]), Tensor(shape: [1, 2, 2], values: [3, 4, 5, 6])],
      training: false, context: context)
    #expect(z.toArray() == [1, 3, 4, 2, 5, 6])
  }

  /// Keras 3 activation values at x = −1 and 2 (formulas in `Activation`'s documentation).
  @Test func activationValues() throws {
    let x = Tensor(shape: [1, 2], values: [-1, 2])
    func apply(_ a: Activation) -> [Float] {
      let y = Tensor(zeros: [1, 2])
      a.forward(x, into: y)
      return y.toArray()
    }
    #expect(apply(.relu) == [0, 2])
    #expect(allClose(apply(.leakyRelu), [-0.2, 2]))
    #expect(allClose(apply(.elu), [-0.632120559, 2]))
    #expect(allClose(apply(.sigmoid), [0.268941421, 0.880797078]))
    #expect(allClose(apply(.gelu), [-0.158655254, 1.954499736]))  // exact: x·Φ(x)
    #expect(allClose(apply(.swish), [-0.268941421, 1.761594156]))
    #expect(allClose(apply(.softmax), [0.047425873, 0.952574127]))
  }
}
