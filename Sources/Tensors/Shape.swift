/// The dimensions of a tensor, outermost first. Images are NHWC (batch, height, width, channels), as Keras.
public struct Shape: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
  public var dims: [Int]

  /// Creates a shape; every dimension must be non-negative.
  public init(_ dims: [Int]) {
    precondition(dims.allSatisfy { $0 >= 0 }, "negative dimension in \(dims)")
    self.dims = dims
  }

  /// Creates a shape from a literal such as `[32, 32, 3]`.
  public init(arrayLiteral elements: Int...) { self.init(elements) }

  /// Number of dimensions.
  public var rank: Int { dims.count }
  /// Number of elements (1 for a scalar shape `[]`).
  public var count: Int { dims.reduce(1, *) }
  /// The most elements a tensor sized from user input may have: an example's input or a layer's
  /// output, a layer's parameters, a convolution kernel (2^31). Bounding shapes before anything is
  /// allocated turns an absurd spec into a shape error instead of an arithmetic trap or a failed
  /// allocation, and keeps the products formed from them (bytes of a batch, FLOPs) inside an `Int`.
  public static let maxElements = 1 << 31

  /// Number of elements, or nil when the product does not fit in an `Int` (shapes from user input
  /// are checked with this before `count` is trusted).
  public var checkedCount: Int? {
    var n = 1
    for d in dims {
      let (p, overflow) = n.multipliedReportingOverflow(by: d)
      if overflow { return nil }
      n = p
    }
    return n
  }
  /// The dimension at `i`.
  public subscript(i: Int) -> Int {
    get { dims[i] }
    set { dims[i] = newValue }
  }
  /// This shape with a batch dimension in front.
  public func batched(_ n: Int) -> Shape { Shape([n] + dims) }
  /// This shape without its first (batch) dimension.
  public var unbatched: Shape { Shape(Array(dims.dropFirst())) }
  /// `(32, 32, 3)`, as Keras prints shapes.
  public var description: String {
    dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
  }
}
