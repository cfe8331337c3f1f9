import Foundation
import Testing

@testable import Tensors

/// The element-wise activations and max pooling process 16 lanes at a time with a scalar tail;
/// these cases are long enough to take both parts and compare with the definitions, exactly.
@Suite struct VectorizedKernelTests {
  /// 53 = 3·16 + 5 values with zeros of both signs, ties and both signs of every magnitude.
  static let values: [Float] = (0..<53).map { i in
    switch i {
    case 7: return 0
    case 20: return -0.0
    case 33: return 1e-30
    default: return Float(3 * sin(0.91 * Double(i)))
    }
  }

  @Test(arguments: [ActivationFunction.relu, .leakyRelu(alpha: 0.2), .sigmoid, .tanh])
  func activationsMatchDefinitions(f: ActivationFunction) {
    let n = Self.values.count
    let x = Tensor(shape: [n], values: Self.values)
    let dy = Tensor(shape: [n], values: (0..<n).map { Float(cos(0.3 * Double($0))) })
    let y = Tensor(zeros: [n])
    activationForward(f, input: x, output: y)
    let expectedY: [Float] = Self.values.map { v in
      switch f {
      case .relu: return v > 0 ? v : 0
      case .leakyRelu(let a): return v > 0 ? v : a * v
      case .sigmoid: return logistic(v)
      default: return tanhf(v)
      }
    }
    #expect(y.toArray() == expectedY)
    #expect(y.toArray().enumerated().allSatisfy { i, v in v.sign == expectedY[i].sign })

    // dx = f′(x)·dy from the input (relu, leaky) or the output (sigmoid σ(1−σ), tanh 1−y²).
    let expectedDX: [Float] = (0..<n).map { i in
      let v = Self.values[i], g = dy.buffer[i], o = expectedY[i]
      switch f {
      case .relu: return v > 0 ? g : 0
      case .leakyRelu(let a): return v > 0 ? g : a * g
      case .sigmoid: return g * o * (1 - o)
      default: return g * (1 - o * o)
      }
    }
    let dx = Tensor(zeros: [n])
    activationBackward(f, input: x, output: y, outputGradient: dy, inputGradient: dx)
    #expect(dx.toArray() == expectedDX)
    // In place, as layers call it: the gradient overwrites the output gradient.
    activationBackward(f, input: x, output: y, outputGradient: dy, inputGradient: dy)
    #expect(dy.toArray() == expectedDX)
  }

  // 19 channels: one 16-lane block and 3 single channels; values with ties (the first maximum in
  // row-major window order wins).
  @Test(arguments: [(2, 2, Padding.valid), (3, 2, .same)])
  func maxPoolingMatchesDirectLoops(pool: Int, stride: Int, padding: Padding) throws {
    let c = 19
    let g = try Pool2DGeometry(
      inputHeight: 6, inputWidth: 7, channels: c, poolHeight: pool, poolWidth: pool, strideHeight: stride,
      strideWidth: stride, padding: padding)
    let shape = g.inputShape(batch: 2)
    let x = Tensor(shape: shape, values: (0..<shape.count).map { Float(($0 * 7) % 11) })  // many ties
    let y = Tensor(zeros: g.outputShape(batch: 2))
    let idx = MaxPoolIndices(g, batch: 2)
    maxPool2dForward(input: x, output: y, indices: idx, geometry: g)
    let h = g.height, w = g.width
    for s in 0..<2 {
      for oh in 0..<h.output {
        for ow in 0..<w.output {
          for k in 0..<c {
            var best = -Float.infinity, arg = -1
            for ih in max(
              oh * h.stride - h.padBefore, 0)..<min(oh * h.stride - h.padBefore + h.window, h.input)
            {
              for iw in max(
                ow * w.stride - w.padBefore, 0)..<min(ow * w.stride - w.padBefore + w.window, w.input)
              {
                let i = (ih * w.input + iw) * c + k
                if x.buffer[s * h.input * w.input * c + i] > best {
                  best = x.buffer[s * h.input * w.input * c + i]
                  arg = i
                }
              }
            }
            let o = ((s * h.output + oh) * w.output + ow) * c + k
            #expect(
              y.buffer[o] == best && Int(idx.buffer[o]) == arg, "sample \(s) (\(oh), \(ow)) channel \(k)")
          }
        }
      }
    }
  }
}
