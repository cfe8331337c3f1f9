import Datasets
import Tensors
import Testing
import _TestSupport

@Suite struct DatasetLoadingTests {
  /// A `.npy` v1 file of float32 with `shape`.
  static func npy(shape: String, values: [Float]) -> [UInt8] { npyFloat32Bytes(shape: shape, values: values) }

  @Test func digitsWithRescaleAndTestSplit() throws {
    let configuration = DataConfiguration(
      source: .npy(x: RepositoryPaths.path("data/digits/x.npy"), y: RepositoryPaths.path("data/digits/y.npy")), rescale: 0.0625,
      testSplit: 0.2, seed: 42)
    let dataset = try Dataset.load(configuration)
    #expect(dataset.train.count == 1437)  // 1797 − ceil(0.2 · 1797)
    #expect(dataset.test?.count == 360)
    #expect(dataset.inputShape == [8, 8])
    #expect(dataset.targetShape == [])
    #expect(dataset.classes == 10)
    #expect(dataset.train.x.toArray().max() == 1)  // 16 · 0.0625
    #expect(
      dataset.files == [
        DataFile(path: RepositoryPaths.path("data/digits/x.npy"), bytes: 128 + 1797 * 64),
        DataFile(path: RepositoryPaths.path("data/digits/y.npy"), bytes: 128 + 1797),
      ])
    let again = try Dataset.load(configuration)
    #expect(again.test?.y.toArray() == dataset.test?.y.toArray())
  }

  @Test func npzWithOneHot() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("d.npz", base64: NPZFixtures.deflated)
    let dataset = try Dataset.load(DataConfiguration(source: .npz(path: path), oneHot: true, seed: 0))
    #expect(dataset.classes == 3)
    #expect(dataset.targetShape == [3])
    #expect(dataset.train.y.toArray() == [0, 0, 1, 1, 0, 0, 0, 1, 0])
    let tooFew = DataConfiguration(source: .npz(path: path), oneHot: true, classes: 2, seed: 0)
    #expect(throws: DataError(path: "npz (training labels)", "label 2 out of range 0..1 in sample 0")) {
      try Dataset.load(tooFew)
    }
  }

  @Test func csvStandardizedWithTrainingStatistics() throws {
    let configuration = DataConfiguration(
      source: .csv(.init(path: RepositoryPaths.path("data/wine.csv"))), standardize: true, testSplit: 0.25, seed: 1)
    let dataset = try Dataset.load(configuration)
    #expect(dataset.inputShape == [13])
    let statistics = Preprocessing.statistics(of: dataset.train.x)
    #expect(statistics.mean.allSatisfy { abs($0) < 1e-4 })
    #expect(statistics.std.allSatisfy { abs($0 - 1) < 1e-4 })
    // The test part used the training statistics, so its own are not exactly 0 and 1.
    #expect(Preprocessing.statistics(of: dataset.test!.x).mean.contains { abs($0) > 1e-3 })
  }

  @Test func syntheticThroughThePipeline() throws {
    let dataset = try Dataset.load(
      DataConfiguration(
        source: .syntheticClassification(samples: 50, shape: [4], classes: 5), oneHot: true, seed: 3))
    #expect(dataset.train.y.shape == [50, 5])
    #expect(dataset.classes == 5)
    let regression = try Dataset.load(
      DataConfiguration(source: .syntheticRegression(samples: 20, features: 3, targets: 2), seed: 3))
    #expect(regression.targetShape == [2] && regression.classes == nil)
  }

  @Test func mismatchedEmptyAndDoubleSplitsAreErrors() throws {
    let folder = try TemporaryFolder()
    let x = try folder.write("x.npy", Self.npy(shape: "(3, 2)", values: [1, 2, 3, 4, 5, 6]))
    let y = try folder.write("y.npy", Self.npy(shape: "(2,)", values: [0, 1]))
    #expect(throws: DataError(path: y, "2 targets (shape (2,)) for 3 inputs in \(x)")) {
      try Dataset.load(DataConfiguration(source: .npy(x: x, y: y), seed: 0))
    }
    let ex = try folder.write("ex.npy", Self.npy(shape: "(0, 2)", values: []))
    let ey = try folder.write("ey.npy", Self.npy(shape: "(0,)", values: []))
    #expect(throws: DataError(path: ex, "no samples (empty dataset)")) {
      try Dataset.load(DataConfiguration(source: .npy(x: ex, y: ey), seed: 0))
    }
    try folder.write("mnist/train-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5])
    try folder.write("mnist/train-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 1, 2])
    try folder.write("mnist/t10k-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5])
    try folder.write("mnist/t10k-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 1, 2])
    let twice = DataConfiguration(
      source: .idx(IDXSource(directory: folder.path + "/mnist")), testSplit: 0.5, seed: 0)
    #expect(
      throws: DataError(
        path: "mnist", "test_split given, but mnist has its own test split; remove test_split")
    ) {
      try Dataset.load(twice)
    }
  }

  /// Hostile or inconsistent inputs found by probing: each is a data error, not a crash.
  @Test func inconsistentOrEmptyExamplesAreDataErrors() throws {
    let folder = try TemporaryFolder()
    // MNIST-style folders whose test images have another shape than the training images.
    try folder.write("train-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4])
    try folder.write("train-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 1, 3])
    try folder.write("t10k-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 42])
    try folder.write("t10k-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 1, 3])
    let shapes = #expect(throws: DataError.self) {
      try Dataset.load(DataConfiguration(source: .idx(IDXSource(directory: folder.path)), seed: 0))
    }
    #expect(shapes?.message == "training examples have shape (2, 2) but test examples (1, 1)")

    // Examples with no values at all.
    let x = try folder.write("x0.npy", Self.npy(shape: "(3, 0)", values: []))
    let y = try folder.write("y0.npy", Self.npy(shape: "(3,)", values: [0, 1, 0]))
    let empty = #expect(throws: DataError.self) {
      try Dataset.load(DataConfiguration(source: .npy(x: x, y: y), seed: 0))
    }
    #expect(empty?.message == "each example has shape (0,), no values at all")
  }

  @Test func oneHotBeyondMemoryIsRefusedBeforeAllocating() throws {
    // 4M labels, one of them 2^24 − 1: 4M × 16M floats is 256 TiB.
    let labels = Tensor(zeros: [1 << 22])
    labels.buffer[5] = Float((1 << 24) - 1)
    let error = #expect(throws: DataError.self) {
      try Preprocessing.oneHot(labels, classes: 1 << 24, path: "y.npy")
    }
    #expect(error?.message.hasPrefix("one_hot of 4194304 labels into 16777216 classes needs 256.00 TB") == true)
  }

  /// zip64 records whose sizes or offsets do not fit an Int (crafted by the probe): refused.
  @Test func zip64FieldsOutOfRangeAreRefused() throws {
    let folder = try TemporaryFolder()
    func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    let locator = le(UInt32(0x0706_4b50)) + le(UInt32(0)) + le(UInt64(0xFFFF_FFFF_FFFF_FFF0)) + le(UInt32(1))
    let end = le(UInt32(0x0605_4b50)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0xFFFF)) + le(UInt16(0xFFFF))
      + le(UInt32(0xFFFF_FFFF)) + le(UInt32(0xFFFF_FFFF)) + le(UInt16(0))
    let bytes = Array("PK".utf8) + [3, 4] + [UInt8](repeating: 0, count: 26) + locator + end
    let path = try folder.write("z64.npz", bytes)
    let error = #expect(throws: DataError.self) { try NPZReader.read(path: path) }
    #expect(error?.message == "zip64 end record offset 18446744073709551600 is out of range (corrupt zip64 record)")
  }
}
