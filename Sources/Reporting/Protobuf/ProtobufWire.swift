/// The few protobuf wire-format pieces TensorBoard events and ONNX models need: varints, fixed
/// 32/64-bit fields and length-delimited fields (https://protobuf.dev/programming-guides/encoding/).
enum ProtobufWire {
  /// Wire types.
  static let varint: UInt64 = 0, fixed64: UInt64 = 1, lengthDelimited: UInt64 = 2, fixed32: UInt64 = 5

  static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
      out.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    out.append(UInt8(v))
  }

  static func appendKey(field: Int, wireType: UInt64, to out: inout [UInt8]) {
    appendVarint(UInt64(field) << 3 | wireType, to: &out)
  }

  /// A varint field; negative int64 values are written as their two's complement (10 bytes).
  static func appendVarint(field: Int, _ value: Int, to out: inout [UInt8]) {
    appendKey(field: field, wireType: varint, to: &out)
    appendVarint(UInt64(bitPattern: Int64(value)), to: &out)
  }

  static func appendString(field: Int, _ text: String, to out: inout [UInt8]) {
    appendBytes(field: field, Array(text.utf8), to: &out)
  }

  static func appendFixed64(field: Int, _ bits: UInt64, to out: inout [UInt8]) {
    appendKey(field: field, wireType: fixed64, to: &out)
    for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> UInt64(8 * i))) }
  }

  static func appendFixed32(field: Int, _ bits: UInt32, to out: inout [UInt8]) {
    appendKey(field: field, wireType: fixed32, to: &out)
    for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: bits >> UInt32(8 * i))) }
  }

  static func appendBytes(field: Int, _ bytes: [UInt8], to out: inout [UInt8]) {
    appendKey(field: field, wireType: lengthDelimited, to: &out)
    appendVarint(UInt64(bytes.count), to: &out)
    out += bytes
  }
}

/// Reads protobuf fields one after another from a message's bytes; throws a message on bad input.
struct ProtobufReader {
  private let bytes: ArraySlice<UInt8>
  private var index: Int

  init(_ bytes: ArraySlice<UInt8>) {
    self.bytes = bytes
    index = bytes.startIndex
  }

  /// The next field's number and wire type, or nil at the end of the message.
  mutating func nextKey() throws(ProtobufError) -> (field: Int, wireType: UInt64)? {
    guard index < bytes.endIndex else { return nil }
    let key = try varint()
    guard key >> 3 > 0, key >> 3 <= UInt64(Int32.max) else {
      throw ProtobufError("bad field number \(key >> 3)")
    }
    return (Int(key >> 3), key & 7)
  }

  mutating func varint() throws(ProtobufError) -> UInt64 {
    var value: UInt64 = 0
    for shift in stride(from: UInt64(0), to: 70, by: 7) {
      guard index < bytes.endIndex else { throw ProtobufError("message ends inside a varint") }
      let b = bytes[index]
      index += 1
      value |= UInt64(b & 0x7F) << shift
      if b < 0x80 { return value }
    }
    throw ProtobufError("varint longer than 10 bytes")
  }

  mutating func fixed(_ count: Int) throws(ProtobufError) -> UInt64 {
    let raw = try take(count)
    return raw.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
  }

  mutating func lengthDelimited() throws(ProtobufError) -> ArraySlice<UInt8> {
    let n = try varint()
    guard n <= UInt64(bytes.endIndex - index) else { throw ProtobufError("field longer than the message") }
    return try take(Int(n))
  }

  /// Skips a field of an unknown number (groups, wire types 3 and 4, are not supported).
  mutating func skip(wireType: UInt64) throws(ProtobufError) {
    switch wireType {
    case ProtobufWire.varint: _ = try varint()
    case ProtobufWire.fixed64: _ = try take(8)
    case ProtobufWire.lengthDelimited: _ = try lengthDelimited()
    case ProtobufWire.fixed32: _ = try take(4)
    default: throw ProtobufError("unsupported wire type \(wireType)")
    }
  }

  /// Checks that a known field has the expected wire type.
  static func expect(_ wireType: UInt64, _ expected: UInt64, field: String) throws(ProtobufError) {
    guard wireType == expected else {
      throw ProtobufError("\(field) has wire type \(wireType), expected \(expected)")
    }
  }

  private mutating func take(_ n: Int) throws(ProtobufError) -> ArraySlice<UInt8> {
    guard bytes.endIndex - index >= n else { throw ProtobufError("message ends inside a field") }
    defer { index += n }
    return bytes[index..<index + n]
  }
}

/// Why bytes are not a valid message.
struct ProtobufError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}
