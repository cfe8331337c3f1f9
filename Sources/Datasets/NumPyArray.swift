import Tensors

/// The element types the NumPy readers accept (little-endian, or single bytes).
public enum NumPyDType: String, Sendable, CaseIterable {
  case uint8 = "u1"
  case int32 = "i4"
  case int64 = "i8"
  case float32 = "f4"
  case float64 = "f8"

  /// Bytes per element.
  public var size: Int {
    switch self {
    case .uint8: 1
    case .int32, .float32: 4
    case .int64, .float64: 8
    }
  }

  /// Whether the values are whole numbers (usable as class labels).
  public var isIntegral: Bool { self == .uint8 || self == .int32 || self == .int64 }
}

/// An array read from a `.npy` file (or an `.npz` member), converted to float32.
public struct NumPyArray: Sendable {
  /// The element type stored in the file.
  public var dtype: NumPyDType
  /// The values as float32, in the file's shape (C order).
  public var tensor: Tensor

  /// The array's shape.
  public var shape: Shape { tensor.shape }
}
