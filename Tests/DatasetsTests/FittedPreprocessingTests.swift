import Datasets
import Tensors
import Testing
import _TestSupport

/// What loading fits (statistics, vocabulary) and records (split rows), and applying it again to
/// other data as a trained model must.
@Suite struct FittedPreprocessingTests {
  static let diabetes = RepositoryPaths.path("data/diabetes.csv")

  @Test func recordsWhatItAppliedAndTheRowsOfEachSplit() throws {
    let configuration = DataConfiguration(
      source: .csv(CSVReader.Options(path: Self.diabetes, target: "target")), rescale: 0.5, standardize: true,
      testSplit: 0.25, seed: 7)
    let dataset = try Dataset.load(configuration)
    let fitted = dataset.preprocessing
    #expect(fitted.rescale == 0.5)
    #expect(fitted.statistics?.mean.count == 10)
    #expect(fitted.featureNames?.first == "age" && fitted.targetName == "target")
    // The rows: a partition of the 442 rows, the test part as Split.testSplitIndices draws it.
    let rows = dataset.rows
    let expected = try Split.testSplitIndices(count: 442, fraction: 0.25, seed: 7)
    #expect(rows.train == expected.train && rows.test == expected.test && rows.testOrigin == .testSplit)

    // Raw rows, preprocessed with the recorded values, are the loaded ones: what predict relies on.
    let raw = try CSVReader.readFeatures(path: Self.diabetes, features: fitted.featureNames)
    let row = rows.test![3]
    let one = Tensor(shape: [1, 10], values: Array(raw.toArray()[(row * 10)..<(row * 10 + 10)]))
    try fitted.applyToInputs(one, path: "row")
    #expect(one.toArray() == Array(dataset.test!.x.toArray()[30..<40]))

    // Given back, the statistics are used instead of being fitted on the new data.
    var again = configuration
    again.testSplit = nil
    again.fitted = fitted
    let whole = try Dataset.load(again)
    #expect(whole.preprocessing.statistics == fitted.statistics)
    #expect(Array(whole.train.x.toArray()[(row * 10)..<(row * 10 + 10)]) == one.toArray())
  }

  @Test func aTextVectorizerKeepsAGivenVocabulary() throws {
    let fitted = TextVectorizer(fitting: ["the cat sat", "a dog ran"], mode: .binary)
    let given = TextVectorizer(vocabulary: fitted.vocabulary, mode: .binary)
    let texts = ["The dog sat sat", "unknown words only", ""]
    #expect(given.transform(texts).toArray() == fitted.transform(texts).toArray())
    let source = TextSource(origin: .inline(texts: ["good film", "bad film", "new words"], labels: [1, 0, 1]))
    let dataset = try source.load(testSplit: nil, seed: 1, vocabulary: ["bad", "good"])
    #expect(dataset.inputShape == [2])
    #expect(dataset.train.x.toArray() == [0, 1, 1, 0, 0, 0])
  }

  @Test func statisticsOfTheWrongWidthAreAClearError() throws {
    let fitted = FittedPreprocessing(statistics: Preprocessing.Statistics(mean: [0, 0, 0], std: [1, 1, 1]))
    #expect(throws: DataError.self) { try fitted.applyToInputs(Tensor(zeros: [2, 4]), path: "x.npy") }
  }

  @Test func featuresAreReadByNameWhateverTheColumnOrder() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("rows.csv", text: "b,target,a\n2,9,1\n4,9,3\n")
    #expect(try CSVReader.readFeatures(path: path, features: ["a", "b"]).toArray() == [1, 2, 3, 4])
    #expect(throws: DataError.self) { try CSVReader.readFeatures(path: path, features: ["a", "c"]) }
  }
}
