import Tensors

extension Graph {
  /// The most elements one example's tensor, or one layer's parameters, may have (2^31).
  ///
  /// Shapes come from user input; bounding them before anything is allocated turns an absurd spec
  /// into a shape error instead of an arithmetic trap or a failed allocation, and keeps every
  /// product the summary forms (batch × elements × 4 bytes, FLOPs) inside an `Int`.
  public static let maxElements = 1 << 31

  /// Throws when `layer`'s output per example or its parameter count exceeds `maxElements`.
  static func checkSize(of layer: any Layer, output: Shape, inputShapes: [Shape]) throws(ShapeError) {
    guard let n = output.checkedCount, n <= maxElements else {
      throw ShapeError(
        layerType: layer.typeName, layerName: layer.name,
        reason: "output \(output) has more than \(maxElements) elements per example")
    }
    let counts = layer.parameterCount(inputShapes: inputShapes)
    let (total, overflow) = counts.trainable.addingReportingOverflow(counts.nonTrainable)
    guard !overflow, total <= maxElements else {
      throw ShapeError(
        layerType: layer.typeName, layerName: layer.name,
        reason: "its parameters would have more than \(maxElements) elements")
    }
  }
}

/// The product of non-negative `factors`, or `Int.max` when it would overflow: size and FLOP
/// estimates of absurd specs must be reportable, not trap.
func saturatingProduct(_ factors: Int...) -> Int {
  var n = 1
  for f in factors {
    let (p, overflow) = n.multipliedReportingOverflow(by: f)
    if overflow { return Int.max }
    n = p
  }
  return n
}

/// `a + b` for non-negative values, or `Int.max` when it would overflow.
func saturatingSum(_ a: Int, _ b: Int) -> Int {
  let (s, overflow) = a.addingReportingOverflow(b)
  return overflow ? Int.max : s
}
