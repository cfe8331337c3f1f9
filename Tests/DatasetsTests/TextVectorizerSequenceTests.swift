import Datasets
import Foundation
import Testing
import _TestSupport

/// The `sequence` vectorizer against a Python reimplementation of Keras 3's
/// `TextVectorization(output_mode="int")` rules (no TensorFlow here): lowercase, strip
/// `string.punctuation`, split on ASCII whitespace, vocabulary "" and "[UNK]" then tokens by
/// `np.lexsort((tokens, counts))[::-1]`, capped by max_tokens; ids padded or cut at the end.
@Suite struct TextVectorizerSequenceTests {
  static let texts = [
    "I love this movie!", "This movie is GREAT, great... really great", "Terrible movie_2 a b [UNK]",
    "Ünïcode café 42 x\tcafé", "it's a  b-c (d) e.f", "zz yy xx", "b a",
  ]

  /// What the Python rules give: the vocabulary and the ids, as JSON.
  func reference(maxTokens: Int?, length: Int) throws -> (vocabulary: [String], ids: [[Int]]) {
    let code = """
      import json, re, string, sys
      import numpy as np
      texts = json.loads(sys.argv[1]); max_tokens = json.loads(sys.argv[2]); length = int(sys.argv[3])
      strip = '[' + re.escape(string.punctuation) + ']'
      def tokens(t):
          return [w for w in re.split(r'[ \\t\\n\\r\\x0b\\x0c]+', re.sub(strip, '', t.lower())) if w]
      counts = {}
      for t in texts:
          for w in tokens(t): counts[w] = counts.get(w, 0) + 1
      counts.pop('', None); counts.pop('[UNK]', None)
      words = np.array([w.encode() for w in counts], dtype=object)
      order = np.lexsort((words, np.array([counts[w.decode()] for w in words])))[::-1]
      learned = [words[i].decode() for i in order]
      if max_tokens is not None: learned = learned[:max_tokens - 2]
      vocab = ['', '[UNK]'] + learned
      index = {w: i for i, w in enumerate(vocab)}
      ids = []
      for t in texts:
          row = [index.get(w, 1) for w in tokens(t)][:length]
          ids.append(row + [0] * (length - len(row)))
      print(json.dumps({'vocabulary': vocab, 'ids': ids}))
      """
    let texts = String(decoding: try JSONSerialization.data(withJSONObject: Self.texts), as: UTF8.self)
    let r = try TestPython.run(code: code, arguments: [texts, maxTokens.map(String.init) ?? "null", "\(length)"])
    try #require(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    return (try #require(json["vocabulary"] as? [String]), try #require(json["ids"] as? [[Int]]))
  }

  @Test(arguments: [(nil, 6), (8, 4), (3, 3), (2, 9)] as [(Int?, Int)])
  func matchesKerasRules(_ maxTokens: Int?, _ length: Int) throws {
    let expected = try reference(maxTokens: maxTokens, length: length)
    let vectorizer = TextVectorizer(fittingSequences: Self.texts, maxTokens: maxTokens, sequenceLength: length)
    #expect(vectorizer.vocabulary == expected.vocabulary)
    let ids = vectorizer.transform(Self.texts)
    #expect(ids.shape == [Self.texts.count, length])
    #expect(ids.toArray().map { Int($0) } == expected.ids.flatMap { $0 })
  }

  @Test func aSavedVocabularyGivesTheSameIds() {
    let fitted = TextVectorizer(fittingSequences: Self.texts, maxTokens: nil, sequenceLength: 5)
    let reloaded = TextVectorizer(vocabulary: fitted.vocabulary, mode: .sequence, sequenceLength: 5)
    #expect(reloaded.transform(["unseen GREAT movie, movie"]).toArray() == fitted.transform(["unseen GREAT movie, movie"]).toArray())
    #expect(reloaded.transform(["unseen"]).toArray() == [1, 0, 0, 0, 0])
  }

  @Test func theSpecNeedsALengthAndTheBagOfWordsTakesNoCap() throws {
    // Checked by the text data schema; see SpecDecodingTests for positions.
    #expect(TextVectorizer.sequenceTokens("Hello, World!\u{a0}x") == ["hello", "world\u{a0}x"])
  }
}
