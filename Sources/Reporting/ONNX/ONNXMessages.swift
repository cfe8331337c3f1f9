/// The ONNX protobuf messages the exporter writes, with only the fields it uses; field numbers
/// from `onnx/onnx.proto` (proto2: repeated scalars unpacked, which every parser reads).

/// A `TensorProto`: an initializer with little-endian `raw_data`.
struct ONNXTensor {
  /// `TensorProto.DataType` values used here.
  enum DataType: Int { case float = 1, int64 = 7 }

  var name: String
  var dims: [Int]
  var dataType: DataType
  var rawData: [UInt8]

  static func float(_ name: String, dims: [Int], _ values: [Float]) -> ONNXTensor {
    precondition(dims.reduce(1, *) == values.count, "\(name): \(values.count) values for \(dims)")
    #if _endian(little)
      let raw = values.withUnsafeBytes { Array($0) }  // already raw_data's little-endian layout
    #else
      var raw: [UInt8] = []
      raw.reserveCapacity(4 * values.count)
      for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { raw += $0 } }
    #endif
    return ONNXTensor(name: name, dims: dims, dataType: .float, rawData: raw)
  }

  static func int64(_ name: String, dims: [Int], _ values: [Int]) -> ONNXTensor {
    precondition(dims.reduce(1, *) == values.count, "\(name): \(values.count) values for \(dims)")
    var raw: [UInt8] = []
    for v in values { withUnsafeBytes(of: Int64(v).littleEndian) { raw += $0 } }
    return ONNXTensor(name: name, dims: dims, dataType: .int64, rawData: raw)
  }

  func encoded() -> [UInt8] {
    var out: [UInt8] = []
    for d in dims { ProtobufWire.appendVarint(field: 1, d, to: &out) }
    ProtobufWire.appendVarint(field: 2, dataType.rawValue, to: &out)
    ProtobufWire.appendString(field: 8, name, to: &out)
    ProtobufWire.appendBytes(field: 9, rawData, to: &out)
    return out
  }
}

/// An `AttributeProto` of one of the kinds the exported operators take.
struct ONNXAttribute {
  enum Value {
    case int(Int), ints([Int]), float(Float), string(String)
  }

  var name: String
  var value: Value

  init(_ name: String, _ value: Value) {
    self.name = name
    self.value = value
  }

  func encoded() -> [UInt8] {
    var out: [UInt8] = []
    ProtobufWire.appendString(field: 1, name, to: &out)
    // AttributeType: FLOAT 1, INT 2, STRING 3, INTS 7.
    switch value {
    case .float(let f):
      ProtobufWire.appendFixed32(field: 2, f.bitPattern, to: &out)
      ProtobufWire.appendVarint(field: 20, 1, to: &out)
    case .int(let i):
      ProtobufWire.appendVarint(field: 3, i, to: &out)
      ProtobufWire.appendVarint(field: 20, 2, to: &out)
    case .string(let s):
      ProtobufWire.appendString(field: 4, s, to: &out)
      ProtobufWire.appendVarint(field: 20, 3, to: &out)
    case .ints(let list):
      for i in list { ProtobufWire.appendVarint(field: 8, i, to: &out) }
      ProtobufWire.appendVarint(field: 20, 7, to: &out)
    }
    return out
  }
}

/// A `NodeProto` in the default (`ai.onnx`) domain.
struct ONNXNode {
  var opType: String
  var name: String
  var inputs: [String]
  var outputs: [String]
  var attributes: [ONNXAttribute] = []

  func encoded() -> [UInt8] {
    var out: [UInt8] = []
    for i in inputs { ProtobufWire.appendString(field: 1, i, to: &out) }
    for o in outputs { ProtobufWire.appendString(field: 2, o, to: &out) }
    ProtobufWire.appendString(field: 3, name, to: &out)
    ProtobufWire.appendString(field: 4, opType, to: &out)
    for a in attributes { ProtobufWire.appendBytes(field: 5, a.encoded(), to: &out) }
    return out
  }
}

/// A `ValueInfoProto` for a float32 tensor whose dimensions are numbers or named symbols.
struct ONNXValueInfo {
  enum Dimension {
    case value(Int), symbol(String)
  }

  var name: String
  var dims: [Dimension]

  func encoded() -> [UInt8] {
    var shape: [UInt8] = []
    for d in dims {
      var dim: [UInt8] = []
      switch d {
      case .value(let n): ProtobufWire.appendVarint(field: 1, n, to: &dim)
      case .symbol(let s): ProtobufWire.appendString(field: 2, s, to: &dim)
      }
      ProtobufWire.appendBytes(field: 1, dim, to: &shape)  // TensorShapeProto.dim
    }
    var tensorType: [UInt8] = []
    ProtobufWire.appendVarint(field: 1, ONNXTensor.DataType.float.rawValue, to: &tensorType)
    ProtobufWire.appendBytes(field: 2, shape, to: &tensorType)
    var type: [UInt8] = []
    ProtobufWire.appendBytes(field: 1, tensorType, to: &type)  // TypeProto.tensor_type
    var out: [UInt8] = []
    ProtobufWire.appendString(field: 1, name, to: &out)
    ProtobufWire.appendBytes(field: 2, type, to: &out)
    return out
  }
}

/// A `ModelProto` holding one `GraphProto`, importing one version of the default operator set.
struct ONNXModel {
  var irVersion: Int
  var opsetVersion: Int
  var producerName: String
  var producerVersion: String
  var graphName: String
  var nodes: [ONNXNode]
  var initializers: [ONNXTensor]
  var inputs: [ONNXValueInfo]
  var outputs: [ONNXValueInfo]

  func encoded() -> [UInt8] {
    var graph: [UInt8] = []
    for n in nodes { ProtobufWire.appendBytes(field: 1, n.encoded(), to: &graph) }
    ProtobufWire.appendString(field: 2, graphName, to: &graph)
    for t in initializers { ProtobufWire.appendBytes(field: 5, t.encoded(), to: &graph) }
    for i in inputs { ProtobufWire.appendBytes(field: 11, i.encoded(), to: &graph) }
    for o in outputs { ProtobufWire.appendBytes(field: 12, o.encoded(), to: &graph) }
    var opset: [UInt8] = []
    ProtobufWire.appendString(field: 1, "", to: &opset)
    ProtobufWire.appendVarint(field: 2, opsetVersion, to: &opset)
    var out: [UInt8] = []
    ProtobufWire.appendVarint(field: 1, irVersion, to: &out)
    ProtobufWire.appendString(field: 2, producerName, to: &out)
    ProtobufWire.appendString(field: 3, producerVersion, to: &out)
    ProtobufWire.appendBytes(field: 7, graph, to: &out)
    ProtobufWire.appendBytes(field: 8, opset, to: &out)
    return out
  }
}
