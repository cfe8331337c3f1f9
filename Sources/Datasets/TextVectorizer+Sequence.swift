import Tensors

/// Keras 3's `TextVectorization(output_mode="int", standardize="lower_and_strip_punctuation",
/// split="whitespace")` (`keras/src/layers/preprocessing/text_vectorization.py`, `index_lookup.py`).
extension TextVectorizer {
  /// The padding (mask) token, id 0.
  public static let paddingToken = ""
  /// The out-of-vocabulary token, id 1.
  public static let unknownToken = "[UNK]"

  /// Learns a Keras vocabulary from `texts`: "" and "[UNK]", then the tokens by descending count,
  /// ties broken by descending code points (`np.lexsort((tokens, counts))[::-1]`), at most
  /// `maxTokens` entries in all (nil: no cap).
  public init(fittingSequences texts: [String], maxTokens: Int?, sequenceLength: Int) {
    var counts: [String: Int] = [:]
    for t in texts { for token in Self.sequenceTokens(t) { counts[token, default: 0] += 1 } }
    // Keras removes the special tokens from the counts before sorting.
    counts[Self.paddingToken] = nil
    counts[Self.unknownToken] = nil
    var learned = counts.sorted { a, b in
      if a.value != b.value { return a.value > b.value }
      return b.key.utf8.lexicographicallyPrecedes(a.key.utf8)
    }.map(\.key)
    if let maxTokens { learned = Array(learned.prefix(max(maxTokens - 2, 0))) }
    self.init(
      vocabulary: [Self.paddingToken, Self.unknownToken] + learned, mode: .sequence, sequenceLength: sequenceLength)
  }

  /// `lower_and_strip_punctuation` then `whitespace`: lowercase, delete ASCII punctuation (Keras's
  /// strip regex is exactly Python's `string.punctuation`), split on runs of ASCII whitespace
  /// (`tf.strings.split`).
  public static func sequenceTokens(_ text: String) -> [String] {
    var tokens: [String] = []
    var current = String.UnicodeScalarView()
    for scalar in text.lowercased().unicodeScalars {
      if scalar.isASCII, isASCIIWhitespace(scalar) {
        if !current.isEmpty { tokens.append(String(current)) }
        current = String.UnicodeScalarView()
      } else if !(scalar.isASCII && isASCIIPunctuation(scalar)) {
        current.append(scalar)
      }
    }
    if !current.isEmpty { tokens.append(String(current)) }
    return tokens
  }

  static func isASCIIWhitespace(_ s: Unicode.Scalar) -> Bool {
    s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\u{0B}" || s == "\u{0C}"
  }

  static func isASCIIPunctuation(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    return (0x21...0x2F).contains(v) || (0x3A...0x40).contains(v) || (0x5B...0x60).contains(v)
      || (0x7B...0x7E).contains(v)
  }

  /// The ids `[texts.count, sequenceLength]`: unknown tokens are 1, the end is padded with 0 or cut.
  func sequences(_ texts: [String]) -> Tensor {
    let length = sequenceLength ?? 0
    let out = Tensor(zeros: [texts.count, length])
    for (i, t) in texts.enumerated() {
      for (k, token) in Self.sequenceTokens(t).prefix(length).enumerated() {
        out.buffer[i * length + k] = Float(column(token) ?? 1)
      }
    }
    return out
  }
}
