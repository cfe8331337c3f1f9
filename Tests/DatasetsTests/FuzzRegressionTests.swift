import Foundation
import Testing
import _TestSupport

@testable import Datasets

/// Inputs the fuzzers found (fuzz/regressions/), each now read as the error or result it should be.
@Suite struct DatasetsFuzzRegressionTests {
  /// A gzip member made of one stored deflate block.
  static func gzipMember(_ data: [UInt8]) -> [UInt8] {
    let crc = data.withUnsafeBytes { Inflate.crc32($0) }
    let n = UInt16(data.count)
    func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    return [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff] + [1, UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8(~n >> 8)]
      + data + le32(crc) + le32(UInt32(data.count))
  }

  /// Two gzip members and trailing bytes: the second member's end was taken as an offset from the
  /// file's start, so the first member was read again, for ever (a timeout in the idx target).
  @Test func gzipWithTwoMembersAndTrailingBytesEnds() throws {
    let bytes = try RepositoryPaths.fuzzRegression("idx", "gzip-members-offset-loop.gz")
    let out = try Inflate.gunzip(bytes, path: "two-members.gz")
    #expect(out.count == 96)
  }

  /// Three members decompress to the three contents in order (the third was misplaced).
  @Test func gzipMembersAreReadInOrder() throws {
    let parts: [[UInt8]] = [Array("first member, ".utf8), Array("second, a little longer, ".utf8), Array("third".utf8)]
    let file = parts.flatMap(Self.gzipMember)
    #expect(try Inflate.gunzip(file, path: "three.gz") == parts.flatMap { $0 })
  }

  /// A zip64 extra field whose declared length ran past its central directory entry (and the
  /// file): the zip64 sizes were read from beyond the array, a trap. Now a clear error.
  @Test func aZipExtraFieldPastItsEntryIsAnError() throws {
    let bytes = try RepositoryPaths.fuzzRegression("npz", "zip64-extra-field-past-entry.npz")
    #expect {
      _ = try NPZReader.parse(bytes, path: "fuzz.npz")
    } throws: { error in
      "\(error)".contains("fuzz.npz") && "\(error)".contains("extra field")
    }
  }
}
