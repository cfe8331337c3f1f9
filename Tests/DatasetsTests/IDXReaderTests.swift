import Datasets
import Foundation
import Testing

/// gzip files (Python `gzip.compress(mtime=0)`) of IDX images [[[0,255],[17,34]], [[1,2],[3,4]],
/// [[200,100],[50,25]]] and labels [7, 0, 9]; from `scripts/reference/datasets_reference.py`.
enum IDXFixtures {
  static let imagesGz = "H4sIAAAAAAACA2Ng4GBmYGAAYSYw/i+oxMjEzHIixUgSAE0EhwwcAAAA"
  static let labelsGz = "H4sIAAAAAAACA2Ng4GBkYGBgZmfgBAClEtNyCwAAAA=="
  static let images: [Float] = [0, 255, 17, 34, 1, 2, 3, 4, 200, 100, 50, 25]
}

@Suite struct IDXReaderTests {
  @Test func readsGzipAndRawFiles() throws {
    let folder = try TemporaryFolder()
    let gz = try IDXReader.read(path: folder.write("i.gz", base64: IDXFixtures.imagesGz))
    #expect(gz.shape == [3, 2, 2])
    #expect(gz.toArray() == IDXFixtures.images)
    // Raw int32 big-endian, written by hand from the format description: dims (2,), values -2, 300.
    let raw = try folder.write("r", [0, 0, 0x0C, 1, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFE, 0, 0, 1, 0x2C])
    #expect(try IDXReader.read(path: raw).toArray() == [-2, 300])
  }

  @Test func truncatedAndWrongFilesAreErrors() throws {
    let folder = try TemporaryFolder()
    let short = try folder.write("s", [0, 0, 0x08, 1, 0, 0, 0, 5, 1, 2])
    #expect(throws: DataError(path: short, "expected 5 data bytes for shape (5,), found 2 (truncated file?)"))
    {
      try IDXReader.read(path: short)
    }
    let npy = try folder.write("n", base64: NumPyFixtures.uint8V1)
    #expect(throws: DataError.self) { try IDXReader.read(path: npy) }
    let gz = [UInt8](Data(base64Encoded: IDXFixtures.imagesGz)!)
    let cut = try folder.write("c.gz", Array(gz.prefix(20)))
    let error = #expect(throws: DataError.self) { try IDXReader.read(path: cut) }
    #expect(error?.message.contains("truncated") == true)
  }

  @Test func mnistFolderWithMixedGzipAndRawFiles() throws {
    let folder = try TemporaryFolder()
    try folder.write("train-images-idx3-ubyte.gz", base64: IDXFixtures.imagesGz)
    try folder.write("train-labels-idx1-ubyte.gz", base64: IDXFixtures.labelsGz)
    try folder.write("t10k-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 42, 43, 44, 45])
    try folder.write("t10k-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 1, 3])
    let dataset = try Dataset.load(
      DataConfiguration(source: .idx(IDXSource(directory: folder.path, addChannel: true)), seed: 0))
    #expect(dataset.train.x.shape == [3, 2, 2, 1])
    #expect(dataset.train.y.toArray() == [7, 0, 9])
    #expect(dataset.test?.x.toArray() == [42, 43, 44, 45])
    #expect(dataset.classes == 10)
    #expect(dataset.files.count == 4)

    try folder.write("t10k-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 1, 11])
    #expect(
      throws: DataError(
        path: folder.path + "/t10k-labels-idx1-ubyte", "label 11 out of range 0..9 in sample 0")
    ) {
      try IDXSource(directory: folder.path).load()
    }
    try FileManager.default.removeItem(atPath: folder.path + "/train-images-idx3-ubyte.gz")
    let missing = #expect(throws: DataError.self) { try IDXSource(directory: folder.path).load() }
    #expect(missing?.message.contains("no train-images-idx3-ubyte or train-images-idx3-ubyte.gz") == true)
  }
}
