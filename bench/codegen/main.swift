import Dispatch
import Glibc

// The forward pass of Sources/HaswellKernels/DirectConvolution.swift on the CIFAR CNN's first
// layer at batch 32 (32×32×3 → 30×30×32, valid, with bias: 28,800 pixels × 27 taps × 32 channels),
// on one thread; run.sh builds it once for baseline x86-64 and once for Haswell. Prints the best
// of 5 × 20 calls.
let shape = DirectConvolutionShape(
  paddedHeight: 32, paddedWidth: 32, channels: 3, kernelHeight: 3, kernelWidth: 3, strideHeight: 1,
  strideWidth: 1, dilationHeight: 1, dilationWidth: 1, outputHeight: 30, outputWidth: 30, outputChannels: 32)
let inputCount = 32 * 32 * 32 * 3, outputCount = 32 * 30 * 30 * 32
let x = UnsafeMutablePointer<Float>.allocate(capacity: inputCount)
for i in 0..<inputCount { x[i] = Float(i % 7) * 0.1 }
let w = UnsafeMutablePointer<Float>.allocate(capacity: shape.taps * 32)
w.update(repeating: 0.5, count: shape.taps * 32)
let bias = UnsafeMutablePointer<Float>.allocate(capacity: 32)
bias.update(repeating: 0.25, count: 32)
let y = UnsafeMutablePointer<Float>.allocate(capacity: outputCount)
let offsets = UnsafeMutablePointer<Int>.allocate(capacity: shape.taps)
directConvolutionTapOffsets(shape, into: offsets)

func pass() {
  directConvolutionForward(x, w, bias: bias, y, shape, offsets: offsets, rows: 0..<(32 * 30))
}
pass()
var best = Double.infinity
for _ in 0..<5 {
  let start = DispatchTime.now().uptimeNanoseconds
  for _ in 0..<20 { pass() }
  best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 20e6)
}
let flops = Double(28_800 * 27 * 32 * 2)
let gflops = (flops / best / 1e5).rounded() / 10
print("\((best * 1000).rounded() / 1000) ms, \(gflops) GFLOP/s (check \(y[100]))")
