import Tensors

/// Bag-of-words vectorizer with scikit-learn `CountVectorizer`'s defaults: lowercase, tokens matching
/// `(?u)\b\w\w+\b` (runs of two or more word characters), vocabulary sorted by code point; or, in
/// `sequence` mode, Keras's `TextVectorization(output_mode="int")` (see TextVectorizer+Sequence.swift).
public struct TextVectorizer: Sendable, Equatable {
  /// What a cell holds.
  public enum Mode: String, Sendable {
    /// How many times the word occurs in the text (`CountVectorizer()`).
    case count
    /// 1 if the word occurs, else 0 (`CountVectorizer(binary=True)`).
    case binary
    /// The token ids in order, padded or truncated to a fixed length (Keras `TextVectorization`,
    /// `output_mode="int"`); the vocabulary starts with the padding "" and the OOV "[UNK]" tokens.
    case sequence
  }

  /// The words, in column order.
  public let vocabulary: [String]
  /// Counts or presence.
  public let mode: Mode
  /// `sequence` mode: ids per text (`output_sequence_length`).
  public let sequenceLength: Int?
  private let columns: [String: Int]

  /// Learns the vocabulary of `texts`.
  public init(fitting texts: [String], mode: Mode = .count) {
    var words = Set<String>()
    for t in texts { words.formUnion(Self.tokens(t)) }
    vocabulary = words.sorted {
      $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value }
    }
    self.mode = mode
    sequenceLength = nil
    columns = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
  }

  /// A vectorizer with a vocabulary learnt before (a trained model's), in column (id) order;
  /// `sequenceLength` is required in `sequence` mode.
  public init(vocabulary: [String], mode: Mode = .count, sequenceLength: Int? = nil) {
    precondition(mode != .sequence || (sequenceLength ?? 0) > 0, "sequence mode needs a positive length")
    self.vocabulary = vocabulary
    self.mode = mode
    self.sequenceLength = mode == .sequence ? sequenceLength : nil
    var columns: [String: Int] = [:]
    for (i, word) in vocabulary.enumerated() where columns[word] == nil { columns[word] = i }
    self.columns = columns
  }

  /// The tokens of `text` in order: lowercase, maximal runs of ≥ 2 word characters (letters, digits,
  /// numerics and `_`, per code point as Python's `\w`).
  public static func tokens(_ text: String) -> [String] {
    var tokens: [String] = []
    var current = String.UnicodeScalarView()
    for scalar in text.lowercased().unicodeScalars {
      if isWordCharacter(scalar) {
        current.append(scalar)
      } else {
        if current.count >= 2 { tokens.append(String(current)) }
        current = String.UnicodeScalarView()
      }
    }
    if current.count >= 2 { tokens.append(String(current)) }
    return tokens
  }

  /// Python's `\w` for `str` patterns: `str.isalnum()` or `_`.
  static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
    if s == "_" { return true }
    switch s.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
    default: return s.properties.numericType != nil
    }
  }

  /// The id of a token in the vocabulary, if any.
  func column(_ token: String) -> Int? { columns[token] }

  /// The document-term matrix `[texts.count, vocabulary.count]`; unknown words are ignored. In
  /// `sequence` mode, the ids `[texts.count, sequenceLength]`.
  public func transform(_ texts: [String]) -> Tensor {
    if mode == .sequence { return sequences(texts) }
    let v = vocabulary.count
    let out = Tensor(zeros: [texts.count, v])
    for (i, t) in texts.enumerated() {
      for token in Self.tokens(t) {
        guard let c = columns[token] else { continue }
        if mode == .binary { out.buffer[i * v + c] = 1 } else { out.buffer[i * v + c] += 1 }
      }
    }
    return out
  }
}
