#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

// Float math from the C library, named so that call sites read as formulas.
@inline(__always) func expf32(_ x: Float) -> Float { expf(x) }
@inline(__always) func tanhf32(_ x: Float) -> Float { tanhf(x) }
@inline(__always) func erff32(_ x: Float) -> Float { erff(x) }
@inline(__always) func expm1f32(_ x: Float) -> Float { expm1f(x) }

/// σ(x) = 1 / (1 + e^{-x}), evaluated without overflow for large |x|.
@inline(__always) func logistic(_ x: Float) -> Float {
  if x >= 0 { return 1 / (1 + expf(-x)) }
  let e = expf(x)
  return e / (1 + e)
}

@inline(__always) func logf32(_ x: Float) -> Float { logf(x) }
@inline(__always) func log1pf32(_ x: Float) -> Float { log1pf(x) }

/// log(1 + e^x) = max(x, 0) + log1p(e^{−|x|}): no overflow for large x, no loss of the small
/// tail for very negative x.
@inline(__always) func softplusf32(_ x: Float) -> Float {
  max(x, 0) + log1pf(expf(-abs(x)))
}
