import Testing

@testable import Reporting
import _TestSupport

/// CRC-32C eight bytes at a time equals the one-byte table loop, at every length and alignment
/// and when continued across pieces.
@Suite struct CRC32CSlicingTests {
  /// The plain bitwise definition (reflected, polynomial 0x82F63B78), as the reference.
  static func reference(_ bytes: [UInt8], continuing previous: UInt32 = 0) -> UInt32 {
    var crc = ~previous
    for b in bytes {
      crc ^= UInt32(b)
      for _ in 0..<8 { crc = crc & 1 == 1 ? 0x82F6_3B78 ^ (crc >> 1) : crc >> 1 }
    }
    return ~crc
  }

  @Test func equalsTheBitwiseDefinitionAtEveryLengthAndOffset() {
    var rng = SplitMixGenerator(seed: 3)
    let data = (0..<300).map { _ in UInt8.random(in: 0...255, using: &rng) }
    for offset in 0..<9 {
      for length in 0..<(data.count - offset) where length < 40 || length % 7 == 0 {
        let piece = Array(data[offset..<(offset + length)])
        let got = data.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + length)])) }
        #expect(got == Self.reference(piece), "offset \(offset), length \(length)")
      }
    }
  }

  @Test func continuesAcrossPieces() {
    let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    let whole = CRC32C.checksum(data)
    #expect(whole == Self.reference(data))
    for cut in [0, 1, 7, 8, 9, 500, 999, 1000] {
      let first = CRC32C.checksum(Array(data[..<cut]))
      let both = Array(data[cut...]).withUnsafeBytes { CRC32C.checksum($0, continuing: first) }
      #expect(both == whole, "cut at \(cut)")
    }
  }
}
