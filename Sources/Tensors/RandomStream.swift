/// A seeded, counter-based random stream (Philox4x32-10, Salmon et al., SC'11).
///
/// A stream is named: its key comes from the experiment seed and a fixed name such as
/// `init/conv2d_1/kernel` or `shuffle/epoch-3`, so each consumer gets its own stream and adding a
/// layer never changes another layer's draws. Because the generator is counter-based, a stream can be
/// opened at any position directly (`position` counts 128-bit blocks, four 32-bit words each).
public struct RandomStream: Sendable {
  private let key: (UInt32, UInt32)
  private var counter: UInt64
  private var block: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
  private var used = 4
  private var spareNormal: Float?

  /// Opens the stream named `name` under `seed`, at block `position`.
  public init(seed: UInt64, name: String, position: UInt64 = 0) {
    // FNV-1a over the name's UTF-8, mixed with the seed by SplitMix64: a stable 64-bit key.
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in name.utf8 {
      h ^= UInt64(b)
      h = h &* 0x0000_0100_0000_01b3
    }
    let k = RandomStream.splitMix(seed ^ RandomStream.splitMix(h))
    key = (UInt32(truncatingIfNeeded: k), UInt32(truncatingIfNeeded: k >> 32))
    counter = position
  }

  @inline(__always)
  static func splitMix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9e37_79b9_7f4a_7c15
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  /// One Philox4x32-10 block for `counter` under `key`.
  static func philox(_ counter: UInt64, _ key: (UInt32, UInt32)) -> (UInt32, UInt32, UInt32, UInt32) {
    var c0 = UInt32(truncatingIfNeeded: counter)
    var c1 = UInt32(truncatingIfNeeded: counter >> 32)
    var c2: UInt32 = 0
    var c3: UInt32 = 0
    var k0 = key.0
    var k1 = key.1
    for _ in 0..<10 {
      let p0 = UInt64(0xD251_1F53) &* UInt64(c0)
      let p1 = UInt64(0xCD9E_8D57) &* UInt64(c2)
      let n0 = UInt32(truncatingIfNeeded: p1 >> 32) ^ c1 ^ k0
      let n1 = UInt32(truncatingIfNeeded: p1)
      let n2 = UInt32(truncatingIfNeeded: p0 >> 32) ^ c3 ^ k1
      let n3 = UInt32(truncatingIfNeeded: p0)
      c0 = n0
      c1 = n1
      c2 = n2
      c3 = n3
      k0 = k0 &+ 0x9E37_79B9
      k1 = k1 &+ 0xBB67_AE85
    }
    return (c0, c1, c2, c3)
  }

  /// The next 32 random bits.
  public mutating func nextUInt32() -> UInt32 {
    if used == 4 {
      block = RandomStream.philox(counter, key)
      counter &+= 1
      used = 0
    }
    defer { used += 1 }
    switch used {
    case 0: return block.0
    case 1: return block.1
    case 2: return block.2
    default: return block.3
    }
  }

  /// The next 64 random bits.
  public mutating func nextUInt64() -> UInt64 {
    UInt64(nextUInt32()) << 32 | UInt64(nextUInt32())
  }

  /// Uniform in [0, 1) with 24 random bits (every float32 step in that range equally likely).
  public mutating func nextUniform() -> Float {
    Float(nextUInt32() >> 8) * (1.0 / 16_777_216.0)
  }

  /// Uniform in [0, 1) with 53 random bits.
  public mutating func nextDouble() -> Double {
    Double(nextUInt64() >> 11) * (1.0 / 9_007_199_254_740_992.0)
  }

  /// Standard normal (Box–Muller on two uniforms; the second value is kept for the next call).
  public mutating func nextNormal() -> Float {
    if let s = spareNormal {
      spareNormal = nil
      return s
    }
    var u1 = nextDouble()
    while u1 <= 0 { u1 = nextDouble() }
    let u2 = nextDouble()
    let r = (-2 * _log(u1)).squareRoot()
    let t = 2 * Double.pi * u2
    spareNormal = Float(r * _sin(t))
    return Float(r * _cos(t))
  }

  /// A uniform integer in `0 ..< n` without modulo bias (Lemire's method).
  public mutating func nextInt(below n: Int) -> Int {
    precondition(n > 0)
    let bound = UInt64(n)
    var m = nextUInt64().multipliedFullWidth(by: bound)
    if m.low < bound {
      let threshold = (0 &- bound) % bound
      while m.low < threshold { m = nextUInt64().multipliedFullWidth(by: bound) }
    }
    return Int(m.high)
  }

  /// Fills `buffer` with uniform values in [low, high).
  public mutating func fillUniform(_ buffer: UnsafeMutableBufferPointer<Float>, low: Float, high: Float) {
    for i in buffer.indices { buffer[i] = low + (high - low) * nextUniform() }
  }

  /// Fills `buffer` with normal values of the given mean and standard deviation.
  public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>, mean: Float, stddev: Float) {
    for i in buffer.indices { buffer[i] = mean + stddev * nextNormal() }
  }

  /// A uniformly random permutation of `0 ..< n` (Fisher–Yates).
  public mutating func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<n)
    if n > 1 {
      for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, nextInt(below: i + 1)) }
    }
    return p
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
  @inline(__always) func _sin(_ x: Double) -> Double { Glibc.sin(x) }
  @inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
  import Darwin
  @inline(__always) func _log(_ x: Double) -> Double { Darwin.log(x) }
  @inline(__always) func _sin(_ x: Double) -> Double { Darwin.sin(x) }
  @inline(__always) func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
