// The tile transforms of Winograd's F(4×4, 3×3) (Lavin & Gray 2016, interpolation points 0, ±1, ±2),
// on channel vectors of 8 floats; the same contract as `WinogradTile` (F(2×2, 3×3)).
//
// For a 6×6 input tile d and a 3×3 kernel g, the 4×4 output tile is Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A:
//   Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1],
//   G  = [¼ 0 0; −⅙ −⅙ −⅙; −⅙ ⅙ −⅙; 1⁄24 1⁄12 ⅙; 1⁄24 −1⁄12 ⅙; 0 0 1],
//   Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1].
// 36 products per 4×4 output tile and channel pair instead of 144: 4× fewer than the definition,
// 1.78× fewer than F(2×2, 3×3). The price is rounding: the coefficients reach 5 (Bᵀ) and 8 (Aᵀ), so
// sums inside the transforms can cancel, and ⅙ and 1⁄24 are not exact in binary.
// `WinogradConv2DTests` states the bound and measures both tile sizes against the definition.

enum WinogradTile4: WinogradTiling {
  static let outputSide = 4

  typealias Six = (WinogradVector, WinogradVector, WinogradVector, WinogradVector, WinogradVector, WinogradVector)

  /// Bᵀ on a column of six.
  @inline(__always)
  static func bt(_ d: Six) -> Six {
    let a = d.4 - 4 * d.2, b = d.3 - 4 * d.1
    let c = d.4 - d.2, e = 2 * (d.3 - d.1)
    return (4 * d.0 - 5 * d.2 + d.4, a + b, a - b, c + e, c - e, 4 * d.1 - 5 * d.3 + d.5)
  }

  /// B on a column of six (the transpose of `bt`).
  @inline(__always)
  static func b(_ z: Six) -> Six {
    (
      4 * z.0,
      4 * (z.2 - z.1 + z.5) + 2 * (z.4 - z.3),
      -5 * z.0 - 4 * (z.1 + z.2) - (z.3 + z.4),
      (z.1 - z.2) + 2 * (z.3 - z.4) - 5 * z.5,
      z.0 + z.1 + z.2 + z.3 + z.4,
      z.5
    )
  }

  /// G on a column of three.
  @inline(__always)
  static func g(_ g0: WinogradVector, _ g1: WinogradVector, _ g2: WinogradVector) -> Six {
    let sixth: Float = 1.0 / 6, even = g0 + g2
    let p = g0 * (1.0 / 24) + g2 * sixth, q = g1 * (1.0 / 12)
    return (0.25 * g0, -sixth * (even + g1), -sixth * (even - g1), p + q, p - q, g2)
  }

  /// Gᵀ on a column of six (three results).
  @inline(__always)
  static func gt(_ n: Six) -> (WinogradVector, WinogradVector, WinogradVector) {
    let sixth: Float = 1.0 / 6
    let s12 = n.1 + n.2, s34 = n.3 + n.4
    return (
      0.25 * n.0 - sixth * s12 + (1.0 / 24) * s34,
      sixth * (n.2 - n.1) + (1.0 / 12) * (n.3 - n.4),
      sixth * (s34 - s12) + n.5
    )
  }

  /// Aᵀ on a column of six (four results).
  @inline(__always)
  static func at(_ m: Six) -> WinogradTile.Four {
    let s12 = m.1 + m.2, d12 = m.1 - m.2, s34 = m.3 + m.4, d34 = m.3 - m.4
    return (m.0 + s12 + s34, d12 + 2 * d34, s12 + 4 * s34, d12 + 8 * d34 + m.5)
  }

  /// A on a column of four (six results).
  @inline(__always)
  static func a(_ y: WinogradTile.Four) -> Six {
    let e = y.0 + y.2, o = y.1 + y.3, e4 = y.0 + 4 * y.2, o4 = 2 * y.1 + 8 * y.3
    return (y.0, e + o, e - o, e4 + o4, e4 - o4, y.3)
  }

  // The 2-D transforms, row-major tiles: the 1-D map on every column, then on every row of that.

  @inline(__always)
  private static func column(_ load: (Int) -> WinogradVector, _ j: Int) -> Six {
    (load(j), load(6 + j), load(12 + j), load(18 + j), load(24 + j), load(30 + j))
  }

  @inline(__always)
  private static func store6(_ first: Int, _ r: Six, _ store: (Int, WinogradVector) -> Void) {
    store(first, r.0)
    store(first + 1, r.1)
    store(first + 2, r.2)
    store(first + 3, r.3)
    store(first + 4, r.4)
    store(first + 5, r.5)
  }

  /// L X Lᵀ for a 6×6 tile and a 6×6 matrix L given as its action on a column.
  @inline(__always)
  private static func sixBySix(
    _ l: (Six) -> Six, _ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void
  ) {
    let c0 = l(column(load, 0)), c1 = l(column(load, 1)), c2 = l(column(load, 2))
    let c3 = l(column(load, 3)), c4 = l(column(load, 4)), c5 = l(column(load, 5))
    store6(0, l((c0.0, c1.0, c2.0, c3.0, c4.0, c5.0)), store)
    store6(6, l((c0.1, c1.1, c2.1, c3.1, c4.1, c5.1)), store)
    store6(12, l((c0.2, c1.2, c2.2, c3.2, c4.2, c5.2)), store)
    store6(18, l((c0.3, c1.3, c2.3, c3.3, c4.3, c5.3)), store)
    store6(24, l((c0.4, c1.4, c2.4, c3.4, c4.4, c5.4)), store)
    store6(30, l((c0.5, c1.5, c2.5, c3.5, c4.5, c5.5)), store)
  }

  /// V = Bᵀ d B: 36 → 36.
  @inline(__always)
  static func input(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    sixBySix(bt, load, store)
  }

  /// ∂L/∂d = B Z Bᵀ: 36 → 36.
  @inline(__always)
  static func inputGradient(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    sixBySix(b, load, store)
  }

  /// U = G g Gᵀ: 9 → 36.
  @inline(__always)
  static func kernel(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    let c0 = g(load(0), load(3), load(6)), c1 = g(load(1), load(4), load(7)), c2 = g(load(2), load(5), load(8))
    store6(0, g(c0.0, c1.0, c2.0), store)
    store6(6, g(c0.1, c1.1, c2.1), store)
    store6(12, g(c0.2, c1.2, c2.2), store)
    store6(18, g(c0.3, c1.3, c2.3), store)
    store6(24, g(c0.4, c1.4, c2.4), store)
    store6(30, g(c0.5, c1.5, c2.5), store)
  }

  /// ∂L/∂g = Gᵀ N G: 36 → 9.
  @inline(__always)
  static func kernelGradient(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    let c0 = gt(column(load, 0)), c1 = gt(column(load, 1)), c2 = gt(column(load, 2))
    let c3 = gt(column(load, 3)), c4 = gt(column(load, 4)), c5 = gt(column(load, 5))
    store3(0, gt((c0.0, c1.0, c2.0, c3.0, c4.0, c5.0)), store)
    store3(3, gt((c0.1, c1.1, c2.1, c3.1, c4.1, c5.1)), store)
    store3(6, gt((c0.2, c1.2, c2.2, c3.2, c4.2, c5.2)), store)
  }

  @inline(__always)
  private static func store3(
    _ first: Int, _ r: (WinogradVector, WinogradVector, WinogradVector), _ store: (Int, WinogradVector) -> Void
  ) {
    store(first, r.0)
    store(first + 1, r.1)
    store(first + 2, r.2)
  }

  /// Y = Aᵀ M A: 36 → 16.
  @inline(__always)
  static func output(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    let c0 = at(column(load, 0)), c1 = at(column(load, 1)), c2 = at(column(load, 2))
    let c3 = at(column(load, 3)), c4 = at(column(load, 4)), c5 = at(column(load, 5))
    WinogradTile.store4(0, at((c0.0, c1.0, c2.0, c3.0, c4.0, c5.0)), store)
    WinogradTile.store4(4, at((c0.1, c1.1, c2.1, c3.1, c4.1, c5.1)), store)
    WinogradTile.store4(8, at((c0.2, c1.2, c2.2, c3.2, c4.2, c5.2)), store)
    WinogradTile.store4(12, at((c0.3, c1.3, c2.3, c3.3, c4.3, c5.3)), store)
  }

  /// Ŷ = A dY Aᵀ: 16 → 36.
  @inline(__always)
  static func outputGradient(_ load: (Int) -> WinogradVector, _ store: (Int, WinogradVector) -> Void) {
    let c0 = a((load(0), load(4), load(8), load(12))), c1 = a((load(1), load(5), load(9), load(13)))
    let c2 = a((load(2), load(6), load(10), load(14))), c3 = a((load(3), load(7), load(11), load(15)))
    store6(0, a((c0.0, c1.0, c2.0, c3.0)), store)
    store6(6, a((c0.1, c1.1, c2.1, c3.1)), store)
    store6(12, a((c0.2, c1.2, c2.2, c3.2)), store)
    store6(18, a((c0.3, c1.3, c2.3, c3.3)), store)
    store6(24, a((c0.4, c1.4, c2.4, c3.4)), store)
    store6(30, a((c0.5, c1.5, c2.5, c3.5)), store)
  }
}
