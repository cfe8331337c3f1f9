import Tensors

extension Initializer {
  /// Keras 3's `Orthogonal`: flatten the shape to (rows = ∏ shape[:-1], cols = shape[-1]), draw a
  /// normal matrix of (max(rows, cols), min(rows, cols)), take the reduced Q of its QR
  /// decomposition with each column multiplied by the sign of R's diagonal (so Q is unique and
  /// uniformly distributed), transpose it when rows < cols, and scale by `gain`.
  ///
  /// Householder QR in Double (no LAPACK), O(m·n²), columns updated in parallel.
  static func fillOrthogonal(_ tensor: Tensor, gain: Float, stream: inout RandomStream) {
    let cols = tensor.shape[tensor.shape.rank - 1]
    let rows = tensor.count / max(cols, 1)
    if rows == 0 || cols == 0 { return }
    let m = max(rows, cols), n = min(rows, cols)
    // The normal matrix is drawn row by row (as Keras's row-major draw), stored column-major so
    // that the Householder steps run down contiguous columns.
    var a = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n { a[j * m + i] = Double(stream.nextNormal()) }
    }
    let q = orthonormalFactor(columnMajor: &a, m: m, n: n)
    let out = tensor.buffer
    if rows >= cols {
      for i in 0..<m {
        for j in 0..<n { out[i * n + j] = gain * Float(q[j * m + i]) }
      }
    } else {
      // Q is (cols × rows); the weight is its transpose: row r of the weight is column r of Q.
      for r in 0..<rows {
        for c in 0..<cols { out[r * cols + c] = gain * Float(q[r * m + c]) }
      }
    }
  }

  /// The reduced Q (m × n, column-major) of `a` (m × n column-major, m ≥ n; overwritten), its
  /// columns signed so that R's diagonal is non-negative.
  static func orthonormalFactor(columnMajor a: inout [Double], m: Int, n: Int) -> [Double] {
    var v = [Double](repeating: 0, count: m * n)  // reflector k in column k, rows k..<m, unit length
    var diagonal = [Double](repeating: 0, count: n)
    var q = [Double](repeating: 0, count: m * n)
    a.withUnsafeMutableBufferPointer { a in
      v.withUnsafeMutableBufferPointer { v in
        for k in 0..<n {
          let ak = a.baseAddress! + k * m, vk = v.baseAddress! + k * m
          var norm = 0.0
          for i in k..<m { norm += ak[i] * ak[i] }
          norm = norm.squareRoot()
          // α = −sign(x₀)‖x‖ avoids cancellation in x₀ − α.
          let alpha = ak[k] > 0 ? -norm : norm
          diagonal[k] = alpha
          for i in k..<m { vk[i] = ak[i] }
          vk[k] -= alpha
          var vNorm = 0.0
          for i in k..<m { vNorm += vk[i] * vk[i] }
          if vNorm == 0 { continue }  // nothing below the diagonal: no reflection
          let scale = 1 / vNorm.squareRoot()
          for i in k..<m { vk[i] *= scale }
          // A ← (I − 2vvᵀ) A on the trailing columns, which are independent.
          let base = a.baseAddress!
          parallelFor(n - k - 1, workPerItem: 4 * (m - k)) { columns in
            for j in columns {
              let aj = base + (k + 1 + j) * m
              var dot = 0.0
              for i in k..<m { dot += vk[i] * aj[i] }
              for i in k..<m { aj[i] -= 2 * dot * vk[i] }
            }
          }
        }
      }
    }
    // Q = H₀ H₁ … H_{n−1} applied to the first n columns of I, last reflector first.
    for j in 0..<n { q[j * m + j] = 1 }
    q.withUnsafeMutableBufferPointer { q in
      v.withUnsafeBufferPointer { v in
        for k in stride(from: n - 1, through: 0, by: -1) {
          let vk = v.baseAddress! + k * m, base = q.baseAddress!
          parallelFor(n, workPerItem: 4 * (m - k)) { columns in
            for j in columns {
              let qj = base + j * m
              var dot = 0.0
              for i in k..<m { dot += vk[i] * qj[i] }
              if dot == 0 { continue }
              for i in k..<m { qj[i] -= 2 * dot * vk[i] }
            }
          }
        }
        // R's diagonal is α_k; Keras multiplies Q's columns by sign(diag R).
        for j in 0..<n where diagonal[j] < 0 {
          for i in 0..<m { q[j * m + i] = -q[j * m + i] }
        }
      }
    }
    return q
  }
}
