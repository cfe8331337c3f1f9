import Tensors

/// Labelled texts, inline or from a TSV file, turned into bag-of-words vectors or token id sequences.
public struct TextSource: Sendable, Equatable {
  /// Where the texts come from.
  public enum Origin: Sendable, Equatable {
    /// Texts and numeric labels given in the spec.
    case inline(texts: [String], labels: [Float])
    /// A tab-separated file with a header row naming a text column and a label column.
    case tsv(path: String, textColumn: String = "text", labelColumn: String = "label")
  }

  /// Where the texts come from.
  public var origin: Origin
  /// `count`, `binary` or `sequence`.
  public var vectorizer: TextVectorizer.Mode
  /// `sequence`: the vocabulary's size cap, the two special tokens included (nil: no cap).
  public var maxTokens: Int?
  /// `sequence`: ids per text (`output_sequence_length`).
  public var sequenceLength: Int?

  /// Describes texts from `origin`, vectorized by `vectorizer` (`sequence` needs `sequenceLength`).
  public init(
    origin: Origin, vectorizer: TextVectorizer.Mode = .count, maxTokens: Int? = nil, sequenceLength: Int? = nil
  ) {
    precondition(vectorizer != .sequence || (sequenceLength ?? 0) > 0, "sequence vectorizer needs a length")
    self.origin = origin
    self.vectorizer = vectorizer
    self.maxTokens = maxTokens
    self.sequenceLength = sequenceLength
  }

  /// The texts and labels, checked for equal counts and at least one text.
  public func read() throws -> (texts: [String], labels: [Float], files: [DataFile]) {
    switch origin {
    case .inline(let texts, let labels):
      guard texts.count == labels.count else {
        throw DataError(path: "text", "\(texts.count) texts but \(labels.count) labels")
      }
      guard !texts.isEmpty else { throw DataError(path: "text", "no texts (empty dataset)") }
      return (texts, labels, [])
    case .tsv(let path, let textColumn, let labelColumn):
      let bytes = try FileBytes.read(path)
      var rows = try CSVReader.records(bytes, delimiter: UInt8(ascii: "\t"), path: path)
      guard !rows.isEmpty else {
        throw DataError(path: path, "empty file: expected a header row and data rows")
      }
      let header = rows.removeFirst().fields
      guard let t = header.firstIndex(of: textColumn), let l = header.firstIndex(of: labelColumn) else {
        throw DataError(
          path: path, line: 1,
          "expected columns '\(textColumn)' and '\(labelColumn)' in the header, found \(header.joined(separator: ", "))"
        )
      }
      guard !rows.isEmpty else {
        throw DataError(path: path, "no data rows after the header (empty dataset)")
      }
      var texts: [String] = []
      var labels: [Float] = []
      for row in rows {
        guard row.fields.count == header.count else {
          throw DataError(
            path: path, line: row.line,
            "expected \(header.count) fields as in the header, found \(row.fields.count)")
        }
        guard let v = Double(row.fields[l].trimmingCharacters(in: " ")), v >= 0, v == v.rounded(), v < 16_777_216
        else {
          throw DataError(
            path: path, line: row.line, column: l + 1,
            "label '\(row.fields[l])' is not a class (a whole number from 0 to 16777215)")
        }
        texts.append(row.fields[t])
        labels.append(Float(v))
      }
      return (texts, labels, [DataFile(path: path, bytes: bytes.count)])
    }
  }

  /// Reads, splits (when `testSplit` is given: seeded by `seed`, as `Split.testSplit`) and vectorizes
  /// with a vocabulary fitted on the training texts only, or with `vocabulary` when given (a trained
  /// model's).
  public func load(testSplit: Double?, seed: UInt64, vocabulary: [String]? = nil) throws -> Dataset {
    let (texts, labels, files) = try read()
    var trainRows = Array(texts.indices)
    var testRows: [Int]? = nil
    if let testSplit {
      (trainRows, testRows) = try Split.testSplitIndices(count: texts.count, fraction: testSplit, seed: seed)
    }
    let mode = self.vectorizer
    let trainTexts = trainRows.map { texts[$0] }
    let vectorizer: TextVectorizer
    if let vocabulary {
      vectorizer = TextVectorizer(vocabulary: vocabulary, mode: mode, sequenceLength: sequenceLength)
    } else if mode == .sequence {
      vectorizer = TextVectorizer(
        fittingSequences: trainTexts, maxTokens: maxTokens, sequenceLength: sequenceLength ?? 1)
    } else {
      vectorizer = TextVectorizer(fitting: trainTexts, mode: mode)
    }
    func split(_ rows: [Int]) -> Split {
      Split(
        x: vectorizer.transform(rows.map { texts[$0] }),
        y: Tensor(shape: [rows.count], values: rows.map { labels[$0] }))
    }
    var dataset = Dataset(
      train: split(trainRows), test: testRows.map(split), files: files, vocabulary: vectorizer.vocabulary)
    dataset.rows = SplitRows(train: trainRows, test: testRows, testOrigin: testRows == nil ? nil : .testSplit)
    dataset.preprocessing.vocabulary = vectorizer.vocabulary
    dataset.preprocessing.vectorizer = vectorizer.mode
    return dataset
  }
}
