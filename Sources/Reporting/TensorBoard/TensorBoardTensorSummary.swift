/// One `Summary.Value` holding a tensor and its plugin's metadata: what TensorBoard 2's histograms
/// (plugin `histograms`) and the hparams plugin (plugin `hparams`) write.
///
/// Field numbers, from tensorboard's `compat/proto/summary.proto`, `tensor.proto` and
/// `tensor_shape.proto`: `Value { string tag = 1; TensorProto tensor = 8; SummaryMetadata metadata = 9; }`,
/// `SummaryMetadata { PluginData plugin_data = 1; }`, `PluginData { string plugin_name = 1; bytes content = 2; }`,
/// `TensorProto { DataType dtype = 1; TensorShapeProto tensor_shape = 2; bytes tensor_content = 4; }`,
/// `TensorShapeProto { repeated Dim dim = 2; }`, `Dim { int64 size = 1; }`.
public struct TensorBoardTensorSummary: Sendable, Equatable {
  /// TensorFlow's `DataType` values this writer uses.
  public enum DataType: Int, Sendable {
    /// `DT_FLOAT` (float32).
    case float = 1
    /// `DT_DOUBLE` (float64).
    case double = 2
  }

  /// The summary's name (`dense/kernel/histogram`, `_hparams_/experiment`).
  public var tag: String
  /// The plugin that reads it (`histograms`, `hparams`).
  public var pluginName: String
  /// The plugin's own serialized metadata (`SummaryMetadata.plugin_data.content`).
  public var pluginContent: [UInt8]
  /// The tensor's element type.
  public var dataType: DataType
  /// The tensor's shape.
  public var shape: [Int]
  /// The elements in row-major order, little-endian (`tensor_content`).
  public var content: [UInt8]

  /// Creates a tensor summary.
  public init(
    tag: String, pluginName: String, pluginContent: [UInt8] = [], dataType: DataType, shape: [Int],
    content: [UInt8]
  ) {
    self.tag = tag
    self.pluginName = pluginName
    self.pluginContent = pluginContent
    self.dataType = dataType
    self.shape = shape
    self.content = content
  }

  /// A float64 tensor of `shape` holding `values` (row-major).
  public init(
    tag: String, pluginName: String, pluginContent: [UInt8] = [], shape: [Int], doubles values: [Double]
  ) {
    precondition(shape.reduce(1, *) == values.count, "\(values.count) values for shape \(shape)")
    var bytes: [UInt8] = []
    bytes.reserveCapacity(8 * values.count)
    for v in values {
      let bits = v.bitPattern
      for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(8 * i))) }
    }
    self.init(
      tag: tag, pluginName: pluginName, pluginContent: pluginContent, dataType: .double, shape: shape,
      content: bytes)
  }

  /// The encoded `Summary.Value`.
  func encoded() -> [UInt8] {
    var tensor: [UInt8] = []
    ProtobufWire.appendVarint(field: 1, dataType.rawValue, to: &tensor)
    var shapeBytes: [UInt8] = []
    for size in shape {
      var dim: [UInt8] = []
      if size != 0 { ProtobufWire.appendVarint(field: 1, size, to: &dim) }
      ProtobufWire.appendBytes(field: 2, dim, to: &shapeBytes)
    }
    ProtobufWire.appendBytes(field: 2, shapeBytes, to: &tensor)
    if !content.isEmpty { ProtobufWire.appendBytes(field: 4, content, to: &tensor) }

    var pluginData: [UInt8] = []
    ProtobufWire.appendString(field: 1, pluginName, to: &pluginData)
    if !pluginContent.isEmpty { ProtobufWire.appendBytes(field: 2, pluginContent, to: &pluginData) }
    var metadata: [UInt8] = []
    ProtobufWire.appendBytes(field: 1, pluginData, to: &metadata)

    var value: [UInt8] = []
    ProtobufWire.appendString(field: 1, tag, to: &value)
    ProtobufWire.appendBytes(field: 8, tensor, to: &value)
    ProtobufWire.appendBytes(field: 9, metadata, to: &value)
    return value
  }
}
