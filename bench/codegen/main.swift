import Dispatch
import Glibc

// The CIFAR CNN's first layer at batch 32: 28,800 output pixels, patches of 27 taps plus the
// bias's 1 (28), 32 output channels; one thread. Prints the best of 5 × 20 calls.
let pixels = 28_800, stride = 28, cOut = 32
let patch = UnsafeMutablePointer<Float>.allocate(capacity: pixels * stride)
for i in 0..<(pixels * stride) { patch[i] = Float(i % 7) * 0.1 }
let w = UnsafeMutablePointer<Float>.allocate(capacity: stride * cOut)
w.update(repeating: 0.5, count: stride * cOut)
let y = UnsafeMutablePointer<Float>.allocate(capacity: pixels * cOut)

func pass() {
  var q = 0
  while q + 4 <= pixels {
    forwardGroup(patch + q * stride, stride: stride, taps: stride, w, cOut: cOut, y + q * cOut)
    q += 4
  }
}
pass()
var best = Double.infinity
for _ in 0..<5 {
  let start = DispatchTime.now().uptimeNanoseconds
  for _ in 0..<20 { pass() }
  best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 20e6)
}
let flops = Double(pixels * stride * cOut * 2)
let gflops = (flops / best / 1e5).rounded() / 10
print("\((best * 1000).rounded() / 1000) ms, \(gflops) GFLOP/s (check \(y[100]))")
