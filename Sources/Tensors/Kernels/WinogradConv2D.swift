// Stride-1 3×3 convolutions by Winograd's F(m×m, 3×3), m = 2 or 4: α² = (m + 2)² multiplications
// per m×m output tile and channel pair instead of 9m², i.e. 2.25× (m = 2) or 4× (m = 4) fewer
// (transforms in `WinogradTransforms.swift` and `WinogradTransforms4.swift`).
//
// The output is cut into m×m tiles (a last row or column of tiles may stick out of the image: its
// extra outputs are computed from zeros and dropped). The batch's rows of tiles, sample after
// sample, are taken in chunks of a few MiB (so that V and M stay in the caches); for the T tiles
// of a chunk:
//   V[ξ] (T × C_in)  = input transform of each tile's α×α input (zeros outside the image),
//   U[ξ] (C_in × C_out) = kernel transform,
//   M[ξ] = V[ξ] · U[ξ]  (α² GEMMs, ξ = 0 … α² − 1),   Y = output transform of M (+ bias).
// Backward, with Ŷ[ξ] (T × C_out) the transformed output gradient (zero for dropped outputs):
//   N[ξ] += V[ξ]ᵀ · Ŷ[ξ]  (over all chunks), then ∂L/∂W = Gᵀ N G;
//   Z[ξ]  = Ŷ[ξ] · U[ξ]ᵀ, then each tile's B Z Bᵀ is added into ∂L/∂X (tiles overlap by 2 pixels).
// The α² GEMMs of a chunk run on the worker threads, one single-threaded product each.
//
// Float32 error: F(2×2)'s transforms add up to 16 terms with coefficients ±1 and ±½, so each result
// carries a rounding error of a few ulps of the sum of the products' magnitudes, a small constant
// times that of an im2col GEMM. F(4×4)'s coefficients reach 8 and cancel, so its error is larger.
// `WinogradConv2DTests` states and checks the bounds of both.

enum WinogradConv2D {
  /// Whether `g` takes this route: a 3×3 window, stride and dilation 1, one group, at least 64
  /// input and 32 output channels. The α² products have k = C_in (forward) and k = C_out (input
  /// gradient) where im2col's one product has k = 9·C_in: with fewer channels OpenBLAS runs them
  /// too far below its peak for the 2.25× saving to show (measured on the CIFAR CNN's 32 → 64
  /// layer: 5.4 ms against im2col's 4.1 ms per step; docs/performance.md).
  static func applies(_ g: Conv2DGeometry) -> Bool {
    g.kernelHeight == 3 && g.kernelWidth == 3 && g.height.stride == 1 && g.width.stride == 1
      && g.height.dilation == 1 && g.width.dilation == 1 && g.groups == 1
      && g.inputChannels >= minimumInputChannels && g.outputChannels >= minimumOutputChannels
  }

  static let minimumInputChannels = 64
  static let minimumOutputChannels = 32

  /// The output tile sides there is an algorithm for.
  static let outputTiles = [2, 4]

  static func tileRows(_ g: Conv2DGeometry, tile m: Int) -> Int { (g.outputHeight + m - 1) / m }
  static func tileColumns(_ g: Conv2DGeometry, tile m: Int) -> Int { (g.outputWidth + m - 1) / m }
  static func points(tile m: Int) -> Int { (m + 2) * (m + 2) }

  /// Workspace floats per row of tiles: V (or Z) and M (or Ŷ).
  static func floatsPerTileRow(_ g: Conv2DGeometry, tile m: Int) -> Int {
    points(tile: m) * tileColumns(g, tile: m) * (g.inputChannels + g.outputChannels)
  }

  /// The bytes of V and M for one chunk of tile rows, when the workspace allows as much: small
  /// enough to stay in the caches between the transforms and the products. On the U-Net's
  /// convolutions (`bench/run.sh layers`, two rounds) 4 MiB gave 1,825 and 1,948 ms per step;
  /// 2, 8, 16 and 64 MiB gave 2,136–2,743 ms (docs/performance.md).
  static let chunkBytes = 4 << 20

  /// Fixed workspace floats: U, N, a row of zeros for pixels outside the image, and the gaps
  /// between the α² matrices of V and of M.
  static func fixedFloats(_ g: Conv2DGeometry, tile m: Int) -> Int {
    let p = points(tile: m)
    return 2 * p * g.inputChannels * g.outputChannels + max(g.inputChannels, g.outputChannels) + 2 * p * gap
  }

  /// Floats between consecutive ξ matrices of V, M, Ŷ and Z, so that their starts are not a
  /// multiple of 4 KiB apart and the transforms' α² streams of loads or stores do not share L1
  /// sets. A precaution: its effect alone was not measured (docs/performance.md).
  static let gap = 16

  /// Distance between the starts of consecutive ξ matrices of `t` rows of `c` floats.
  @inline(__always)
  static func matrixStride(tiles t: Int, channels c: Int) -> Int { t * c + gap }

  /// Rows of tiles (over the whole batch, sample after sample) per chunk: at most `chunkBytes` and
  /// the workspace's limit, at least one.
  static func rowsPerChunk(_ g: Conv2DGeometry, tile m: Int, batch: Int, byteLimit: Int) -> Int {
    let bytes = min(byteLimit, chunkBytes) / MemoryLayout<Float>.stride
    return max(1, min(batch * tileRows(g, tile: m), bytes / floatsPerTileRow(g, tile: m)))
  }

  /// Workspace floats needed for a batch of `batch`.
  static func workspaceFloats(_ g: Conv2DGeometry, tile m: Int, batch: Int, byteLimit: Int) -> Int {
    rowsPerChunk(g, tile: m, batch: batch, byteLimit: byteLimit) * floatsPerTileRow(g, tile: m)
      + fixedFloats(g, tile: m)
  }

  /// The workspace's parts for a chunk of `chunk` tile rows.
  private struct Parts {
    let u: UnsafeMutablePointer<Float>, n: UnsafeMutablePointer<Float>, zeros: UnsafeMutablePointer<Float>
    let v: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>
    let chunk: Int

    init(_ g: Conv2DGeometry, tile: Int, batch: Int, workspace: Conv2DWorkspace) {
      let ci = g.inputChannels, co = g.outputChannels, p = points(tile: tile)
      chunk = rowsPerChunk(g, tile: tile, batch: batch, byteLimit: workspace.byteLimit)
      let space = workspace.columns(
        count: workspaceFloats(g, tile: tile, batch: batch, byteLimit: workspace.byteLimit))
      u = space
      n = u + p * ci * co
      zeros = n + p * ci * co
      v = zeros + max(ci, co)
      m = v + p * matrixStride(tiles: chunk * tileColumns(g, tile: tile), channels: ci)
      zeros.update(repeating: 0, count: max(ci, co))
    }
  }

  static func forward(
    _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    _ y: UnsafeMutablePointer<Float>, _ g: Conv2DGeometry, batch n: Int, workspace: Conv2DWorkspace
  ) {
    if workspace.winogradTile == 4 {
      forward(WinogradTile4.self, x, w, bias: bias, y, g, batch: n, workspace: workspace)
    } else {
      forward(WinogradTile.self, x, w, bias: bias, y, g, batch: n, workspace: workspace)
    }
  }

  /// Kernel gradient (accumulated into `dw`) and input gradient (added to `dx`).
  static func backward(
    _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
    dx: UnsafeMutablePointer<Float>?, dw: UnsafeMutablePointer<Float>?, _ g: Conv2DGeometry, batch n: Int,
    workspace: Conv2DWorkspace
  ) {
    if workspace.winogradTile == 4 {
      backward(WinogradTile4.self, x, w, dy, dx: dx, dw: dw, g, batch: n, workspace: workspace)
    } else {
      backward(WinogradTile.self, x, w, dy, dx: dx, dw: dw, g, batch: n, workspace: workspace)
    }
  }

  private static func forward<T: WinogradTiling>(
    _ tile: T.Type, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    _ y: UnsafeMutablePointer<Float>, _ g: Conv2DGeometry, batch n: Int, workspace: Conv2DWorkspace
  ) {
    let ci = g.inputChannels, co = g.outputChannels, m = T.outputSide
    let parts = Parts(g, tile: m, batch: n, workspace: workspace)
    transformKernel(T.self, w, into: parts.u, inputChannels: ci, outputChannels: co)
    let rows = n * tileRows(g, tile: m)
    var first = 0
    while first < rows {
      let count = min(parts.chunk, rows - first)
      let t = count * tileColumns(g, tile: m)
      transformInput(T.self, x, first: first, count: count, g, zeros: parts.zeros, into: parts.v)
      let sv = matrixStride(tiles: t, channels: ci), sm = matrixStride(tiles: t, channels: co)
      products(T.points, work: t * ci * co) { xi in
        callSgemm(
          false, false, t, co, ci, 1, parts.v + xi * sv, ci, parts.u + xi * ci * co, co, 0, parts.m + xi * sm, co)
      }
      transformOutput(T.self, parts.m, bias: bias, first: first, count: count, g, into: y)
      first += count
    }
  }

  private static func backward<T: WinogradTiling>(
    _ tile: T.Type, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
    dx: UnsafeMutablePointer<Float>?, dw: UnsafeMutablePointer<Float>?, _ g: Conv2DGeometry, batch n: Int,
    workspace: Conv2DWorkspace
  ) {
    let ci = g.inputChannels, co = g.outputChannels, m = T.outputSide
    let parts = Parts(g, tile: m, batch: n, workspace: workspace)
    if dx != nil { transformKernel(T.self, w, into: parts.u, inputChannels: ci, outputChannels: co) }
    let rows = n * tileRows(g, tile: m)
    var first = 0
    while first < rows {
      let count = min(parts.chunk, rows - first)
      let t = count * tileColumns(g, tile: m)
      let yHat = parts.m
      let sv = matrixStride(tiles: t, channels: ci), sm = matrixStride(tiles: t, channels: co)
      transformOutputGradient(T.self, dy, first: first, count: count, g, zeros: parts.zeros, into: yHat)
      if dw != nil {
        transformInput(T.self, x, first: first, count: count, g, zeros: parts.zeros, into: parts.v)
        let beta: Float = first == 0 ? 0 : 1
        products(T.points, work: t * ci * co) { xi in
          callSgemm(
            true, false, ci, co, t, 1, parts.v + xi * sv, ci, yHat + xi * sm, co, beta,
            parts.n + xi * ci * co, co)
        }
      }
      if let dx {
        let z = parts.v
        products(T.points, work: t * ci * co) { xi in
          callSgemm(
            false, true, t, ci, co, 1, yHat + xi * sm, co, parts.u + xi * ci * co, co, 0, z + xi * sv, ci)
        }
        addInputGradient(T.self, z, first: first, count: count, g, into: dx)
      }
      first += count
    }
    if let dw { addKernelGradient(T.self, parts.n, into: dw, inputChannels: ci, outputChannels: co) }
  }

  /// Runs `body(ξ)` for ξ in 0 ..< count on the worker threads.
  private static func products(_ count: Int, work: Int, _ body: (Int) -> Void) {
    precondition(BLASThreads.configured)
    parallelFor(count, workPerItem: work, minimumWork: BLASThreads.minimumSplitWork) { range in
      for xi in range { body(xi) }
    }
  }

  // MARK: Transforms over the whole chunk

  /// U[ξ][c][o] = (G W[·,·,c,o] Gᵀ)[ξ], vectorized over the C_in·C_out (c, o) pairs.
  static func transformKernel<T: WinogradTiling>(
    _ tile: T.Type, _ w: UnsafePointer<Float>, into u: UnsafeMutablePointer<Float>, inputChannels ci: Int, outputChannels co: Int
  ) {
    let pairs = ci * co
    forEachVectorBlock(pairs) { k, _ in
      T.kernel({ loadVector(w + $0 * pairs + k) }, { storeVector($1, u + $0 * pairs + k) })
    }
  }

  /// W[·,·,c,o] += (Gᵀ N[·][c][o] G).
  static func addKernelGradient<T: WinogradTiling>(
    _ tile: T.Type, _ nSum: UnsafePointer<Float>, into dw: UnsafeMutablePointer<Float>, inputChannels ci: Int,
    outputChannels co: Int
  ) {
    let pairs = ci * co
    forEachVectorBlock(pairs) { k, done in
      T.kernelGradient({ loadVector(nSum + $0 * pairs + k) }) { tap, value in
        let p = dw + tap * pairs + k
        storeVector(loadVector(p) + value.replacing(with: 0, where: done), p)
      }
    }
  }

  /// V[ξ][t][c] for tile rows `first ..< first + count` (tile rows are counted over the whole batch,
  /// sample after sample, in all four transforms).
  static func transformInput<T: WinogradTiling>(
    _ tile: T.Type, _ x: UnsafePointer<Float>, first: Int, count: Int, _ g: Conv2DGeometry,
    zeros: UnsafePointer<Float>, into v: UnsafeMutablePointer<Float>
  ) {
    let ci = g.inputChannels, h = g.height.input, wd = g.width.input, m = T.outputSide, a = T.inputSide
    let th = tileRows(g, tile: m), tw = tileColumns(g, tile: m)
    let stride = matrixStride(tiles: count * tw, channels: ci)
    parallelFor(count, workPerItem: tw * T.points * ci) { range in
      withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: T.points) { d in
        for row in range {
          let s = (first + row) / th, ti = (first + row) % th
          for tj in 0..<tw {
            for r in 0..<a {
              let ih = m * ti + r - g.height.padBefore
              for q in 0..<a {
                let iw = m * tj + q - g.width.padBefore
                d[r * a + q] =
                  ih >= 0 && ih < h && iw >= 0 && iw < wd ? x + ((s * h + ih) * wd + iw) * ci : zeros
              }
            }
            let out = v + (row * tw + tj) * ci
            forEachVectorBlock(ci) { c, _ in
              T.input({ loadVector(d[$0] + c) }, { storeVector($1, out + $0 * stride + c) })
            }
          }
        }
      }
    }
  }

  /// Y = Aᵀ M A (+ bias) for tile rows `first ..< first + count`; outputs past the image are dropped.
  static func transformOutput<T: WinogradTiling>(
    _ tile: T.Type, _ m: UnsafePointer<Float>, bias: UnsafePointer<Float>?, first: Int, count: Int,
    _ g: Conv2DGeometry, into y: UnsafeMutablePointer<Float>
  ) {
    let co = g.outputChannels, ho = g.outputHeight, wo = g.outputWidth, side = T.outputSide
    let th = tileRows(g, tile: side), tw = tileColumns(g, tile: side)
    let stride = matrixStride(tiles: count * tw, channels: co)
    parallelFor(count, workPerItem: tw * T.points * co) { range in
      for row in range {
        let s = (first + row) / th, ti = (first + row) % th
        for tj in 0..<tw {
          let src = m + (row * tw + tj) * co
          forEachVectorBlock(co) { o, _ in
            let b = bias.map { loadVector($0 + o) } ?? WinogradVector()
            T.output({ loadVector(src + $0 * stride + o) }) { k, value in
              let oh = side * ti + k / side, ow = side * tj + k % side
              if oh < ho && ow < wo { storeVector(value + b, y + ((s * ho + oh) * wo + ow) * co + o) }
            }
          }
        }
      }
    }
  }

  /// Ŷ[ξ][t][o] = (A dY Aᵀ)[ξ] for tile rows `first ..< first + count` (dY taken as zero past the
  /// image).
  static func transformOutputGradient<T: WinogradTiling>(
    _ tile: T.Type, _ dy: UnsafePointer<Float>, first: Int, count: Int, _ g: Conv2DGeometry,
    zeros: UnsafePointer<Float>, into yHat: UnsafeMutablePointer<Float>
  ) {
    let co = g.outputChannels, ho = g.outputHeight, wo = g.outputWidth, m = T.outputSide
    let th = tileRows(g, tile: m), tw = tileColumns(g, tile: m)
    let stride = matrixStride(tiles: count * tw, channels: co)
    parallelFor(count, workPerItem: tw * T.points * co) { range in
      withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: m * m) { d in
        for row in range {
          let s = (first + row) / th, ti = (first + row) % th
          for tj in 0..<tw {
            for k in 0..<(m * m) {
              let oh = m * ti + k / m, ow = m * tj + k % m
              d[k] = oh < ho && ow < wo ? dy + ((s * ho + oh) * wo + ow) * co : zeros
            }
            let out = yHat + (row * tw + tj) * co
            forEachVectorBlock(co) { o, _ in
              T.outputGradient({ loadVector(d[$0] + o) }, { storeVector($1, out + $0 * stride + o) })
            }
          }
        }
      }
    }
  }

  /// dX += B Z Bᵀ of every tile of tile rows `first ..< first + count`, inside the image. Tile rows
  /// overlap their neighbours by 2 pixels (and only them: m ≥ 2), so even and odd tile rows run in
  /// two passes.
  static func addInputGradient<T: WinogradTiling>(
    _ kind: T.Type, _ z: UnsafePointer<Float>, first: Int, count: Int, _ g: Conv2DGeometry,
    into dx: UnsafeMutablePointer<Float>
  ) {
    let ci = g.inputChannels, h = g.height.input, wd = g.width.input, m = T.outputSide, a = T.inputSide
    let th = tileRows(g, tile: m), tw = tileColumns(g, tile: m)
    let stride = matrixStride(tiles: count * tw, channels: ci)
    for parity in 0..<2 {
      parallelFor(count, workPerItem: tw * T.points / 2 * ci) { range in
        withUnsafeTemporaryAllocation(of: WinogradVector.self, capacity: T.points) { tile in
          for row in range {
            let s = (first + row) / th, ti = (first + row) % th
            if ti % 2 != parity { continue }
            for tj in 0..<tw {
              let src = z + (row * tw + tj) * ci
              forEachVectorBlock(ci) { c, done in
                T.inputGradient({ loadVector(src + $0 * stride + c) }) {
                  tile[$0] = $1.replacing(with: 0, where: done)
                }
                for r in 0..<a {
                  let ih = m * ti + r - g.height.padBefore
                  if ih < 0 || ih >= h { continue }
                  let line = dx + (s * h + ih) * wd * ci + c
                  for q in 0..<a {
                    let iw = m * tj + q - g.width.padBefore
                    if iw < 0 || iw >= wd { continue }
                    let p = line + iw * ci
                    storeVector(loadVector(p) + tile[r * a + q], p)
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
