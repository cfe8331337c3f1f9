import Testing

@testable import Tensors

/// `sgemm`'s own parallel split: a product large enough is cut into blocks of rows of C (or of
/// columns, when C is wider than tall), one single-threaded OpenBLAS call per block on
/// `parallelFor`'s threads. Each block must read only its rows (columns) of op(A) (op(B)) and
/// write only its part of C; under ThreadSanitizer (scripts/sanitizers.sh) this is the test that
/// runs the split on several threads within the test process.
@Suite struct GEMMSplitTests {
  /// Row split (m ≥ n) and column split (n > m), each with every transpose; m·n·k is just above
  /// `BLASThreads.minimumSplitWork`, and C has padding columns (ldc > n) that must stay untouched.
  @Test(arguments: [(m: 256, n: 64, k: 514), (m: 64, n: 256, k: 514)])
  func splitProductMatchesTheNaiveLoopsAndWritesOnlyC(size: (m: Int, n: Int, k: Int)) {
    let (m, n, k) = size
    #expect(m * n * k >= BLASThreads.minimumSplitWork)
    let alpha: Float = 0.75, beta: Float = -0.5, padding = 3, sentinel: Float = 12345
    for transposeA in [false, true] {
      for transposeB in [false, true] {
        // op(A) is m×k: A is stored m×k, or k×m when transposed; likewise op(B) is k×n.
        let (aRows, aColumns) = transposeA ? (k, m) : (m, k)
        let (bRows, bColumns) = transposeB ? (n, k) : (k, n)
        let a = (0..<(aRows * aColumns)).map { Float(($0 * 37) % 101) / 101 - 0.5 }
        let b = (0..<(bRows * bColumns)).map { Float(($0 * 53) % 97) / 97 - 0.5 }
        let ldc = n + padding
        var c = (0..<(m * ldc)).map { $0 % ldc < n ? Float(($0 * 11) % 13) / 13 : sentinel }
        let initial = c
        a.withUnsafeBufferPointer { a in
          b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
              sgemm(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                a: a.baseAddress!, lda: aColumns, b: b.baseAddress!, ldb: bColumns, beta: beta,
                c: c.baseAddress!, ldc: ldc)
            }
          }
        }
        var expected = [Float](repeating: sentinel, count: m * ldc)
        for i in 0..<m {
          for j in 0..<n {
            var sum = 0.0
            for p in 0..<k {
              let x = transposeA ? a[p * aColumns + i] : a[i * aColumns + p]
              let y = transposeB ? b[j * bColumns + p] : b[p * bColumns + j]
              sum += Double(x) * Double(y)
            }
            expected[i * ldc + j] = Float(Double(alpha) * sum + Double(beta) * Double(initial[i * ldc + j]))
          }
        }
        let what = "m \(m) n \(n) k \(k) transposeA \(transposeA) transposeB \(transposeB)"
        expectClose(c, expected, absolute: 1e-4, relative: 1e-4, what)
      }
    }
  }
}
