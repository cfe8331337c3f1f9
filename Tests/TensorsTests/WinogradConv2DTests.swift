import Foundation
import Testing

@testable import Tensors

/// The convolution's three products from the definition, in Double, each with the sum of the
/// magnitudes of its terms (Σ|x·w| for y, Σ|w·r| for ∂x, Σ|x·r| for ∂w): the scale a float32
/// rounding error is measured against.
private struct DirectReference {
  var y: [Double], dx: [Double], dw: [Double]
  var yScale: [Double], dxScale: [Double], dwScale: [Double]

  init(_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ r: Tensor, _ g: Conv2DGeometry) {
    let n = x.shape[0], h = g.height, wd = g.width, ci = g.inputChannels, co = g.outputChannels
    y = Array(repeating: 0, count: n * h.output * wd.output * co)
    yScale = y
    dx = Array(repeating: 0, count: x.count)
    dxScale = dx
    dw = Array(repeating: 0, count: w.count)
    dwScale = dw
    for s in 0..<n {
      for i in 0..<h.output {
        for j in 0..<wd.output {
          for o in 0..<co {
            let yi = ((s * h.output + i) * wd.output + j) * co + o
            let ry = Double(r.buffer[yi])
            var acc = Double(b?.buffer[o] ?? 0), mag = abs(acc)
            for a in 0..<h.window {
              for q in 0..<wd.window {
                let ih = i - h.padBefore + a, iw = j - wd.padBefore + q
                guard ih >= 0, ih < h.input, iw >= 0, iw < wd.input else { continue }
                for c in 0..<ci {
                  let xi = ((s * h.input + ih) * wd.input + iw) * ci + c
                  let wi = ((a * wd.window + q) * ci + c) * co + o
                  let xv = Double(x.buffer[xi]), wv = Double(w.buffer[wi])
                  acc += xv * wv
                  mag += abs(xv * wv)
                  dx[xi] += wv * ry
                  dxScale[xi] += abs(wv * ry)
                  dw[wi] += xv * ry
                  dwScale[wi] += abs(xv * ry)
                }
              }
            }
            y[yi] = acc
            yScale[yi] = mag
          }
        }
      }
    }
  }

  /// The largest |actual − expected| / scale over all elements.
  static func worstError(_ actual: [Float], _ expected: [Double], _ scale: [Double]) -> Double {
    precondition(actual.count == expected.count)
    var worst = 0.0
    for i in actual.indices {
      let e = abs(Double(actual[i]) - expected[i]) / max(scale[i], .leastNormalMagnitude)
      worst = e.isNaN ? .infinity : max(worst, e)
    }
    return worst
  }
}

/// The three products of one route (Winograd F(tile×tile, 3×3) or not) at one workspace byte limit.
private func convolve(
  _ x: Tensor, _ w: Tensor, _ b: Tensor, _ r: Tensor, _ g: Conv2DGeometry, winograd: Bool, tile: Int = 4,
  byteLimit: Int
) -> (y: [Float], dx: [Float], dw: [Float], dxAccumulated: [Float], yWithoutBias: [Float]) {
  convolve(
    x, w, b, r, g, workspace: Conv2DWorkspace(byteLimit: byteLimit, allowsWinograd: winograd, winogradTile: tile))
}

private func convolve(
  _ x: Tensor, _ w: Tensor, _ b: Tensor, _ r: Tensor, _ g: Conv2DGeometry, workspace ws: Conv2DWorkspace
) -> (y: [Float], dx: [Float], dw: [Float], dxAccumulated: [Float], yWithoutBias: [Float]) {
  let n = x.shape[0]
  let y = Tensor(repeating: .nan, shape: g.outputShape(batch: n))
  conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: ws)
  let y0 = Tensor(repeating: .nan, shape: g.outputShape(batch: n))
  conv2dForward(input: x, kernel: w, bias: nil, output: y0, geometry: g, workspace: ws)
  let dx = Tensor(repeating: 7, shape: x.shape)  // overwritten
  let dw = Tensor(repeating: 1, shape: w.shape)  // accumulated onto 1
  let db = Tensor(repeating: 0, shape: b.shape)
  conv2dBackward(
    input: x, kernel: w, outputGradient: r, inputGradient: dx, kernelGradient: dw, biasGradient: db,
    geometry: g, workspace: ws)
  let dx2 = Tensor(repeating: 1, shape: x.shape)  // accumulated onto 1
  conv2dBackward(
    input: x, kernel: w, outputGradient: r, inputGradient: dx2, kernelGradient: nil, biasGradient: nil,
    geometry: g, workspace: ws, accumulateInputGradient: true)
  return (y.toArray(), dx.toArray(), dw.toArray().map { $0 - 1 }, dx2.toArray().map { $0 - 1 }, y0.toArray())
}

/// Stride-1 3×3 convolutions with ≥ 64 channels in and ≥ 32 out run as Winograd F(4×4, 3×3) or
/// F(2×2, 3×3) (`WinogradConv2D`): both checked against the definition in Double, with stated
/// float32 bounds.
@Suite struct WinogradConv2DTests {
  static let cases: [ConvCase] = [
    ConvCase(input: [2, 9, 7, 67], kernel: [3, 3, 67, 35], stride: 1, padding: .same),  // odd sizes, channel tails
    ConvCase(input: [3, 15, 15, 64], kernel: [3, 3, 64, 64], stride: 1, padding: .valid),  // 13×13 out
    ConvCase(input: [2, 6, 6, 64], kernel: [3, 3, 64, 32], stride: 1, padding: .valid),  // CIFAR's conv3 size
    ConvCase(input: [1, 16, 16, 96], kernel: [3, 3, 96, 32], stride: 1, padding: .same),  // a U-Net decoder shape
    ConvCase(input: [2, 3, 5, 64], kernel: [3, 3, 64, 32], stride: 1, padding: .valid),  // 1×3 out: under one tile
  ]

  static let tiles = WinogradConv2D.outputTiles

  /// The bound: every element's error is at most `κ·u·S`, u = 2⁻²⁴ the float32 unit roundoff and S
  /// the sum of its terms' magnitudes, with κ = 2·(K + α²)·λ for a dot product of K terms (y: K = 9·C_in,
  /// ∂x: 9·C_out, ∂w: N·H_out·W_out) and α² the transforms' points (16 or 36). Recursive float32
  /// summation of K terms is bounded by K·u·S; the bound doubles that and adds α² terms for the
  /// transforms' sums. λ is the transforms' amplification relative to F(2×2): evaluated with
  /// absolute values, |Aᵀ|(|G|J|Gᵀ| ⊙ |Bᵀ|J|B|)|A| (J all ones) has largest entry 64 for F(2×2) and
  /// 2,304 for F(4×4), so λ = 1 and 36. Cancellation inside F(4×4)'s transforms can cost that much
  /// in the worst case; measured errors are far smaller. The comparison with the GEMM routes below
  /// is tighter.
  static func bound(terms: Int, tile: Int) -> Double {
    let points = Double((tile + 2) * (tile + 2)), amplification: Double = tile == 4 ? 36 : 1
    return 2 * (Double(terms) + points) * amplification * 0x1p-24
  }

  @Test(arguments: cases, tiles) func matchesTheDefinitionWithinTheStatedBound(c: ConvCase, tile: Int) throws {
    let g = try c.geometry()
    #expect(WinogradConv2D.applies(g))
    let n = c.input[0]
    let x = sinTensor(c.input, frequency: 0.71), w = cosTensor(c.kernel, frequency: 0.13)
    let b = referenceBias(c.kernel[3])
    let r = randomTensor(g.outputShape(batch: n), name: "r")
    let ref = DirectReference(x, w, b, r, g)
    let yBound = Self.bound(terms: 9 * g.inputChannels, tile: tile)
    let dxBound = Self.bound(terms: 9 * g.outputChannels, tile: tile)
    let dwBound = Self.bound(terms: n * g.outputHeight * g.outputWidth, tile: tile)
    // One chunk; one row of tiles per chunk; two and three rows per chunk (chunks that end inside a
    // sample, for one or the other with every case here).
    let rows = n * WinogradConv2D.tileRows(g, tile: tile)
    let limits = [2, 3].map { count in
      let bytes = count * WinogradConv2D.floatsPerTileRow(g, tile: tile) * MemoryLayout<Float>.stride
      #expect(WinogradConv2D.rowsPerChunk(g, tile: tile, batch: n, byteLimit: bytes) == min(count, rows))
      return bytes
    }
    for byteLimit in [Conv2DWorkspace.defaultByteLimit, 4] + limits {
      let got = convolve(x, w, b, r, g, winograd: true, tile: tile, byteLimit: byteLimit)
      let yError = DirectReference.worstError(got.y, ref.y, ref.yScale)
      #expect(yError <= yBound, "y: error \(yError) × S, bound \(yBound), limit \(byteLimit)")
      let shifted = ref.y.indices.map { ref.y[$0] - Double(b.buffer[$0 % c.kernel[3]]) }
      let y0Error = DirectReference.worstError(got.yWithoutBias, shifted, ref.yScale)
      #expect(y0Error <= yBound, "y without bias: error \(y0Error) × S")
      let dxError = DirectReference.worstError(got.dx, ref.dx, ref.dxScale)
      #expect(dxError <= dxBound, "dx: error \(dxError) × S, bound \(dxBound), limit \(byteLimit)")
      let accError = DirectReference.worstError(got.dxAccumulated, ref.dx, ref.dxScale.map { $0 + 1 })
      #expect(accError <= dxBound, "accumulated dx: error \(accError)")
      let dwError = DirectReference.worstError(got.dw, ref.dw, ref.dwScale.map { $0 + 1 })
      #expect(dwError <= dwBound, "dw: error \(dwError) × S, bound \(dwBound), limit \(byteLimit)")
    }
  }

  /// Against the im2col/shifted routes, worst errors in units of u·S: F(2×2)'s stay within 8× (theirs
  /// + 1) (theirs can be near zero where Winograd's transforms still round), F(4×4)'s within 32×.
  /// Measured here (Winograd / GEMM): F(2×2) y 0.25 / 0.20, ∂x 1.2 / 0.91, ∂w 3.8 / 1.7; F(4×4) y 11.8,
  /// ∂x 12.3, ∂w 40.8, i.e. below 10⁻⁶·S.
  @Test(arguments: tiles) func errorIsComparableToTheGEMMRoutes(tile: Int) throws {
    let c = ConvCase(input: [2, 16, 16, 64], kernel: [3, 3, 64, 64], stride: 1, padding: .same)
    let g = try c.geometry()
    let x = sinTensor(c.input, frequency: 0.71), w = cosTensor(c.kernel, frequency: 0.13)
    let b = referenceBias(64), r = randomTensor(g.outputShape(batch: 2), name: "r")
    let ref = DirectReference(x, w, b, r, g)
    let fast = convolve(x, w, b, r, g, winograd: true, tile: tile, byteLimit: Conv2DWorkspace.defaultByteLimit)
    let gemm = convolve(x, w, b, r, g, winograd: false, byteLimit: Conv2DWorkspace.defaultByteLimit)
    let u = 0x1p-24, factor: Double = tile == 4 ? 32 : 8
    for (name, a, e, s, gm) in [
      ("y", fast.y, ref.y, ref.yScale, gemm.y), ("dx", fast.dx, ref.dx, ref.dxScale, gemm.dx),
      ("dw", fast.dw, ref.dw, ref.dwScale.map { $0 + 1 }, gemm.dw),
    ] {
      let winogradError = DirectReference.worstError(a, e, s) / u
      let gemmError = DirectReference.worstError(gm, e, s) / u
      #expect(
        winogradError <= factor * (gemmError + 1),
        "F(\(tile)) \(name): Winograd \(winogradError) u·S, GEMM \(gemmError) u·S")
    }
  }

  @Test(arguments: tiles) func sameResultsEveryRun(tile: Int) throws {
    let c = ConvCase(input: [3, 10, 12, 72], kernel: [3, 3, 72, 40], stride: 1, padding: .same)
    let g = try c.geometry()
    let x = sinTensor(c.input, frequency: 0.71), w = cosTensor(c.kernel, frequency: 0.13)
    let b = referenceBias(40), r = randomTensor(g.outputShape(batch: 3), name: "r")  // 40: a channel tail
    let once = convolve(x, w, b, r, g, winograd: true, tile: tile, byteLimit: Conv2DWorkspace.defaultByteLimit)
    let again = convolve(x, w, b, r, g, winograd: true, tile: tile, byteLimit: Conv2DWorkspace.defaultByteLimit)
    #expect(once.y == again.y && once.dx == again.dx && once.dw == again.dw)
    // (Chunks of other sizes give other GEMM shapes, which OpenBLAS may sum in another order: the
    // bound test above covers them.)
  }

  // Finite differences of L = Σ r·conv(x, w, b) through the Winograd route: conv is linear in each
  // argument, so central differences are exact up to float32 rounding of the forward pass.
  @Test(arguments: tiles) func gradientsMatchFiniteDifferences(tile: Int) throws {
    let c = ConvCase(input: [1, 5, 6, 64], kernel: [3, 3, 64, 32], stride: 1, padding: .same)
    let g = try c.geometry()
    #expect(WinogradConv2D.applies(g))
    let x = sinTensor(c.input), w = cosTensor(c.kernel, scale: 0.1), b = referenceBias(32)
    let r = randomTensor(g.outputShape(batch: 1), name: "r")
    let ws = Conv2DWorkspace(allowsWinograd: true, winogradTile: tile)
    let y = Tensor(zeros: g.outputShape(batch: 1))
    let loss = { () -> Double in
      conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: ws)
      return weightedSum(r, y)
    }
    let dx = Tensor(repeating: 7, shape: x.shape)
    let dw = Tensor(repeating: 0, shape: w.shape)
    let db = Tensor(repeating: 0, shape: b.shape)
    conv2dBackward(
      input: x, kernel: w, outputGradient: r, inputGradient: dx, kernelGradient: dw, biasGradient: db,
      geometry: g, workspace: ws)
    // Every 5th input and every 37th kernel element (all of them would take 40k forward passes, two
    // minutes in a debug build).
    for (name, variable, analytic, step) in [("dx", x, dx, 5), ("dw", w, dw, 37), ("db", b, db, 1)] {
      let picked = Array(stride(from: 0, to: variable.count, by: step))
      var numeric = [Float]()
      for i in picked {
        let v = variable.buffer[i]
        variable.buffer[i] = v + 0.05
        let up = loss()
        variable.buffer[i] = v - 0.05
        let down = loss()
        variable.buffer[i] = v
        numeric.append(Float((up - down) / (Double(v + 0.05) - Double(v - 0.05))))
      }
      expectClose(picked.map { analytic.buffer[$0] }, numeric, absolute: 2e-3, relative: 2e-3, name)
    }
  }

  /// `reserve` takes what forward and backward need, so training allocates nothing after it.
  @Test(arguments: tiles) func reserveCoversForwardAndBackward(tile: Int) throws {
    let c = ConvCase(input: [3, 20, 18, 64], kernel: [3, 3, 64, 48], stride: 1, padding: .same)
    let g = try c.geometry()
    for byteLimit in [Conv2DWorkspace.defaultByteLimit, 4] {
      let ws = Conv2DWorkspace(byteLimit: byteLimit, allowsWinograd: true, winogradTile: tile)
      ws.reserve(g, batch: 3)
      let reserved = ws.allocatedBytes
      #expect(reserved >= WinogradConv2D.workspaceFloats(g, tile: tile, batch: 3, byteLimit: byteLimit) * 4)
      _ = convolve(
        sinTensor(c.input), cosTensor(c.kernel), referenceBias(48),
        randomTensor(g.outputShape(batch: 3), name: "r"), g, workspace: ws)
      #expect(ws.allocatedBytes == reserved)
    }
  }

  @Test func routeNeedsThreeByThreeStrideOneAndChannels() throws {
    func geometry(
      _ input: Shape, _ kernel: Shape, stride: Int = 1, dilation: Int = 1, groups: Int = 1
    ) throws -> Conv2DGeometry {
      try Conv2DGeometry(
        inputHeight: input[1], inputWidth: input[2], inputChannels: input[3], outputChannels: kernel[3],
        kernelHeight: kernel[0], kernelWidth: kernel[1], strideHeight: stride, strideWidth: stride,
        dilationHeight: dilation, dilationWidth: dilation, groups: groups, padding: .same)
    }
    #expect(WinogradConv2D.applies(try geometry([1, 32, 32, 64], [3, 3, 64, 32])))
    #expect(!WinogradConv2D.applies(try geometry([1, 32, 32, 64], [3, 3, 64, 32], stride: 2)))
    #expect(!WinogradConv2D.applies(try geometry([1, 32, 32, 64], [3, 3, 64, 32], dilation: 2)))
    #expect(!WinogradConv2D.applies(try geometry([1, 32, 32, 128], [3, 3, 64, 64], groups: 2)))
    #expect(!WinogradConv2D.applies(try geometry([1, 32, 32, 64], [5, 5, 64, 32])))
    #expect(!WinogradConv2D.applies(try geometry([1, 32, 32, 32], [3, 3, 32, 64])))  // few input channels
    #expect(!WinogradConv2D.applies(try geometry([1, 32, 32, 64], [3, 3, 64, 16])))  // few outputs
    let g = try geometry([1, 32, 32, 64], [3, 3, 64, 32])
    #expect(Conv2DWorkspace(allowsWinograd: true).usesWinograd(g))
    #expect(!Conv2DWorkspace(allowsWinograd: false).usesWinograd(g))
    // F(4×4, 3×3) unless the environment asks for F(2×2) (OPTIM_RUN_WINOGRAD=2).
    if getenv("OPTIM_RUN_WINOGRAD") == nil { #expect(Conv2DWorkspace.winogradTileByDefault == 4) }
    // The workspace's tile chooses the algorithm: F(2×2) and F(4×4) round differently.
    let c = ConvCase(input: [1, 8, 8, 64], kernel: [3, 3, 64, 32], stride: 1, padding: .same)
    let x = sinTensor(c.input, frequency: 0.71), w = cosTensor(c.kernel, frequency: 0.13)
    let b = referenceBias(32), r = randomTensor(try c.geometry().outputShape(batch: 1), name: "r")
    let two = convolve(x, w, b, r, try c.geometry(), winograd: true, tile: 2, byteLimit: Conv2DWorkspace.defaultByteLimit)
    let four = convolve(x, w, b, r, try c.geometry(), winograd: true, tile: 4, byteLimit: Conv2DWorkspace.defaultByteLimit)
    #expect(two.y != four.y && two.dx != four.dx && two.dw != four.dw)
  }

  /// The transforms' matrices, checked on one channel against the 1-D identity they must satisfy:
  /// Aᵀ[(G g) ⊙ (Bᵀ d)] is the correlation (d0g0 + d1g1 + d2g2, d1g0 + d2g1 + d3g2).
  @Test func oneDimensionalIdentity() {
    let d: [Float] = [0.5, -1.25, 2, 3.5], k: [Float] = [1.5, -0.75, 0.25]
    let v = WinogradTile.bt(.init(repeating: d[0]), .init(repeating: d[1]), .init(repeating: d[2]), .init(repeating: d[3]))
    let u = WinogradTile.g(.init(repeating: k[0]), .init(repeating: k[1]), .init(repeating: k[2]))
    let y = WinogradTile.at(u.0 * v.0, u.1 * v.1, u.2 * v.2, u.3 * v.3)
    #expect(y.0[0] == d[0] * k[0] + d[1] * k[1] + d[2] * k[2])
    #expect(y.1[0] == d[1] * k[0] + d[2] * k[1] + d[3] * k[2])
  }

  /// F(4×4, 3×3)'s 1-D identity on one channel: Aᵀ[(G g) ⊙ (Bᵀ d)] gives the four correlations
  /// d[i]g0 + d[i+1]g1 + d[i+2]g2 (up to float32 rounding: ⅙ and 1⁄24 are not exact).
  @Test func oneDimensionalIdentityOfTheLargerTile() {
    let d: [Float] = [0.5, -1.25, 2, 3.5, -0.75, 1], k: [Float] = [1.5, -0.75, 0.25]
    func s(_ v: Float) -> WinogradVector { .init(repeating: v) }
    let v = WinogradTile4.bt((s(d[0]), s(d[1]), s(d[2]), s(d[3]), s(d[4]), s(d[5])))
    let u = WinogradTile4.g(s(k[0]), s(k[1]), s(k[2]))
    let y = WinogradTile4.at((u.0 * v.0, u.1 * v.1, u.2 * v.2, u.3 * v.3, u.4 * v.4, u.5 * v.5))
    for (i, got) in [y.0[0], y.1[0], y.2[0], y.3[0]].enumerated() {
      let want = d[i] * k[0] + d[i + 1] * k[1] + d[i + 2] * k[2]
      #expect(abs(got - want) <= 1e-5, "output \(i): \(got), want \(want)")
    }
    // The transposed maps: ⟨Bᵀd, z⟩ = ⟨d, Bz⟩, ⟨Gg, n⟩ = ⟨g, Gᵀn⟩, ⟨Aᵀm, y⟩ = ⟨m, Ay⟩.
    func dot(_ a: [Float], _ b: [Float]) -> Float {
      var sum: Float = 0
      for i in a.indices { sum += a[i] * b[i] }
      return sum
    }
    let z: [Float] = [0.25, 1, -2, 0.5, 1.5, -1], yv: [Float] = [1, -0.5, 2, 0.25]
    let z6 = (s(z[0]), s(z[1]), s(z[2]), s(z[3]), s(z[4]), s(z[5]))
    let bz = WinogradTile4.b(z6)
    let vv: [Float] = [v.0[0], v.1[0], v.2[0], v.3[0], v.4[0], v.5[0]]
    let bzv: [Float] = [bz.0[0], bz.1[0], bz.2[0], bz.3[0], bz.4[0], bz.5[0]]
    #expect(dot(vv, z) == dot(d, bzv))
    let gn = WinogradTile4.gt(z6)
    let uv: [Float] = [u.0[0], u.1[0], u.2[0], u.3[0], u.4[0], u.5[0]]
    let gnv: [Float] = [gn.0[0], gn.1[0], gn.2[0]]
    #expect(abs(dot(uv, z) - dot(k, gnv)) <= 1e-5, "G: \(dot(uv, z)) vs \(dot(k, gnv))")
    let ay = WinogradTile4.a((s(yv[0]), s(yv[1]), s(yv[2]), s(yv[3])))
    let atz = WinogradTile4.at(z6)
    let atzv: [Float] = [atz.0[0], atz.1[0], atz.2[0], atz.3[0]]
    let ayv: [Float] = [ay.0[0], ay.1[0], ay.2[0], ay.3[0], ay.4[0], ay.5[0]]
    #expect(dot(atzv, yv) == dot(z, ayv))
  }
}
