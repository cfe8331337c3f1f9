import Foundation
import Testing

@testable import Reporting

@Suite struct TensorBoardEncodingTests {
  /// RFC 3720 (iSCSI), appendix B.4 "CRC Examples", plus the standard check value of CRC-32C
  /// (`"123456789"` → 0xE3069283, as catalogued in Greg Cook's CRC RevEng catalogue).
  static let crcVectors: [(bytes: [UInt8], crc: UInt32)] = [
    ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),
    ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
    ((0..<32).map(UInt8.init), 0x46DD_794E),
    ((0..<32).reversed().map(UInt8.init), 0x113F_DB5C),
    (Array("123456789".utf8), 0xE306_9283),
    ([], 0),
  ]

  @Test(arguments: crcVectors.indices) func crc32cMatchesPublishedVectors(_ i: Int) {
    #expect(CRC32C.checksum(Self.crcVectors[i].bytes) == Self.crcVectors[i].crc)
  }

  @Test func maskingRotatesAndAddsTheConstant() {
    // ((crc >> 15) | (crc << 17)) + 0xa282ead8, by hand: 0 → the constant; 1 → 1 << 17 + constant.
    #expect(CRC32C.masked(0) == 0xA282_EAD8)
    #expect(CRC32C.masked(1) == 0x0002_0000 &+ 0xA282_EAD8)
    #expect(CRC32C.masked(0x8000) == 0x0000_0001 &+ 0xA282_EAD8)
  }

  /// `python3 scripts/reference/tensorboard_fixture.py encode` (tensorboard 2.21.0, protobuf 7.36):
  /// `Event(wall_time=1700000000.5, step=7, summary=[epoch_loss 0.25, epoch_accuracy 0.875])`
  /// serialized by protobuf, the same framed by TensorBoard's `RecordWriter`, and the file-version
  /// event `Event(wall_time=1700000000.5, file_version="brain.Event:2")`.
  static let goldenEvent = hexBytes(
    "0900002040fc54d94110072a2a0a110a0a65706f63685f6c6f7373150000803e0a150a0e65706f63685f6163637572616379150000603f"
  )
  static let goldenRecord = hexBytes(
    "3700000000000000e7e8ca59"
      + "0900002040fc54d94110072a2a0a110a0a65706f63685f6c6f7373150000803e0a150a0e65706f63685f"
      + "6163637572616379150000603f" + "c82972b7")
  static let goldenVersionEvent = hexBytes("0900002040fc54d9411a0d627261696e2e4576656e743a32")

  static let event = TensorBoardEvent(
    wallTime: 1_700_000_000.5, step: 7,
    scalars: [.init(tag: "epoch_loss", value: 0.25), .init(tag: "epoch_accuracy", value: 0.875)])

  @Test func eventEncodesAsProtobufDoes() {
    #expect(Self.event.encoded() == Self.goldenEvent)
    let version = TensorBoardEvent(wallTime: 1_700_000_000.5, fileVersion: "brain.Event:2")
    #expect(version.encoded() == Self.goldenVersionEvent)
  }

  @Test func recordIsFramedAsTensorBoardFramesIt() {
    var out: [UInt8] = []
    TFRecord.append(Self.goldenEvent, to: &out)
    #expect(out == Self.goldenRecord)
  }

  @Test func eventsRoundTripIncludingNegativeStepsAndSpecialValues() throws {
    let events = [
      TensorBoardEvent(wallTime: 1.25, fileVersion: "brain.Event:2"),
      TensorBoardEvent(wallTime: 2, step: -3, scalars: [.init(tag: "a", value: -.infinity)]),
      TensorBoardEvent(
        wallTime: 3, step: Int64.max,
        scalars: [.init(tag: "ü/b", value: 0), .init(tag: "", value: .leastNonzeroMagnitude)]),
    ]
    var bytes: [UInt8] = []
    for e in events { TFRecord.append(e.encoded(), to: &bytes) }
    #expect(try EventFileReader.events(in: bytes, path: "x") == events)
    let nan = TensorBoardEvent(wallTime: 4, scalars: [.init(tag: "n", value: .nan)])
    var nanBytes: [UInt8] = []
    TFRecord.append(nan.encoded(), to: &nanBytes)
    #expect(try EventFileReader.events(in: nanBytes, path: "x")[0].scalars[0].value.isNaN)
  }

  @Test func corruptOrTruncatedFilesAreErrorsNamingTheRecord() {
    var two = Self.goldenRecord + Self.goldenRecord
    #expect(throws: TensorBoardError.truncatedRecord(path: "f", offset: 71)) {
      try EventFileReader.events(in: Array(two.dropLast(1)), path: "f")
    }
    two[71 + 20] ^= 1  // a data byte of the second record
    #expect(throws: TensorBoardError.badChecksum(path: "f", offset: 71, part: "data")) {
      try EventFileReader.events(in: two, path: "f")
    }
    var header = Self.goldenRecord
    header[0] = 0x36
    #expect(throws: TensorBoardError.badChecksum(path: "f", offset: 0, part: "length")) {
      try EventFileReader.events(in: header, path: "f")
    }
    var garbage: [UInt8] = []
    TFRecord.append([0x0A, 0x05, 0x01], to: &garbage)  // wall_time (field 1) sent as wire type 2
    #expect(
      throws: TensorBoardError.malformedEvent(
        path: "f", offset: 0, message: "wall_time has wire type 2, expected 1")
    ) { try EventFileReader.events(in: garbage, path: "f") }
    var short: [UInt8] = []
    TFRecord.append([0x2A, 0x05, 0x0A], to: &short)  // summary (field 5) longer than the message
    #expect(
      throws: TensorBoardError.malformedEvent(path: "f", offset: 0, message: "field longer than the message")
    ) { try EventFileReader.events(in: short, path: "f") }
    #expect(
      TensorBoardError.badChecksum(path: "f", offset: 71, part: "data").description
        == "f: error: the record at byte 71 has a bad CRC-32C of its data")
  }

  static func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count, by: 2).map {
      UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)!
    }
  }
}
