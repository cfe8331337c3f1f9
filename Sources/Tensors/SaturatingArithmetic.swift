/// The product of non-negative `factors`, or `Int.max` when it would overflow: sizes computed
/// from user input (bytes of a batch, FLOPs of a layer) must be reportable, not trap.
public func saturatingProduct(_ factors: Int...) -> Int {
  var n = 1
  for f in factors {
    let (p, overflow) = n.multipliedReportingOverflow(by: f)
    if overflow { return Int.max }
    n = p
  }
  return n
}

/// `a + b` for non-negative values, or `Int.max` when it would overflow.
public func saturatingSum(_ a: Int, _ b: Int) -> Int {
  let (s, overflow) = a.addingReportingOverflow(b)
  return overflow ? Int.max : s
}
