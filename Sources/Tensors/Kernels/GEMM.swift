internal import CBLAS

/// Single-precision matrix product on OpenBLAS: `C = alpha * op(A) * op(B) + beta * C`,
/// all matrices row-major. `op(A)` is `m×k`, `op(B)` is `k×n`, `C` is `m×n`.
///
/// OpenBLAS itself runs single-threaded (see `BLASThreads`); a large product is split here into
/// `parallelWorkerCount` blocks of rows of `C` (or of columns when `n > m`), one single-threaded
/// `cblas_sgemm` per block on `parallelFor`'s threads. Each element of `C` is computed by one call
/// over the whole `k`, so the split does not change the sum's order within a block.
@inlinable
public func sgemm(
  transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
  alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
  beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
) {
  cblasSgemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

/// How OpenBLAS's own thread pool is used.
///
/// OpenBLAS's pthread build keeps its workers spinning (`sched_yield`) between calls; with the
/// element-wise kernels running on `parallelFor` in between, the two pools fight over the cores
/// (measured in docs/performance.md). So OpenBLAS is set to one thread on first use and `sgemm`
/// parallelises over blocks itself.
public enum BLASThreads {
  /// Sets OpenBLAS to one thread; runs once, on the first `sgemm`.
  @usableFromInline static let configured: Bool = {
    openblas_set_num_threads(1)
    return true
  }()

  /// The threads OpenBLAS uses per call (1 once `sgemm` has run).
  public static var openBLASThreads: Int { Int(openblas_get_num_threads()) }

  /// OpenBLAS's kernel family for this CPU (`Cooperlake`, `Haswell`, ...).
  public static var coreName: String { String(cString: openblas_get_corename()) }

  /// Products below this many multiply-adds (8M: ≈ 0.1 ms on one core) run as one call on the
  /// calling thread; smaller ones lose more to waking a second thread than they gain.
  public static let minimumSplitWork = 1 << 23
}

@usableFromInline
func cblasSgemm(
  _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: UnsafePointer<Float>,
  _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>,
  _ ldc: Int
) {
  if m == 0 || n == 0 { return }
  precondition(BLASThreads.configured)
  let work = m * n * max(k, 1)
  let parts = min(parallelWorkerCount, max(m, n) / 16)
  if parts <= 1 || work < BLASThreads.minimumSplitWork {
    callSgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    return
  }
  if m >= n {
    // Rows of C and of op(A): A's rows, or A's columns when transposed.
    parallelFor(parts, minimumWork: 1) { range in
      for p in range {
        let r0 = m * p / parts, r1 = m * (p + 1) / parts
        callSgemm(
          ta, tb, r1 - r0, n, k, alpha, ta ? a + r0 : a + r0 * lda, lda, b, ldb, beta, c + r0 * ldc, ldc)
      }
    }
  } else {
    // Columns of C and of op(B): B's columns, or B's rows when transposed.
    parallelFor(parts, minimumWork: 1) { range in
      for p in range {
        let c0 = n * p / parts, c1 = n * (p + 1) / parts
        callSgemm(ta, tb, m, c1 - c0, k, alpha, a, lda, tb ? b + c0 * ldb : b + c0, ldb, beta, c + c0, ldc)
      }
    }
  }
}

/// One `cblas_sgemm` on the calling thread (callers that run several products at once on the
/// worker threads; `BLASThreads.configured` must have run).
func callSgemm(
  _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: UnsafePointer<Float>,
  _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>,
  _ ldc: Int
) {
  cblas_sgemm(
    CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}
