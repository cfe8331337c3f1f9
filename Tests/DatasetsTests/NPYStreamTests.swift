import Datasets
import Foundation
import Testing
import _TestSupport

/// `NPYStream` (predict's row-by-row reader) against `NPYReader` (the whole-file reader): the same
/// floats, bit for bit, for every dtype and any split into row ranges, and the same errors.
@Suite struct NPYStreamTests {
  @Test(arguments: [
    NumPyFixtures.uint8V1, NumPyFixtures.int32V1, NumPyFixtures.int64V2, NumPyFixtures.float32V1,
    NumPyFixtures.float64V1,
  ])
  func readsWhatTheReaderReads(fixture: String) throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("a.npy", base64: fixture)
    let whole = try NPYReader.read(path: path)
    let stream = try NPYStream(path: path)
    #expect(stream.dtype == whole.dtype && stream.shape == whole.shape)
    #expect(try rows(stream, chunk: stream.rowCount) == whole.tensor.toArray().map(\.bitPattern))
    #expect(try rows(stream, chunk: 1) == whole.tensor.toArray().map(\.bitPattern))
  }

  /// Special values (−0, NaN payloads, infinities, subnormals) survive unchanged, and chunks that do
  /// not divide the row count (the last batch of predict) read the right rows.
  @Test(arguments: [1, 4, 7, 37, 40])
  func float32RowsInChunksAreBitIdentical(chunk: Int) throws {
    let special: [Float] = [
      -0.0, .nan, -.infinity, .infinity, .leastNonzeroMagnitude, Float(bitPattern: 0x7fc0_1234), 3.5,
    ]
    let values = (0..<(37 * 5)).map { i in i % 11 == 0 ? special[(i / 11) % special.count] : Float(i) * 0.37 - 20 }
    let folder = try TemporaryFolder()
    let path = try folder.write("x.npy", npyFloat32Bytes(shape: "(37, 5)", values: values))
    let stream = try NPYStream(path: path)
    #expect(stream.rowCount == 37 && stream.rowElements == 5)
    #expect(try rows(stream, chunk: chunk) == values.map(\.bitPattern))
    #expect(try rows(stream, chunk: chunk) == (try NPYReader.read(path: path)).tensor.toArray().map(\.bitPattern))
  }

  @Test func uint8RowsConvertAsTheReaderDoes() throws {
    let x = try NPYReader.read(path: RepositoryPaths.path("data/digits/x.npy"))
    let stream = try NPYStream(path: RepositoryPaths.path("data/digits/x.npy"))
    #expect(stream.shape == [1797, 8, 8] && stream.rowElements == 64)
    #expect(try rows(stream, chunk: 256) == x.tensor.toArray().map(\.bitPattern))
  }

  @Test func failsAsTheReaderFails() throws {
    let folder = try TemporaryFolder()
    let full = [UInt8](Data(base64Encoded: NumPyFixtures.float64V1)!)
    let paths = [
      folder.path + "/none.npy",
      folder.path,
      try folder.write("zip.npy", [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0]),
      try folder.write("short.npy", [0x93, 0x4E]),
      try folder.write("t.npy", Array(full.dropLast(3))),
      try folder.write("long.npy", full + [0]),
      try folder.write("h.npy", Array(full.prefix(40))),
      try folder.write("b.npy", base64: NumPyFixtures.bigEndian),
      try folder.write("f.npy", base64: NumPyFixtures.fortran),
      try folder.write("o.npy", npyFloat32Bytes(shape: "(10000000000, 10000000000, 10000000000)", values: [])),
    ]
    for path in paths {
      let expected = #expect(throws: DataError.self) { try NPYReader.read(path: path) }
      let got = #expect(throws: DataError.self) { try NPYStream(path: path) }
      #expect(got?.description == expected?.description, "\(path)")
    }
  }

  /// All rows, read `chunk` rows at a time, as bit patterns.
  private func rows(_ stream: NPYStream, chunk: Int) throws -> [UInt32] {
    var out: [UInt32] = []
    var start = 0
    while start < stream.rowCount {
      let end = min(start + chunk, stream.rowCount)
      var part = [Float](repeating: 1, count: (end - start) * stream.rowElements)
      try part.withUnsafeMutableBufferPointer { try stream.read(rows: start..<end, into: $0) }
      out += part.map(\.bitPattern)
      start = end
    }
    return out
  }
}
