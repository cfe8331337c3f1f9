/// A minimal zip writer, the counterpart of `ZipArchive` for the `.npz` files optim-run writes:
/// stored members (no compression), no zip64 (members and archive under 4 GiB).
public struct ZipWriter {
  private var bytes: [UInt8] = []
  private var central: [UInt8] = []
  private var count = 0

  /// An empty archive.
  public init() {}

  /// Appends a member `name` holding `contents`.
  public mutating func add(name: String, contents: [UInt8]) {
    precondition(contents.count < Int(UInt32.max) && bytes.count < Int(UInt32.max), "zip64 is not written")
    let crc = contents.withUnsafeBytes { Inflate.crc32($0) }
    let nameBytes = Array(name.utf8)
    let offset = UInt32(bytes.count)
    // The fields a local header and its central directory entry share: version needed 2.0, no
    // flags, stored, time 0 and date 1980-01-01, the checksum, both sizes, the name's length and
    // no extra field.
    var shared: [UInt8] = []
    for v: UInt16 in [20, 0, 0, 0, 0x21] { append16(v, to: &shared) }
    for v in [crc, UInt32(contents.count), UInt32(contents.count)] { append32(v, to: &shared) }
    append16(UInt16(nameBytes.count), to: &shared)
    append16(0, to: &shared)

    append32(0x0403_4B50, to: &bytes)
    bytes += shared + nameBytes + contents

    append32(0x0201_4B50, to: &central)
    append16(20, to: &central)  // version made by
    central += shared
    for _ in 0..<3 { append16(0, to: &central) }  // comment length, disk, internal attributes
    append32(0, to: &central)  // external attributes
    append32(offset, to: &central)
    central += nameBytes
    count += 1
  }

  /// The archive's bytes: the members, the central directory and its end record.
  public func finish() -> [UInt8] {
    var out = bytes + central
    append32(0x0605_4B50, to: &out)
    for v: UInt16 in [0, 0, UInt16(count), UInt16(count)] { append16(v, to: &out) }
    append32(UInt32(central.count), to: &out)
    append32(UInt32(bytes.count), to: &out)
    append16(0, to: &out)
    return out
  }

  private func append16(_ v: UInt16, to out: inout [UInt8]) {
    out += [UInt8(v & 0xFF), UInt8(v >> 8)]
  }

  private func append32(_ v: UInt32, to out: inout [UInt8]) {
    for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
  }
}
