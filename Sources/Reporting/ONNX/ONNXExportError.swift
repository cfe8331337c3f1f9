/// Why a graph cannot be exported to ONNX (a layer without an export rule, an unbuilt graph,
/// preprocessing that does not fit the input).
public struct ONNXExportError: Error, CustomStringConvertible {
  /// A one-line message naming the layer or argument at fault.
  public var description: String

  init(_ description: String) { self.description = description }
}
