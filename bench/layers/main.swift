// Convolution and GEMM throughput benchmark (not part of `swift test`). Built by bench/run.sh with
// -O from the Tensors sources, as one module; see docs/performance.md.
//
// Prints what OpenBLAS runs as here, a GEMM roofline (a plain square `cblas_sgemm` on OpenBLAS's
// own threads, measured at the start, before each layer and at the end: the machine is shared, so
// ratios to a roofline measured alongside are the figures to compare), the GEMMs our convolutions
// produce, and the U-Net's convolution layers (specs/unet_segmentation.yaml) forward + backward at
// their real shapes. Every figure is the median of `--repeats` timed calls after one warm-up;
// GFLOP/s count a multiply-add as 2.
//
// Usage: layers [--repeats N] [--batch N] [--roofline-size N] [--roofline-only]
// --roofline-only prints OpenBLAS's facts and the roofline and stops (bench/compare-keras.sh).
internal import CBLAS
import Dispatch
import Foundation

struct Options {
  var repeats = 7
  var batch = 16
  var rooflineSize = 2048
  var rooflineOnly = false

  init(_ arguments: [String]) {
    var i = 1
    while i < arguments.count {
      if arguments[i] == "--roofline-only" {
        rooflineOnly = true
        i += 1
        continue
      }
      let value = i + 1 < arguments.count ? Int(arguments[i + 1]) ?? 0 : 0
      switch arguments[i] {
      case "--repeats": repeats = max(value, 1)
      case "--batch": batch = max(value, 1)
      case "--roofline-size": rooflineSize = max(value, 64)
      default:
        fatalError("unknown option \(arguments[i]); use --repeats, --batch, --roofline-size, --roofline-only")
      }
      i += 2
    }
  }
}

/// Seconds per call: one warm-up, then `repeats` timed calls; returns the sorted samples.
func samples(_ repeats: Int, _ body: () -> Void) -> [Double] {
  body()
  var out: [Double] = []
  for _ in 0..<repeats {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    out.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
  return out.sorted()
}

func median(_ sorted: [Double]) -> Double {
  let n = sorted.count
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

func fmt(_ x: Double, _ width: Int = 8, _ digits: Int = 1) -> String {
  String(format: "%\(width).\(digits)f", x)
}

func pad(_ s: String, _ width: Int) -> String { s.padding(toLength: width, withPad: " ", startingAt: 0) }

/// A filled buffer of `count` floats (values small, to stay finite through repeated accumulation).
func buffer(_ count: Int, _ value: Float) -> UnsafeMutablePointer<Float> {
  let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
  for i in 0..<count { p[i] = value * Float(i % 13 - 6) }
  return p
}

/// Median GFLOP/s of a plain `cblas_sgemm` of an `s × s × s` product with OpenBLAS's own threads
/// (one per core), the reference the other figures are divided by; OpenBLAS is set back to one
/// thread afterwards, as `sgemm` uses it.
func rooflineGFLOPS(size s: Int, repeats: Int) -> Double {
  let a = buffer(s * s, 1e-3), b = buffer(s * s, 1e-3), c = buffer(s * s, 0)
  defer { a.deallocate(); b.deallocate(); c.deallocate() }
  openblas_set_num_threads(Int32(parallelWorkerCount))
  defer { openblas_set_num_threads(1) }
  let n = Int32(s)
  let t = samples(repeats) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n)
  }
  return 2 * Double(s) * Double(s) * Double(s) / median(t) / 1e9
}

/// Median GFLOP/s of `C = op(A)·op(B)` through our `sgemm` (row-major, as our kernels call it).
func gemmGFLOPS(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, repeats: Int) -> Double {
  let a = buffer(m * k, 1e-3), b = buffer(k * n, 1e-3), c = buffer(m * n, 0)
  defer { a.deallocate(); b.deallocate(); c.deallocate() }
  let t = samples(repeats) {
    sgemm(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: transposeA ? m : k, b: b,
      ldb: transposeB ? k : n, beta: 0, c: c, ldc: n)
  }
  return 2 * Double(m) * Double(n) * Double(k) / median(t) / 1e9
}

struct ConvCase {
  var name: String
  var size: Int
  var inputChannels: Int
  var filters: Int
  var kernel: Int
  /// The first layer of a model computes no input gradient.
  var first = false
}

/// The convolutions of specs/unet_segmentation.yaml (same padding, stride 1).
let unetConvolutions = [
  ConvCase(name: "c1", size: 128, inputChannels: 1, filters: 64, kernel: 3, first: true),
  ConvCase(name: "c2", size: 64, inputChannels: 64, filters: 128, kernel: 3),
  ConvCase(name: "conv2d", size: 32, inputChannels: 128, filters: 256, kernel: 3),
  ConvCase(name: "conv2d_1", size: 64, inputChannels: 384, filters: 128, kernel: 3),
  ConvCase(name: "conv2d_2", size: 128, inputChannels: 192, filters: 64, kernel: 3),
  ConvCase(name: "conv2d_3", size: 128, inputChannels: 64, filters: 1, kernel: 1),
]

@main struct LayerBench {
  static func main() throws {
    // The kernels optim-run itself would run with (it corrects OpenBLAS's choice the same way).
    BLASCoreChoice.reexecIfNeeded()
    let o = Options(CommandLine.arguments)
    let env = ProcessInfo.processInfo.environment
    print(
      "openblas: core \(String(cString: openblas_get_corename())), threads \(openblas_get_num_threads()),",
      "procs \(openblas_get_num_procs()), parallel mode \(openblas_get_parallel())")
    print("openblas config: \(String(cString: openblas_get_config()))")
    for key in ["OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "GOTO_NUM_THREADS"] {
      print("env \(key)=\(env[key] ?? "(unset)")")
    }
    print("parallelFor workers: \(parallelWorkerCount); repeats \(o.repeats); batch \(o.batch)")
    let one = buffer(1, 1)
    sgemm(m: 1, n: 1, k: 1, a: one, lda: 1, b: one, ldb: 1, c: one, ldc: 1)
    print("openblas threads after our first sgemm: \(openblas_get_num_threads())")

    let s = o.rooflineSize
    let rooflineStart = rooflineGFLOPS(size: s, repeats: o.repeats)
    let ours = gemmGFLOPS(transposeA: false, transposeB: false, m: s, n: s, k: s, repeats: o.repeats)
    print(
      "\nGEMM roofline: cblas_sgemm NN \(s)³ with \(parallelWorkerCount) OpenBLAS threads: \(fmt(rooflineStart)) GFLOP/s"
    )
    print(
      "the same product through our sgemm (single-threaded OpenBLAS, split in \(parallelWorkerCount)): \(fmt(ours)) GFLOP/s"
    )
    if o.rooflineOnly { return }

    // The GEMMs each 3x3 convolution produces for the whole batch in one chunk:
    // forward NN [rows, k]·[k, cOut], kernel gradient TN [k, rows]ᵀ-ish, column gradient NT.
    print("\nGEMM shapes of the U-Net convolutions (batch \(o.batch)), GFLOP/s:")
    print(pad("layer", 10), pad("forward NN m×n×k", 26), pad("fwd", 8), pad("dW TN", 8), pad("dCols NT", 8))
    for c in unetConvolutions where c.kernel > 1 {
      let rows = o.batch * c.size * c.size, k = c.kernel * c.kernel * c.inputChannels
      let fwd = gemmGFLOPS(transposeA: false, transposeB: false, m: rows, n: c.filters, k: k, repeats: 3)
      let dw = gemmGFLOPS(transposeA: true, transposeB: false, m: k, n: c.filters, k: rows, repeats: 3)
      let dc = gemmGFLOPS(transposeA: false, transposeB: true, m: rows, n: k, k: c.filters, repeats: 3)
      print(pad(c.name, 10), pad("\(rows)×\(c.filters)×\(k)", 26), fmt(fwd), fmt(dw), fmt(dc))
    }

    print("\nU-Net convolution layers, batch \(o.batch), median ms and GFLOP/s (fwd+bwd = fwd, dW, dX);")
    print("ratio: to the roofline measured (median of 3) just before the layer")
    print(
      pad("layer", 10), pad("shape", 24), pad("fwd ms", 9), pad("bwd ms", 9), pad("GFLOP/s", 9),
      pad("roofline", 9), "ratio")
    let workspace = Conv2DWorkspace()
    var totalFlops = 0.0, totalSeconds = 0.0, rooflineSeconds = 0.0
    for c in unetConvolutions {
      let g = try Conv2DGeometry(
        inputHeight: c.size, inputWidth: c.size, inputChannels: c.inputChannels, outputChannels: c.filters,
        kernelHeight: c.kernel, kernelWidth: c.kernel, padding: .same)
      let x = Tensor(repeating: 0.5, shape: g.inputShape(batch: o.batch))
      let w = Tensor(repeating: 0.01, shape: g.kernelShape), b = Tensor(zeros: g.biasShape)
      let y = Tensor(zeros: g.outputShape(batch: o.batch))
      let dx = Tensor(zeros: x.shape), dw = Tensor(zeros: w.shape), db = Tensor(zeros: b.shape)
      let roofline = rooflineGFLOPS(size: s, repeats: 3)
      let f = samples(o.repeats) {
        conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: workspace)
      }
      let bw = samples(o.repeats) {
        conv2dBackward(
          input: x, kernel: w, outputGradient: y, inputGradient: c.first ? nil : dx, kernelGradient: dw,
          biasGradient: db, geometry: g, workspace: workspace)
      }
      let forwardFlops = 2 * Double(o.batch * c.size * c.size * c.filters * g.patchSize)
      let flops = forwardFlops * (c.first ? 2 : 3)
      let seconds = median(f) + median(bw)
      totalFlops += flops
      totalSeconds += seconds
      rooflineSeconds += flops / (roofline * 1e9)
      let shape = "\(c.size)²×\(c.inputChannels)→\(c.filters) k\(c.kernel)"
      print(
        pad(c.name, 10), pad(shape, 24), fmt(median(f) * 1e3), fmt(median(bw) * 1e3),
        fmt(flops / seconds / 1e9),
        fmt(roofline), fmt(flops / seconds / 1e9 / roofline, 6, 2))
    }
    let rooflineEnd = rooflineGFLOPS(size: s, repeats: o.repeats)
    let total = totalFlops / totalSeconds / 1e9
    print("\nGEMM roofline at the end: \(fmt(rooflineEnd)) GFLOP/s (start \(fmt(rooflineStart)))")
    print(
      "U-Net convolutions total: \(fmt(totalSeconds * 1e3)) ms per step, \(fmt(total)) GFLOP/s,",
      "ratio to the rooflines measured beside them \(fmt(rooflineSeconds / totalSeconds, 4, 2))")
    try groupedAndDepthwise(batch: o.batch, repeats: o.repeats, workspace: workspace)
    try cifarConvolutions(repeats: o.repeats, rooflineSize: s, workspace: workspace)
    print("workspace \(workspace.allocatedBytes / 1_048_576) MB")
  }
}

/// The routes of dilated, grouped and depthwise convolutions (docs/performance.md): 32²×64 → 64,
/// 3×3 `same`, median ms of forward and of backward (input and kernel gradients).
func groupedAndDepthwise(batch: Int, repeats: Int, workspace: Conv2DWorkspace) throws {
  print("\nDilated, grouped and depthwise convolutions, batch \(batch), 32²×64 → 64, 3×3 same, median ms")
  print(pad("case", 34), pad("fwd ms", 9), pad("bwd ms", 9))
  let cases: [(name: String, dilation: Int, groups: Int, depthwise: Bool)] = [
    ("plain", 1, 1, false), ("dilation 2", 2, 1, false), ("4 groups", 1, 4, false),
    ("64 groups (im2col + 64 GEMMs)", 1, 64, false), ("depthwise (direct kernel)", 1, 64, true),
  ]
  for c in cases {
    let g = try Conv2DGeometry(
      inputHeight: 32, inputWidth: 32, inputChannels: 64, outputChannels: 64, kernelHeight: 3, kernelWidth: 3,
      dilationHeight: c.dilation, dilationWidth: c.dilation, groups: c.groups, padding: .same)
    let x = Tensor(repeating: 0.5, shape: g.inputShape(batch: batch))
    // A depthwise kernel is (kh, kw, in, multiplier); a grouped one (kh, kw, in / groups, out).
    let w = Tensor(repeating: 0.01, shape: c.depthwise ? [3, 3, 64, 1] : g.kernelShape)
    let b = Tensor(zeros: g.biasShape), y = Tensor(zeros: g.outputShape(batch: batch))
    let dx = Tensor(zeros: x.shape), dw = Tensor(zeros: w.shape), db = Tensor(zeros: b.shape)
    workspace.reserve(g, batch: batch)
    let f = samples(repeats) {
      if c.depthwise {
        depthwiseConv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g)
      } else {
        conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: workspace)
      }
    }
    let bw = samples(repeats) {
      if c.depthwise {
        depthwiseConv2dBackward(
          input: x, kernel: w, outputGradient: y, inputGradient: dx, kernelGradient: dw, biasGradient: db,
          geometry: g)
      } else {
        conv2dBackward(
          input: x, kernel: w, outputGradient: y, inputGradient: dx, kernelGradient: dw, biasGradient: db,
          geometry: g, workspace: workspace)
      }
    }
    print(pad(c.name, 34), fmt(median(f) * 1e3), fmt(median(bw) * 1e3))
  }
}

/// The convolutions of specs/cifar_cnn.yaml (3×3 `valid`, stride 1) at its batch of 32, forward
/// (with bias) and backward (kernel and bias gradients; input gradients except for the first
/// layer), median ms, GFLOP/s and the ratio to a roofline measured just before each layer.
func cifarConvolutions(repeats: Int, rooflineSize: Int, workspace: Conv2DWorkspace) throws {
  let batch = 32
  let cases = [
    ConvCase(name: "conv1", size: 32, inputChannels: 3, filters: 32, kernel: 3, first: true),
    ConvCase(name: "conv2", size: 15, inputChannels: 32, filters: 64, kernel: 3),
    ConvCase(name: "conv3", size: 6, inputChannels: 64, filters: 64, kernel: 3),
  ]
  print("\nCIFAR CNN convolutions, batch \(batch), valid, median ms and GFLOP/s (fwd+bwd), ratio to roofline")
  print(
    pad("layer", 10), pad("shape", 24), pad("fwd ms", 9), pad("bwd ms", 9), pad("GFLOP/s", 9),
    pad("roofline", 9), "ratio")
  var totalFlops = 0.0, totalSeconds = 0.0, rooflineSeconds = 0.0
  for c in cases {
    let g = try Conv2DGeometry(
      inputHeight: c.size, inputWidth: c.size, inputChannels: c.inputChannels, outputChannels: c.filters,
      kernelHeight: c.kernel, kernelWidth: c.kernel, padding: .valid)
    workspace.reserve(g, batch: batch)
    let x = Tensor(repeating: 0.5, shape: g.inputShape(batch: batch))
    let w = Tensor(repeating: 0.01, shape: g.kernelShape), b = Tensor(zeros: g.biasShape)
    let y = Tensor(zeros: g.outputShape(batch: batch))
    let dx = Tensor(zeros: x.shape), dw = Tensor(zeros: w.shape), db = Tensor(zeros: b.shape)
    let roofline = rooflineGFLOPS(size: rooflineSize, repeats: 3)
    // Many calls per sample: one call is well under a millisecond.
    let calls = 20
    let f = samples(repeats) {
      for _ in 0..<calls {
        conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: workspace)
      }
    }.map { $0 / Double(calls) }
    let bw = samples(repeats) {
      for _ in 0..<calls {
        conv2dBackward(
          input: x, kernel: w, outputGradient: y, inputGradient: c.first ? nil : dx, kernelGradient: dw,
          biasGradient: db, geometry: g, workspace: workspace)
      }
    }.map { $0 / Double(calls) }
    let forwardFlops = 2 * Double(batch * g.outputHeight * g.outputWidth * c.filters * g.patchSize)
    let flops = forwardFlops * (c.first ? 2 : 3)
    let seconds = median(f) + median(bw)
    totalFlops += flops
    totalSeconds += seconds
    rooflineSeconds += flops / (roofline * 1e9)
    print(
      pad(c.name, 10), pad("\(c.size)²×\(c.inputChannels)→\(c.filters) k\(c.kernel)", 24),
      fmt(median(f) * 1e3, 8, 3),
      fmt(median(bw) * 1e3, 8, 3), fmt(flops / seconds / 1e9), fmt(roofline),
      fmt(flops / seconds / 1e9 / roofline, 6, 2))
  }
  print(
    "CIFAR convolutions total: \(fmt(totalSeconds * 1e3, 8, 3)) ms per step, \(fmt(totalFlops / totalSeconds / 1e9)) GFLOP/s,",
    "ratio to the rooflines measured beside them \(fmt(rooflineSeconds / totalSeconds, 4, 2))")
}
