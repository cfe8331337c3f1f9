/// One named scalar of a TensorBoard summary (`Summary.Value` with `tag` and `simple_value`).
public struct TensorBoardScalar: Sendable, Equatable {
  /// The chart's name, such as `epoch_loss`.
  public var tag: String
  /// The value, stored as float32 as TensorBoard's `simple_value` is.
  public var value: Float

  /// Creates a scalar.
  public init(tag: String, value: Float) {
    self.tag = tag
    self.value = value
  }
}

/// The subset of TensorBoard's `Event` protobuf that our logs use, encoded and decoded by hand.
///
/// Field numbers, from tensorboard's `compat/proto/event.proto` and `summary.proto`:
/// `Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }`,
/// `Summary { repeated Value value = 1; }`, `Value { string tag = 1; float simple_value = 2; }`.
/// As proto3 does, zero `wall_time` and `step` are left out of the encoding. Decoding skips every
/// other field (such as `source_metadata`, which TensorBoard's own writer adds) and other kinds of
/// `Value` (images, histograms, tensors): `tensors` are written, never read back (TensorBoard's own
/// readers check them in the tests).
public struct TensorBoardEvent: Sendable, Equatable {
  /// Seconds since 1970 when the event was written.
  public var wallTime: Double
  /// The x-axis value (Keras: the epoch, or the global batch number).
  public var step: Int64
  /// `brain.Event:2` in a file's first event, nil elsewhere.
  public var fileVersion: String?
  /// The summary's scalar values, in order.
  public var scalars: [TensorBoardScalar]
  /// The summary's tensor values (histograms, hparams), after the scalars; not decoded.
  public var tensors: [TensorBoardTensorSummary]

  /// The file version TensorBoard's writers put in a file's first event.
  public static let currentFileVersion = "brain.Event:2"

  /// Creates an event.
  public init(
    wallTime: Double, step: Int64 = 0, fileVersion: String? = nil, scalars: [TensorBoardScalar] = [],
    tensors: [TensorBoardTensorSummary] = []
  ) {
    self.wallTime = wallTime
    self.step = step
    self.fileVersion = fileVersion
    self.scalars = scalars
    self.tensors = tensors
  }

  /// The protobuf encoding of the event.
  public func encoded() -> [UInt8] {
    var out: [UInt8] = []
    if wallTime != 0 { ProtobufWire.appendFixed64(field: 1, wallTime.bitPattern, to: &out) }
    if step != 0 {
      ProtobufWire.appendKey(field: 2, wireType: ProtobufWire.varint, to: &out)
      ProtobufWire.appendVarint(UInt64(bitPattern: step), to: &out)
    }
    if let fileVersion { ProtobufWire.appendBytes(field: 3, Array(fileVersion.utf8), to: &out) }
    if !scalars.isEmpty || !tensors.isEmpty {
      var summary: [UInt8] = []
      for s in scalars {
        var value: [UInt8] = []
        ProtobufWire.appendBytes(field: 1, Array(s.tag.utf8), to: &value)
        ProtobufWire.appendFixed32(field: 2, s.value.bitPattern, to: &value)
        ProtobufWire.appendBytes(field: 1, value, to: &summary)
      }
      for t in tensors { ProtobufWire.appendBytes(field: 1, t.encoded(), to: &summary) }
      ProtobufWire.appendBytes(field: 5, summary, to: &out)
    }
    return out
  }

  /// Decodes an event's protobuf bytes.
  init(decoding bytes: ArraySlice<UInt8>) throws(ProtobufError) {
    self.init(wallTime: 0)
    var reader = ProtobufReader(bytes)
    while let (field, wireType) = try reader.nextKey() {
      switch field {
      case 1:
        try ProtobufReader.expect(wireType, ProtobufWire.fixed64, field: "wall_time")
        wallTime = Double(bitPattern: try reader.fixed(8))
      case 2:
        try ProtobufReader.expect(wireType, ProtobufWire.varint, field: "step")
        step = Int64(bitPattern: try reader.varint())
      case 3:
        try ProtobufReader.expect(wireType, ProtobufWire.lengthDelimited, field: "file_version")
        fileVersion = try Self.text(reader.lengthDelimited(), field: "file_version")
      case 5:
        try ProtobufReader.expect(wireType, ProtobufWire.lengthDelimited, field: "summary")
        scalars += try Self.decodeSummary(reader.lengthDelimited())
      default:
        try reader.skip(wireType: wireType)
      }
    }
  }

  private static func decodeSummary(_ bytes: ArraySlice<UInt8>) throws(ProtobufError) -> [TensorBoardScalar] {
    var result: [TensorBoardScalar] = []
    var reader = ProtobufReader(bytes)
    while let (field, wireType) = try reader.nextKey() {
      guard field == 1 else {
        try reader.skip(wireType: wireType)
        continue
      }
      try ProtobufReader.expect(wireType, ProtobufWire.lengthDelimited, field: "Summary.value")
      var value = ProtobufReader(try reader.lengthDelimited())
      var tag = ""
      var simple: Float?
      while let (f, w) = try value.nextKey() {
        switch f {
        case 1:
          try ProtobufReader.expect(w, ProtobufWire.lengthDelimited, field: "Value.tag")
          tag = try text(value.lengthDelimited(), field: "Value.tag")
        case 2:
          try ProtobufReader.expect(w, ProtobufWire.fixed32, field: "Value.simple_value")
          simple = Float(bitPattern: UInt32(try value.fixed(4)))
        default:
          try value.skip(wireType: w)
        }
      }
      if let simple { result.append(TensorBoardScalar(tag: tag, value: simple)) }
    }
    return result
  }

  private static func text(_ bytes: ArraySlice<UInt8>, field: String) throws(ProtobufError) -> String {
    guard let s = String(validating: bytes, as: UTF8.self) else {
      throw ProtobufError("\(field) is not UTF-8")
    }
    return s
  }
}
