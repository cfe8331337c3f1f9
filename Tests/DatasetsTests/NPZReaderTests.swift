import Datasets
import Foundation
import Testing

/// `np.savez` (stored, zip64 local headers) and `np.savez_compressed` (deflated) of
/// x = [[1, 2], [3.5, -4], [0.25, 1e6]] (float32), y = [2, 0, 1] (int64), labels = y + 10; written by
/// `scripts/reference/datasets_reference.py`.
enum NPZFixtures {
  static let stored =
    "UEsDBC0AAAAAAAAAIQDUoQwZ//////////8FABQAeC5ucHkBABAAmAAAAAAAAACYAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCAyKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAACAPwAAAEAAAGBAAACAwAAAgD4AJHRJUEsDBC0AAAAAAAAAIQCKGs4T//////////8FABQAeS5ucHkBABAAmAAAAAAAAACYAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxpOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAgAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAUEsDBC0AAAAAAAAAIQCA0o0U//////////8KABQAbGFiZWxzLm5weQEAEACYAAAAAAAAAJgAAAAAAAAAk05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoMAAAAAAAAAAoAAAAAAAAACwAAAAAAAABQSwECLQMtAAAAAAAAACEA1KEMGZgAAACYAAAABQAAAAAAAAAAAAAAgAEAAAAAeC5ucHlQSwECLQMtAAAAAAAAACEAihrOE5gAAACYAAAABQAAAAAAAAAAAAAAgAHPAAAAeS5ucHlQSwECLQMtAAAAAAAAACEAgNKNFJgAAACYAAAACgAAAAAAAAAAAAAAgAGeAQAAbGFiZWxzLm5weVBLBQYAAAAAAwADAJ4AAAByAgAAAAA="
  static let deflated =
    "UEsDBC0AAAAIAAAAIQDUoQwZ//////////8FABQAeC5ucHkBABAAmAAAAAAAAABbAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqKuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GsY6CkaaOgq1CmQDLgaGBnsGBgYHBoYEIG44AMR2DColngBQSwMELQAAAAgAAAAhAIoazhP//////////wUAFAB5Lm5weQEAEACYAAAAAAAAAEoAAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgbpNpoa6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaxjqaOgq1ChQALiYGVMAIpQFQSwMELQAAAAgAAAAhAIDSjRT//////////woAFABsYWJlbHMubnB5AQAQAJgAAAAAAAAATQAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuHgYI4ILS3FAaAFBLAQItAy0AAAAIAAAAIQDUoQwZWwAAAJgAAAAFAAAAAAAAAAAAAACAAQAAAAB4Lm5weVBLAQItAy0AAAAIAAAAIQCKGs4TSgAAAJgAAAAFAAAAAAAAAAAAAACAAZIAAAB5Lm5weVBLAQItAy0AAAAIAAAAIQCA0o0UTQAAAJgAAAAKAAAAAAAAAAAAAACAARMBAABsYWJlbHMubnB5UEsFBgAAAAADAAMAngAAAJwBAAAAAA=="
}

@Suite struct NPZReaderTests {
  @Test(arguments: [NPZFixtures.stored, NPZFixtures.deflated])
  func readsStoredAndDeflatedArchives(fixture: String) throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("d.npz", base64: fixture)
    let arrays = try NPZReader.read(path: path)
    #expect(Set(arrays.keys) == ["x", "y", "labels"])
    #expect(arrays["x"]?.shape == [3, 2])
    #expect(arrays["x"]?.tensor.toArray() == [1, 2, 3.5, -4, 0.25, 1.0e6])
    #expect(arrays["y"]?.dtype == .int64)
    #expect(arrays["y"]?.tensor.toArray() == [2, 0, 1])
    let picked = try NPZReader.read(path: path, keys: ["x", "labels"])
    #expect(picked[1].tensor.toArray() == [12, 10, 11])
  }

  @Test func missingKeyListsTheKeysPresent() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("d.npz", base64: NPZFixtures.stored)
    #expect(throws: DataError(path: path, "no array 'images' in the archive (found: labels, x, y)")) {
      try NPZReader.read(path: path, keys: ["images"])
    }
  }

  @Test func truncatedAndCorruptArchivesAreErrors() throws {
    let folder = try TemporaryFolder()
    let bytes = [UInt8](Data(base64Encoded: NPZFixtures.deflated)!)
    let truncated = try folder.write("t.npz", Array(bytes.prefix(bytes.count / 2)))
    let error = #expect(throws: DataError.self) { try NPZReader.read(path: truncated) }
    #expect(error?.message.contains("end-of-central-directory") == true)

    var corrupt = bytes
    corrupt[100] ^= 0xFF  // inside x.npy's deflated data
    let corruptPath = try folder.write("c.npz", corrupt)
    #expect(throws: DataError.self) { try NPZReader.read(path: corruptPath) }

    let notZip = try folder.write("n.npz", base64: NumPyFixtures.uint8V1)
    let notZipError = #expect(throws: DataError.self) { try NPZReader.read(path: notZip) }
    #expect(notZipError?.message.hasPrefix("expected a zip (.npz) file") == true)
  }

  /// A member that inflates beyond the size its headers declare is refused as soon as it does, not
  /// decompressed to the end (the defence against zip bombs). Made by Python's zipfile from 1,000
  /// zero bytes, then both size fields patched to 10.
  @Test func memberLargerThanDeclaredIsRefused() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write(
      "bomb.npz",
      base64:
        "UEsDBBQAAAAIAJwbhl2AFwsGCwAAAAoAAAAFAAAAeC5ucHljYBgFo2AUDHcAAFBLAQIUAxQAAAAIAJwbhl2AFwsGCwAAAAoAAAAFAAAAAAAAAAAAAACAAQAAAAB4Lm5weVBLBQYAAAAAAQABADMAAAAuAAAAAAA="
    )
    let error = #expect(throws: DataError.self) { try NPZReader.read(path: path) }
    #expect(error?.message == "decompresses to more than the 10 bytes it declares")
  }

  /// Two members with one name (Python's zipfile writes them, with a warning): refused, since
  /// numpy would take the last and other readers the first.
  @Test func duplicateMembersAreRefused() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write(
      "dup.npz",
      base64:
        "UEsDBBQAAAAAALUdhl1DvrfoAQAAAAEAAAAFAAAAeS5ucHlhUEsDBBQAAAAAALUdhl35775xAQAAAAEAAAAFAAAAeS5ucHliUEsBAhQDFAAAAAAAtR2GXUO+t+gBAAAAAQAAAAUAAAAAAAAAAAAAAIABAAAAAHkubnB5UEsBAhQDFAAAAAAAtR2GXfnvvnEBAAAAAQAAAAUAAAAAAAAAAAAAAIABJAAAAHkubnB5UEsFBgAAAAACAAIAZgAAAEgAAAAAAA=="
    )
    let error = #expect(throws: DataError.self) { try NPZReader.read(path: path) }
    #expect(error?.message == "the archive holds two members named 'y.npy'")
  }
}
