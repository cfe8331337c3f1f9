import Foundation

/// MD5 message digest (RFC 1321), used only to verify downloads against published checksums.
public struct MD5: Sendable {
  private static let shifts: [UInt32] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
  ]
  /// T[i] = floor(2^32 · |sin(i + 1)|), RFC 1321 section 3.4.
  private static let table: [UInt32] = (0..<64).map { UInt32(abs(sin(Double($0 + 1))) * 4_294_967_296.0) }

  private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)
  private var pending: [UInt8] = []
  private var length: UInt64 = 0

  /// A fresh digest.
  public init() {}

  /// Feeds `bytes` into the digest.
  public mutating func update(_ bytes: some Collection<UInt8>) {
    length &+= UInt64(bytes.count)
    pending.append(contentsOf: bytes)
    let whole = pending.count / 64 * 64
    guard whole > 0 else { return }
    pending.withUnsafeBytes { raw in
      for offset in stride(from: 0, to: whole, by: 64) {
        compress(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + 64)]))
      }
    }
    pending.removeFirst(whole)
  }

  /// The 16-byte digest of everything fed so far.
  public func finalize() -> [UInt8] {
    var copy = self
    var tail: [UInt8] = [0x80]
    tail += [UInt8](repeating: 0, count: (55 - pending.count % 64 + 64) % 64)
    let bits = length &* 8
    tail += (0..<8).map { UInt8(truncatingIfNeeded: bits >> (8 * $0)) }
    copy.update(tail)
    precondition(copy.pending.isEmpty)
    let s = copy.state
    return [s.0, s.1, s.2, s.3].flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
  }

  /// The digest of `bytes` as 32 lowercase hex digits.
  public static func hex(of bytes: some Collection<UInt8>) -> String {
    var md5 = MD5()
    md5.update(bytes)
    return md5.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
  }

  private mutating func compress(_ block: UnsafeRawBufferPointer) {
    var (a, b, c, d) = state
    for i in 0..<64 {
      var f: UInt32
      let g: Int
      switch i / 16 {
      case 0: f = (b & c) | (~b & d); g = i
      case 1: f = (d & b) | (~d & c); g = (5 * i + 1) % 16
      case 2: f = b ^ c ^ d; g = (3 * i + 5) % 16
      default: f = c ^ (b | ~d); g = (7 * i) % 16
      }
      let word = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4 * g, as: UInt32.self))
      f = f &+ a &+ MD5.table[i] &+ word
      a = d
      d = c
      c = b
      let s = MD5.shifts[i]
      b = b &+ (f << s | f >> (32 - s))
    }
    state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
  }
}
