import Datasets
import Foundation
import Testing
import _TestSupport

/// Files written by numpy 2.4 (`np.lib.format.write_array`); bytes and values printed by
/// `scripts/reference/datasets_reference.py`.
enum NumPyFixtures {
  static let uint8V1 =
    "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQL9/v8="
  static let int32V1 =
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDUsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAACA/////wAAAAAHAAAA////fw=="
  static let int64V2 =
    "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8aTgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr7/////////wAAAAAAAAAAAwAAAAAAAAAAAAAAAAEAAA=="
  static let float32V1 =
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDEsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAQwKabRDvK8klx"
  static let float64V1 =
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5P1nz+MIfbqWBWDm0yNYcyEA="
  static let bigEndian =
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/gAAAQAAAAA=="
  static let fortran =
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQAAAgD8AAIBAAAAAQAAAoEA="
}

@Suite struct NPYReaderTests {
  @Test(arguments: [
    (NumPyFixtures.uint8V1, NumPyDType.uint8, [2, 3], [Float(0), 1, 2, 253, 254, 255]),
    (NumPyFixtures.int32V1, .int32, [5], [-2_147_483_648, -1, 0, 7, 2_147_483_648]),
    (NumPyFixtures.int64V2, .int64, [2, 2], [-5, 0, 3, 1_099_511_627_776]),
    (NumPyFixtures.float32V1, .float32, [2, 1, 2], [1.5, -2.25, 0.003, 1.0e30]),
    (NumPyFixtures.float64V1, .float64, [3], [0.1, -0.0, 12345.677734375]),
  ])
  func readsEveryDtypeAndHeaderVersion(fixture: String, dtype: NumPyDType, shape: [Int], values: [Float])
    throws
  {
    let folder = try TemporaryFolder()
    let array = try NPYReader.read(path: folder.write("a.npy", base64: fixture))
    #expect(array.dtype == dtype)
    #expect(array.shape.dims == shape)
    #expect(array.tensor.toArray() == values)
  }

  @Test func readsTheRealDigits() throws {
    let x = try NPYReader.read(path: RepositoryPaths.path("data/digits/x.npy"))
    let y = try NPYReader.read(path: RepositoryPaths.path("data/digits/y.npy"))
    #expect(x.dtype == .uint8 && x.shape == [1797, 8, 8])
    #expect(y.dtype == .uint8 && y.shape == [1797])
    // First image's first two rows and the first labels, as numpy prints them.
    #expect(Array(x.tensor.toArray()[0..<16]) == [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0])
    #expect(Array(y.tensor.toArray()[0..<10]) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    #expect(x.tensor.toArray().reduce(0, +) == 561_718)  // x.sum() in numpy
    // Class counts from the data set's README.
    var counts = [Int](repeating: 0, count: 10)
    for v in y.tensor.toArray() { counts[Int(v)] += 1 }
    #expect(counts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
  }

  @Test func rejectsAZipFileWithTheMagicInTheMessage() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("x.npy", [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0])
    let error = #expect(throws: DataError.self) { try NPYReader.read(path: path) }
    #expect(
      error?.description
        == "\(path): expected a NumPy .npy file (magic \\x93NUMPY), found 'PK\\x03\\x04\\x00\\x00'")
  }

  @Test func rejectsMissingTruncatedBigEndianAndFortranFiles() throws {
    let folder = try TemporaryFolder()
    let missing = folder.path + "/none.npy"
    #expect(throws: DataError(path: missing, "no such file")) { try NPYReader.read(path: missing) }

    let full = [UInt8](Data(base64Encoded: NumPyFixtures.float64V1)!)
    let truncated = try folder.write("t.npy", Array(full.dropLast(3)))
    let error = #expect(throws: DataError.self) { try NPYReader.read(path: truncated) }
    #expect(error?.message == "expected 24 data bytes for shape (3,) of float64, found 21 (truncated file?)")

    let header = try folder.write("h.npy", Array(full.prefix(40)))
    #expect(throws: DataError.self) { try NPYReader.read(path: header) }

    let big = try folder.write("b.npy", base64: NumPyFixtures.bigEndian)
    #expect(throws: DataError.self) { try NPYReader.read(path: big) }
    let fortran = try folder.write("f.npy", base64: NumPyFixtures.fortran)
    let fortranError = #expect(throws: DataError.self) { try NPYReader.read(path: fortran) }
    #expect(fortranError?.message.contains("Fortran") == true)
  }

  /// A header whose shape has no product in an Int (or more elements than the machine's memory) is a
  /// data error, not an arithmetic trap.
  @Test func absurdHeaderShapesAreErrors() throws {
    let folder = try TemporaryFolder()
    let overflow = try folder.write(
      "o.npy", npyFloat32Bytes(shape: "(10000000000, 10000000000, 10000000000)", values: []))
    let error = #expect(throws: DataError.self) { try NPYReader.read(path: overflow) }
    #expect(
      error?.message
        == "the header's shape (10000000000, 10000000000, 10000000000) has more elements than any file can hold")
    let idx = try folder.write("i", [0, 0, 0x08, 3] + [UInt8](repeating: 0xFF, count: 12))
    let idxError = #expect(throws: DataError.self) { try IDXReader.read(path: idx) }
    #expect(idxError?.message.hasPrefix("the header's shape (4294967295, 4294967295, 4294967295) has more elements") == true)
  }
}
