import Testing

@testable import Spec

/// Known-answer tests from FIPS 180-2, Appendix B (the SHA-256 examples) and its one-million-`a` vector.
@Suite struct SHA256Tests {
  @Test func abc() {
    #expect(
      SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func emptyMessage() {
    #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func twoBlockMessage448Bits() {
    let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    #expect(message.utf8.count * 8 == 448)
    #expect(
      SHA256.hex(of: Array(message.utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test func oneMillionA() {
    let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(SHA256.hex(of: message) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}

/// The incremental hasher (data files are fed in chunks) gives the one-shot digest for every split.
@Suite struct SHA256StreamingTests {
  @Test func chunkedInputGivesTheOneShotDigest() {
    var random = SplitMix64(seed: 7)
    let message = (0..<1000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    let whole = SHA256.hex(of: message)
    for chunk in [1, 3, 55, 56, 63, 64, 65, 127, 128, 999] {
      var hasher = SHA256()
      var i = 0
      while i < message.count {
        let end = min(i + chunk, message.count)
        hasher.update(Array(message[i..<end]))
        i = end
      }
      #expect(hasher.hexDigest() == whole, "chunks of \(chunk)")
    }
    // NIST's two-block example ("abcdbcdecdefdefg...", 56 bytes) fed in two uneven parts.
    let nist = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
    var hasher = SHA256()
    hasher.update(Array(nist[..<20]))
    hasher.update(Array(nist[20...]))
    #expect(hasher.hexDigest() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }
}
