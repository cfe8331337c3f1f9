import Tensors

extension Initializer {
  /// Keras 3's `Orthogonal`: flatten the shape to (rows = ∏ shape[:-1], cols = shape[-1]), draw a
  /// normal matrix of (max(rows, cols), min(rows, cols)), take the reduced Q of its QR
  /// decomposition with each column multiplied by the sign of R's diagonal (so Q is unique and
  /// uniformly distributed), transpose it when rows < cols, and scale by `gain`.
  ///
  /// Householder QR in Double (no LAPACK); O(m·n²), a second or so for a 3×3×256×256 kernel.
  static func fillOrthogonal(_ tensor: Tensor, gain: Float, stream: inout RandomStream) {
    let cols = tensor.shape[tensor.shape.rank - 1]
    let rows = tensor.count / max(cols, 1)
    if rows == 0 || cols == 0 { return }
    let m = max(rows, cols), n = min(rows, cols)
    var a = [Double](repeating: 0, count: m * n)  // row-major m × n
    for i in a.indices { a[i] = Double(stream.nextNormal()) }
    let q = orthonormalFactor(&a, m: m, n: n)
    let out = tensor.buffer
    if rows >= cols {
      for i in 0..<(m * n) { out[i] = gain * Float(q[i]) }
    } else {
      // Q is (cols × rows); the weight is its transpose, rows × cols.
      for r in 0..<rows {
        for c in 0..<cols { out[r * cols + c] = gain * Float(q[c * n + r]) }
      }
    }
  }

  /// The reduced Q (m × n, row-major) of `a` (m × n, m ≥ n, overwritten by R and scratch), its
  /// columns signed so that R's diagonal is non-negative.
  static func orthonormalFactor(_ a: inout [Double], m: Int, n: Int) -> [Double] {
    var reflectors = [Double](repeating: 0, count: m * n)  // v_k in column k, rows k..<m
    var diagonal = [Double](repeating: 0, count: n)
    a.withUnsafeMutableBufferPointer { a in
      reflectors.withUnsafeMutableBufferPointer { v in
        for k in 0..<n {
          var norm = 0.0
          for i in k..<m { norm += a[i * n + k] * a[i * n + k] }
          norm = norm.squareRoot()
          // α = −sign(x₀)‖x‖ avoids cancellation in x₀ − α.
          let alpha = a[k * n + k] > 0 ? -norm : norm
          diagonal[k] = alpha
          for i in k..<m { v[i * n + k] = a[i * n + k] }
          v[k * n + k] -= alpha
          var vNorm = 0.0
          for i in k..<m { vNorm += v[i * n + k] * v[i * n + k] }
          if vNorm == 0 { continue }  // the column is already zero below the diagonal
          let scale = 1 / vNorm.squareRoot()
          for i in k..<m { v[i * n + k] *= scale }
          // A ← (I − 2vvᵀ) A on the trailing columns.
          for j in (k + 1)..<n {
            var dot = 0.0
            for i in k..<m { dot += v[i * n + k] * a[i * n + j] }
            for i in k..<m { a[i * n + j] -= 2 * dot * v[i * n + k] }
          }
        }
      }
    }
    // Q = H₀ H₁ … H_{n−1} applied to the first n columns of I, last reflector first.
    var q = [Double](repeating: 0, count: m * n)
    for i in 0..<n { q[i * n + i] = 1 }
    q.withUnsafeMutableBufferPointer { q in
      reflectors.withUnsafeBufferPointer { v in
        for k in stride(from: n - 1, through: 0, by: -1) {
          for j in 0..<n {
            var dot = 0.0
            for i in k..<m { dot += v[i * n + k] * q[i * n + j] }
            if dot == 0 { continue }
            for i in k..<m { q[i * n + j] -= 2 * dot * v[i * n + k] }
          }
        }
        // R's diagonal is α_k; Keras multiplies Q's columns by sign(diag R).
        for j in 0..<n where diagonal[j] < 0 {
          for i in 0..<m { q[i * n + j] = -q[i * n + j] }
        }
      }
    }
    return q
  }
}
