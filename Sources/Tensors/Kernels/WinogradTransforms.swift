// The tile transforms of Winograd's F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for Convolutional
// Neural Networks", 2016), on channel vectors of 8 floats.
//
// For a 4×4 input tile d and a 3×3 kernel g, the 2×2 output tile of the correlation is
//   Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A
// with
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],  G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
//   Aᵀ = [1 1 1 0; 0 1 −1 −1].
// Y is linear in g and in d, so the gradients are the transposed maps (no other matrices):
//   ∂L/∂g = Gᵀ [(Bᵀ d B) ⊙ (A dY Aᵀ)] G        ∂L/∂d = B [(G g Gᵀ) ⊙ (A dY Aᵀ)] Bᵀ.
// Every entry is 0, ±1 or ±½, so the transforms only add, subtract and halve (halving is exact).
//
// Each function works on one tile for 8 consecutive channels: it reads its 16 (or 9, or 4) operands
// through pointers and writes its results through pointers, so the caller chooses the layouts.

typealias WinogradVector = SIMD8<Float>

@inline(__always)
func loadVector(_ p: UnsafePointer<Float>) -> WinogradVector {
  UnsafeRawPointer(p).loadUnaligned(as: WinogradVector.self)
}

@inline(__always)
func storeVector(_ v: WinogradVector, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: WinogradVector.self)
}

/// Calls `body(offset, mask)` for blocks of 8 covering `0 ..< count` (`count` ≥ 8). The last
/// block starts at `count − 8` and may overlap the one before; `mask` is true for its lanes that
/// were already covered, so that accumulating callers can leave them out (others rewrite them with
/// the same values).
@inline(__always)
func forEachVectorBlock(_ count: Int, _ body: (Int, SIMDMask<WinogradVector.MaskStorage>) -> Void) {
  precondition(count >= WinogradVector.scalarCount)
  let width = WinogradVector.scalarCount
  var c = 0
  let none = SIMDMask<WinogradVector.MaskStorage>(repeating: false)
  while c + width <= count {
    body(c, none)
    c += width
  }
  if c < count {
    let start = count - width
    let done = c - start
    var mask = none
    for lane in 0..<done { mask[lane] = true }
    body(start, mask)
  }
}

/// One Winograd F(m×m, 3×3) algorithm: its output tile side m (the input tile is m + 2) and the
/// six tile transforms `WinogradConv2D` runs, each on one tile of 8 channels, reading operands
/// through `load(index)` and handing results to `store(index, value)` (row-major tiles).
protocol WinogradTiling {
  static var outputSide: Int { get }
  /// V = Bᵀ d B: α² → α² (α = m + 2).
  static func input(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void)
  /// ∂L/∂d = B Z Bᵀ: α² → α².
  static func inputGradient(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void)
  /// U = G g Gᵀ: 9 → α².
  static func kernel(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void)
  /// ∂L/∂g = Gᵀ N G: α² → 9.
  static func kernelGradient(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void)
  /// Y = Aᵀ M A: α² → m².
  static func output(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void)
  /// Ŷ = A dY Aᵀ: m² → α².
  static func outputGradient(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void)
}

extension WinogradTiling {
  /// Side of the input tile, α = m + 2.
  static var inputSide: Int { outputSide + 2 }
  /// Number of transformed points per tile, α²: the number of products per chunk.
  static var points: Int { WinogradConv2D.points(tile: outputSide) }
}

/// F(2×2, 3×3).
enum WinogradTile: WinogradTiling {
  static let outputSide = 2

  /// Bᵀ applied to a column of four: (d0 − d2, d1 + d2, d2 − d1, d1 − d3).
  @inline(__always)
  static func bt(_ d0: WinogradVector, _ d1: WinogradVector, _ d2: WinogradVector, _ d3: WinogradVector)
    -> (WinogradVector, WinogradVector, WinogradVector, WinogradVector)
  {
    (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
  }

  /// B applied to a column of four: (z0, z1 − z2 + z3, −z0 + z1 + z2, −z3).
  @inline(__always)
  static func b(_ z0: WinogradVector, _ z1: WinogradVector, _ z2: WinogradVector, _ z3: WinogradVector)
    -> (WinogradVector, WinogradVector, WinogradVector, WinogradVector)
  {
    (z0, z1 - z2 + z3, z1 + z2 - z0, -z3)
  }

  /// G applied to a column of three: (g0, ½(g0 + g1 + g2), ½(g0 − g1 + g2), g2).
  @inline(__always)
  static func g(_ g0: WinogradVector, _ g1: WinogradVector, _ g2: WinogradVector)
    -> (WinogradVector, WinogradVector, WinogradVector, WinogradVector)
  {
    let even = g0 + g2
    return (g0, 0.5 * (even + g1), 0.5 * (even - g1), g2)
  }

  /// Gᵀ applied to a column of four: (n0 + ½(n1 + n2), ½(n1 − n2), ½(n1 + n2) + n3).
  @inline(__always)
  static func gt(_ n0: WinogradVector, _ n1: WinogradVector, _ n2: WinogradVector, _ n3: WinogradVector)
    -> (WinogradVector, WinogradVector, WinogradVector)
  {
    let half = 0.5 * (n1 + n2)
    return (n0 + half, 0.5 * (n1 - n2), half + n3)
  }

  /// Aᵀ applied to a column of four: (m0 + m1 + m2, m1 − m2 − m3).
  @inline(__always)
  static func at(_ m0: WinogradVector, _ m1: WinogradVector, _ m2: WinogradVector, _ m3: WinogradVector)
    -> (WinogradVector, WinogradVector)
  {
    (m0 + m1 + m2, m1 - m2 - m3)
  }

  /// A applied to a column of two: (y0, y0 + y1, y0 − y1, −y1).
  @inline(__always)
  static func a(_ y0: WinogradVector, _ y1: WinogradVector)
    -> (WinogradVector, WinogradVector, WinogradVector, WinogradVector)
  {
    (y0, y0 + y1, y0 - y1, -y1)
  }

  // Each tile transform reads its operands through `load(index)` (row-major in the tile) and
  // hands its results to `store(index, value)`, so the caller chooses the layouts. The 2-D transform
  // X ↦ L X Rᵀ is the 1-D one on every column, then on every row of the result.

  typealias Four = (WinogradVector, WinogradVector, WinogradVector, WinogradVector)

  /// L X Lᵀ for a 4×4 tile X and a 4×4 matrix L given as its action on a column.
  @inline(__always)
  static func fourByFour(
    _ l: (WinogradVector, WinogradVector, WinogradVector, WinogradVector) -> Four,
    _ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void
  ) {
    let c0 = l(load(0), load(4), load(8), load(12)), c1 = l(load(1), load(5), load(9), load(13))
    let c2 = l(load(2), load(6), load(10), load(14)), c3 = l(load(3), load(7), load(11), load(15))
    store4(0, l(c0.0, c1.0, c2.0, c3.0), store)
    store4(4, l(c0.1, c1.1, c2.1, c3.1), store)
    store4(8, l(c0.2, c1.2, c2.2, c3.2), store)
    store4(12, l(c0.3, c1.3, c2.3, c3.3), store)
  }

  /// V = Bᵀ d B: 16 → 16.
  @inline(__always)
  static func input(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    fourByFour(bt, load, store)
  }

  /// ∂L/∂d = B Z Bᵀ: 16 → 16.
  @inline(__always)
  static func inputGradient(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    fourByFour(b, load, store)
  }

  /// U = G g Gᵀ: 9 → 16.
  @inline(__always)
  static func kernel(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    let c0 = g(load(0), load(3), load(6)), c1 = g(load(1), load(4), load(7)), c2 = g(load(2), load(5), load(8))
    store4(0, g(c0.0, c1.0, c2.0), store)
    store4(4, g(c0.1, c1.1, c2.1), store)
    store4(8, g(c0.2, c1.2, c2.2), store)
    store4(12, g(c0.3, c1.3, c2.3), store)
  }

  /// ∂L/∂g = Gᵀ N G: 16 → 9.
  @inline(__always)
  static func kernelGradient(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    let c0 = gt(load(0), load(4), load(8), load(12)), c1 = gt(load(1), load(5), load(9), load(13))
    let c2 = gt(load(2), load(6), load(10), load(14)), c3 = gt(load(3), load(7), load(11), load(15))
    let r0 = gt(c0.0, c1.0, c2.0, c3.0), r1 = gt(c0.1, c1.1, c2.1, c3.1), r2 = gt(c0.2, c1.2, c2.2, c3.2)
    store(0, r0.0)
    store(1, r0.1)
    store(2, r0.2)
    store(3, r1.0)
    store(4, r1.1)
    store(5, r1.2)
    store(6, r2.0)
    store(7, r2.1)
    store(8, r2.2)
  }

  /// Y = Aᵀ M A: 16 → 4.
  @inline(__always)
  static func output(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    let c0 = at(load(0), load(4), load(8), load(12)), c1 = at(load(1), load(5), load(9), load(13))
    let c2 = at(load(2), load(6), load(10), load(14)), c3 = at(load(3), load(7), load(11), load(15))
    let r0 = at(c0.0, c1.0, c2.0, c3.0), r1 = at(c0.1, c1.1, c2.1, c3.1)
    store(0, r0.0)
    store(1, r0.1)
    store(2, r1.0)
    store(3, r1.1)
  }

  /// Ŷ = A dY Aᵀ: 4 → 16.
  @inline(__always)
  static func outputGradient(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    let c0 = a(load(0), load(2)), c1 = a(load(1), load(3))
    store4(0, a(c0.0, c1.0), store)
    store4(4, a(c0.1, c1.1), store)
    store4(8, a(c0.2, c1.2), store)
    store4(12, a(c0.3, c1.3), store)
  }

  @inline(__always)
  static func store4(
    _ first: Int, _ r: (WinogradVector, WinogradVector, WinogradVector, WinogradVector),
    _ store: (Int, WinogradVector) -> Void
  ) {
    store(first, r.0)
    store(first + 1, r.1)
    store(first + 2, r.2)
    store(first + 3, r.3)
  }
}
