// A direct few-channel convolution forward kernel (4 output pixels × 8 output channels with the
// accumulators in registers, over the taps of a pre-gathered patch), compiled twice by run.sh: for
// baseline x86-64 (what the package builds today) and for a named CPU (`-target-cpu haswell`:
// AVX2 and FMA). Measures what Swift's code generation gives the same source; see
// docs/performance.md ("Round 5"). Not part of the package or of `swift test`.

typealias Vector8 = SIMD8<Float>

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> Vector8 { UnsafeRawPointer(p).loadUnaligned(as: Vector8.self) }

@inline(__always)
func store8(_ v: Vector8, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector8.self)
}

/// Rows of `out` (`cOut` floats each) for four pixels whose patches are rows of `rows`
/// (`stride` apart), `taps` long; `w` is `taps × cOut`.
@inline(never)
func forwardGroup(
  _ rows: UnsafePointer<Float>, stride: Int, taps: Int, _ w: UnsafePointer<Float>, cOut: Int,
  _ out: UnsafeMutablePointer<Float>
) {
  var o = 0
  while o < cOut {
    var a0 = Vector8(), a1 = Vector8(), a2 = Vector8(), a3 = Vector8()
    var wt = w + o
    for t in 0..<taps {
      let wv = load8(wt)
      a0 += Vector8(repeating: rows[t]) * wv
      a1 += Vector8(repeating: rows[stride + t]) * wv
      a2 += Vector8(repeating: rows[2 * stride + t]) * wv
      a3 += Vector8(repeating: rows[3 * stride + t]) * wv
      wt += cOut
    }
    store8(a0, out + o)
    store8(a1, out + cOut + o)
    store8(a2, out + 2 * cOut + o)
    store8(a3, out + 3 * cOut + o)
    o += Vector8.scalarCount
  }
}
