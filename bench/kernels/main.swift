// Kernel throughput benchmark (not part of `swift test`). Built by run.sh with -O from the
// Tensors sources; prints milliseconds per call for CIFAR-sized layers at batch 64.
import Dispatch
import Foundation

func time(_ label: String, repeats: Int = 5, _ body: () -> Void) {
  body()  // warm-up (workspace growth, page faults)
  let start = DispatchTime.now().uptimeNanoseconds
  for _ in 0..<repeats { body() }
  let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(repeats)
  print(label.padding(toLength: 48, withPad: " ", startingAt: 0), String(format: "%8.2f ms", ms))
}

@main struct KernelBench {
  static func main() throws {
    let n = 64
    let ws = Conv2DWorkspace()
    for (h, cin, cout, k, s, pad) in [
      (32, 3, 32, 3, 1, Padding.same), (16, 64, 128, 3, 1, .same), (8, 128, 256, 3, 1, .same),
      (32, 64, 64, 1, 1, .valid), (32, 32, 64, 3, 2, .same),
    ] {
      let g = try Conv2DGeometry(
        inputHeight: h, inputWidth: h, inputChannels: cin, outputChannels: cout, kernelHeight: k,
        kernelWidth: k, strideHeight: s, strideWidth: s, padding: pad)
      let x = Tensor(repeating: 0.5, shape: g.inputShape(batch: n))
      let w = Tensor(repeating: 0.01, shape: g.kernelShape), b = Tensor(zeros: g.biasShape)
      let y = Tensor(zeros: g.outputShape(batch: n))
      let dx = Tensor(zeros: x.shape), dw = Tensor(zeros: w.shape), db = Tensor(zeros: b.shape)
      let name = "conv \(h)x\(h)x\(cin)->\(cout) k\(k) s\(s) \(pad)"
      time(name + " fwd") {
        conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: ws)
      }
      time(name + " bwd") {
        conv2dBackward(
          input: x, kernel: w, outputGradient: y, inputGradient: dx, kernelGradient: dw, biasGradient: db,
          geometry: g, workspace: ws)
      }
    }
    let pg = try Pool2DGeometry(
      inputHeight: 32, inputWidth: 32, channels: 64, poolHeight: 2, poolWidth: 2, strideHeight: 2,
      strideWidth: 2)
    let px = Tensor(repeating: 1, shape: pg.inputShape(batch: n)),
      py = Tensor(zeros: pg.outputShape(batch: n))
    let idx = MaxPoolIndices(pg, batch: n), pdx = Tensor(zeros: px.shape)
    time("max_pool 32x32x64 p2 fwd") { maxPool2dForward(input: px, output: py, indices: idx, geometry: pg) }
    time("max_pool 32x32x64 p2 bwd") {
      maxPool2dBackward(outputGradient: py, indices: idx, inputGradient: pdx, geometry: pg)
    }
    time("gelu 4M fwd") { activationForward(.gelu(), input: px, output: px) }
    print("workspace", ws.allocatedBytes / 1_048_576, "MB")
  }
}
