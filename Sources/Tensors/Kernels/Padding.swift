/// How a convolution or pooling window treats the border, as Keras's `padding` argument.
///
/// `valid` uses no padding: `out = floor((in - k) / stride) + 1`, and `in` must be at least `k`.
/// With a dilation `d` the window spans `k' = d·(k − 1) + 1` inputs and `k'` replaces `k` in these rules.
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
  /// Spacing between the window's taps (Keras's `dilation_rate`); 1 for contiguous windows.
  /// A `var` with a default so that every initializer that does not set it means 1.
  public private(set) var dilation = 1
  /// Inputs spanned by one window: `dilation · (window − 1) + 1`.
  public var effectiveWindow: Int { dilation * (window - 1) + 1 }

  /// Resolves one axis; `axis` names it in errors (`"height"`, `"width"`).
  public init(
    input: Int, window: Int, stride: Int, dilation: Int = 1, padding: Padding, axis: String
  ) throws(GeometryError) {
    guard input > 0 else { throw .nonPositive(what: "input \(axis)", value: input) }
    guard window > 0 else { throw .nonPositive(what: "window \(axis)", value: window) }
    guard stride > 0 else { throw .nonPositive(what: "stride along \(axis)", value: stride) }
    guard dilation > 0 else { throw .nonPositive(what: "dilation along \(axis)", value: dilation) }
    self.input = input
    self.window = window
    self.stride = stride
    self.dilation = dilation
    let span = dilation * (window - 1) + 1
    switch padding {
    case .valid:
      guard input >= span else { throw .windowLargerThanInput(axis: axis, input: input, window: span) }
      output = (input - span) / stride + 1
      padBefore = 0
      padAfter = 0
    case .same:
      output = (input + stride - 1) / stride
      let total = max((output - 1) * stride + span - input, 0)
      padBefore = total / 2
      padAfter = total - padBefore
    }
  }

  /// Keras's `causal` padding (Conv1D): `dilation · (window − 1)` zeros before the input and none
  /// after, so output `t` sees inputs up to `t·stride` only; `out = ceil(in / stride)`.
  public static func causal(
    input: Int, window: Int, stride: Int, dilation: Int = 1, axis: String
  ) throws(GeometryError) -> AxisGeometry {
    var a = try AxisGeometry(
      input: input, window: window, stride: stride, dilation: dilation, padding: .same, axis: axis)
    a.shiftPaddingBefore()
    return a
  }

  /// Moves all padding before the input (`same` and `causal` have the same total and output).
  private mutating func shiftPaddingBefore() {
    self = AxisGeometry(
      input: input, window: window, stride: stride, dilation: dilation, output: output,
      padBefore: dilation * (window - 1), padAfter: 0)
  }

  private init(
    input: Int, window: Int, stride: Int, dilation: Int, output: Int, padBefore: Int, padAfter: Int
  ) {
    self.input = input
    self.window = window
    self.stride = stride
    self.dilation = dilation
    self.output = output
    self.padBefore = padBefore
    self.padAfter = padAfter
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
  /// Channel counts that `groups` does not divide.
  case notDivisibleByGroups(inputChannels: Int, outputChannels: Int, groups: Int)

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
    case .notDivisibleByGroups(let i, let o, let g):
      return "input channels (\(i)) and filters (\(o)) must both be divisible by groups (\(g))"
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
