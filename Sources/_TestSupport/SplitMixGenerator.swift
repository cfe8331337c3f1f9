/// SplitMix64 (Steele, Lea & Flood, 2014) as a seeded `RandomNumberGenerator`, so tests that draw
/// random inputs draw the same ones every run and a failure can be replayed.
public struct SplitMixGenerator: RandomNumberGenerator {
  /// The generator's state (the seed before the first draw).
  public var state: UInt64

  /// A generator seeded with `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<n` (by remainder: slightly uneven, fine for test inputs).
  public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
