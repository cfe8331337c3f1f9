import Datasets
import Testing

@Suite struct TextVectorizerTests {
  /// Vocabulary and counts from `scripts/reference/datasets_reference.py`, which applies
  /// CountVectorizer's default analyzer: `re.findall(r"(?u)\b\w\w+\b", text.lower())`.
  static let texts = [
    "I love this movie", "This movie is GREAT, great!", "Terrible movie_2 a b", "Ünïcode café 42 x",
  ]

  @Test func countsMatchCountVectorizerDefaults() {
    let vectorizer = TextVectorizer(fitting: Self.texts)
    #expect(
      vectorizer.vocabulary == [
        "42", "café", "great", "is", "love", "movie", "movie_2", "terrible", "this", "ünïcode",
      ])
    let counts = vectorizer.transform(Self.texts)
    #expect(counts.shape == [4, 10])
    let expected: [[Float]] = [
      [0, 0, 0, 0, 1, 1, 0, 0, 1, 0], [0, 0, 2, 1, 0, 1, 0, 0, 1, 0],
      [0, 0, 0, 0, 0, 0, 1, 1, 0, 0], [1, 1, 0, 0, 0, 0, 0, 0, 0, 1],
    ]
    #expect(counts.toArray() == expected.flatMap { $0 })
  }

  @Test func binaryModeAndUnknownWords() {
    let vectorizer = TextVectorizer(fitting: Self.texts, mode: .binary)
    #expect(vectorizer.transform(["great great GREAT unknown"]).toArray() == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
  }

  @Test func textSourceFitsTheVocabularyOnTheTrainingPart() throws {
    let texts = ["alpha beta", "beta gamma", "gamma delta", "delta epsilon", "epsilon zeta"]
    let source = TextSource(origin: .inline(texts: texts, labels: [0, 1, 0, 1, 0]))
    let dataset = try source.load(testSplit: 0.2, seed: 9)
    let (trainRows, testRows) = try Split.testSplitIndices(count: 5, fraction: 0.2, seed: 9)
    let expected = TextVectorizer(fitting: trainRows.map { texts[$0] }).vocabulary
    #expect(dataset.vocabulary == expected)
    #expect(dataset.test?.y.toArray() == testRows.map { [0, 1, 0, 1, 0][$0] })
    #expect(dataset.train.x.shape == [4, expected.count])
  }

  @Test func tsvFileAndItsErrors() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("t.tsv", text: "label\ttext\n1\tGood film\n0\tBad, bad film\n")
    let dataset = try TextSource(origin: .tsv(path: path)).load(testSplit: nil, seed: 0)
    #expect(dataset.vocabulary == ["bad", "film", "good"])
    #expect(dataset.train.x.toArray() == [0, 1, 1, 2, 1, 0])
    #expect(dataset.train.y.toArray() == [1, 0])
    let bad = try folder.write("b.tsv", text: "label\ttext\nyes\tGood film\n")
    #expect(
      throws: DataError(path: bad, line: 2, column: 1, "label 'yes' is not a class (a whole number from 0 to 16777215)")
    ) {
      try TextSource(origin: .tsv(path: bad)).load(testSplit: nil, seed: 0)
    }
    for label in ["1.5", "-3"] {
      let odd = try folder.write("o.tsv", text: "label\ttext\n\(label)\tGood film\n")
      #expect(
        throws: DataError(
          path: odd, line: 2, column: 1, "label '\(label)' is not a class (a whole number from 0 to 16777215)")
      ) { try TextSource(origin: .tsv(path: odd)).load(testSplit: nil, seed: 0) }
    }
    #expect(throws: DataError(path: "text", "2 texts but 1 labels")) {
      try TextSource(origin: .inline(texts: ["a", "b"], labels: [1])).load(testSplit: nil, seed: 0)
    }
  }
}
