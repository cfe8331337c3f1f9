/// How a convolution or pooling window treats the border, as Keras's `padding` argument.
///
/// `valid` uses no padding: `out = floor((in - k) / stride) + 1`, and `in` must be at least `k`.
/// `same` follows TensorFlow: `out = ceil(in / stride)`,
/// `pad_total = max((out - 1) * stride + k - in, 0)`, `pad_before = floor(pad_total / 2)` and the
/// rest goes after (so an odd total puts the extra row or column at the bottom or right).
public enum Padding: String, Sendable, CaseIterable {
  case valid, same
}

/// A spatial axis resolved for a window size, stride and padding: output length and padding.
public struct AxisGeometry: Sendable, Hashable {
  /// Input length along the axis.
  public let input: Int
  /// Window (kernel or pool) length along the axis.
  public let window: Int
  /// Step between windows.
  public let stride: Int
  /// Output length along the axis.
  public let output: Int
  /// Implicit padding before the first element (top or left).
  public let padBefore: Int
  /// Implicit padding after the last element (bottom or right); may exceed `padBefore` by one.
  public let padAfter: Int

  /// Resolves one axis; `axis` names it in errors (`"height"`, `"width"`).
  public init(input: Int, window: Int, stride: Int, padding: Padding, axis: String) throws(GeometryError) {
    guard input > 0 else { throw .nonPositive(what: "input \(axis)", value: input) }
    guard window > 0 else { throw .nonPositive(what: "window \(axis)", value: window) }
    guard stride > 0 else { throw .nonPositive(what: "stride along \(axis)", value: stride) }
    self.input = input
    self.window = window
    self.stride = stride
    switch padding {
    case .valid:
      guard input >= window else { throw .windowLargerThanInput(axis: axis, input: input, window: window) }
      output = (input - window) / stride + 1
      padBefore = 0
      padAfter = 0
    case .same:
      output = (input + stride - 1) / stride
      let total = max((output - 1) * stride + window - input, 0)
      padBefore = total / 2
      padAfter = total - padBefore
    }
  }
}

/// An impossible convolution or pooling configuration, found while building a geometry.
public enum GeometryError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A size, channel count or stride that must be positive is not.
  case nonPositive(what: String, value: Int)
  /// With `valid` padding the window does not fit in the input.
  case windowLargerThanInput(axis: String, input: Int, window: Int)
  /// A product of sizes (a kernel's weights, say) exceeds what one buffer may hold.
  case tooLarge(what: String, limit: Int)

  /// A one-line message naming the offending size.
  public var description: String {
    switch self {
    case .nonPositive(let what, let value):
      return "\(what) must be positive, got \(value)"
    case .windowLargerThanInput(let axis, let input, let window):
      return "window \(axis) \(window) is larger than the input \(axis) \(input) with padding 'valid'"
        + " (use padding 'same' or a smaller window)"
    case .tooLarge(let what, let limit):
      return "\(what) would have more than \(limit) elements"
    }
  }
}

extension AxisGeometry {
  /// An axis with explicit padding, for the convolution a transposed convolution is the backward
  /// pass of: `output = (input + padBefore + padAfter - window) / stride + 1`.
  ///
  /// `padAfter` may be negative: the last `-padAfter` input elements are then read by no window
  /// (a transposed convolution's `output_padding` rows, which receive only the bias).
  public init(
    input: Int, window: Int, stride: Int, padBefore: Int, padAfter: Int, axis: String
  ) throws(GeometryError) {
    guard input > 0 else { throw .nonPositive(what: "input \(axis)", value: input) }
    guard window > 0 else { throw .nonPositive(what: "window \(axis)", value: window) }
    guard stride > 0 else { throw .nonPositive(what: "stride along \(axis)", value: stride) }
    precondition(padBefore >= 0 && padBefore < window, "padBefore \(padBefore) for window \(window)")
    let span = input + padBefore + padAfter
    guard span >= window else { throw .windowLargerThanInput(axis: axis, input: span, window: window) }
    self.input = input
    self.window = window
    self.stride = stride
    self.output = (span - window) / stride + 1
    self.padBefore = padBefore
    self.padAfter = padAfter
  }
}
