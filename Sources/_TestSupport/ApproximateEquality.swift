/// Whether `a` and `b` agree within `absolute + relative · |b|` (b is the reference).
public func isClose(_ a: Double, _ b: Double, relative: Double = 1e-5, absolute: Double = 1e-6) -> Bool {
  abs(a - b) <= absolute + relative * abs(b)
}

/// Whether two arrays have equal length and agree elementwise (see `isClose`).
public func allClose(_ a: [Float], _ b: [Double], relative: Double = 1e-5, absolute: Double = 1e-6) -> Bool {
  a.count == b.count
    && zip(a, b).allSatisfy { isClose(Double($0), $1, relative: relative, absolute: absolute) }
}

/// Whether two arrays have equal length and agree elementwise (see `isClose`).
public func allClose(_ a: [Float], _ b: [Float], relative: Double = 1e-5, absolute: Double = 1e-6) -> Bool {
  allClose(a, b.map(Double.init), relative: relative, absolute: absolute)
}
