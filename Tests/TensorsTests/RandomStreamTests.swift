import Testing
@testable import Tensors

@Suite struct RandomStreamTests {
  // Known-answer test from the Random123 distribution (kat_vectors): philox4x32-10 with
  // counter (0,0,0,0) and key (0,0) gives 6627e8d5 e169c58d bc57ac4c 9b00dbd8.
  @Test func philoxKnownAnswer() {
    let b = RandomStream.philox(0, (0, 0))
    #expect([b.0, b.1, b.2, b.3] == [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8])
  }

  @Test func sameNameSameDraws() {
    var a = RandomStream(seed: 42, name: "init/dense/kernel")
    var b = RandomStream(seed: 42, name: "init/dense/kernel")
    var c = RandomStream(seed: 42, name: "init/dense_1/kernel")
    let xa = (0..<16).map { _ in a.nextUInt32() }
    #expect(xa == (0..<16).map { _ in b.nextUInt32() })
    #expect(xa != (0..<16).map { _ in c.nextUInt32() })
  }

  @Test func openAtPosition() {
    var a = RandomStream(seed: 7, name: "s")
    for _ in 0..<8 { _ = a.nextUInt32() }  // two blocks
    var b = RandomStream(seed: 7, name: "s", position: 2)
    #expect(a.nextUInt32() == b.nextUInt32())
  }

  @Test func normalMoments() {
    var r = RandomStream(seed: 1, name: "normal")
    let n = 200_000
    var s = 0.0
    var s2 = 0.0
    for _ in 0..<n {
      let x = Double(r.nextNormal())
      s += x
      s2 += x * x
    }
    // Standard error of the mean is 1/sqrt(n) ≈ 0.0022; of the variance about sqrt(2/n) ≈ 0.0032.
    #expect(abs(s / Double(n)) < 0.012)
    #expect(abs(s2 / Double(n) - 1) < 0.016)
  }

  @Test func permutationIsPermutation() {
    var r = RandomStream(seed: 3, name: "shuffle/epoch-0")
    let p = r.permutation(1000)
    #expect(p.sorted() == Array(0..<1000))
    #expect(p != Array(0..<1000))
  }
}
