/// A read-only view of a zip file's members (stored or deflated, with zip64 extensions), as NumPy
/// writes `.npz` files. Layout from PKWARE's APPNOTE.TXT: local headers, central directory, end record.
struct ZipArchive {
  struct Entry {
    var name: String
    var method: Int
    var crc: UInt32
    var compressedSize: Int
    var size: Int
    var localHeaderOffset: Int
  }

  let bytes: [UInt8]
  let path: String
  private(set) var entries: [Entry] = []

  /// Reads the central directory of the zip file `bytes`; `path` names it in errors.
  init(bytes: [UInt8], path: String) throws {
    self.bytes = bytes
    self.path = path
    guard bytes.count >= 4, le32(0) == 0x0403_4b50 || le32(0) == 0x0605_4b50 else {
      throw DataError(
        path: path,
        "expected a zip (.npz) file (magic 'PK\\x03\\x04'), found \(DataError.quote(bytes.prefix(4)))")
    }
    guard bytes.count >= 22 else { throw DataError(path: path, "truncated zip file (\(bytes.count) bytes)") }
    var eocd = -1
    var i = bytes.count - 22
    while i >= max(0, bytes.count - 22 - 65535) {
      if le32(i) == 0x0605_4b50 { eocd = i; break }
      i -= 1
    }
    guard eocd >= 0 else {
      throw DataError(path: path, "no zip end-of-central-directory record (truncated file?)")
    }
    var count = Int(le16(eocd + 10))
    var directorySize = Int(le32(eocd + 12))
    var directoryOffset = Int(le32(eocd + 16))
    if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
      let locator = eocd - 20
      guard locator >= 0, le32(locator) == 0x0706_4b50 else {
        throw DataError(path: path, "zip64 end record locator missing")
      }
      let end64 = try size64(locator + 8, "zip64 end record offset")
      guard end64 >= 0, end64 + 56 <= bytes.count, le32(end64) == 0x0606_4b50 else {
        throw DataError(path: path, "zip64 end record missing or truncated")
      }
      count = try size64(end64 + 32, "zip64 entry count")
      directorySize = try size64(end64 + 40, "zip64 central directory size")
      directoryOffset = try size64(end64 + 48, "zip64 central directory offset")
    }
    guard directoryOffset + directorySize <= bytes.count else {
      throw DataError(path: path, "zip central directory lies outside the file (truncated file?)")
    }
    var p = directoryOffset
    for _ in 0..<count {
      guard p + 46 <= bytes.count, le32(p) == 0x0201_4b50 else {
        throw DataError(path: path, "bad zip central directory entry at byte \(p)")
      }
      let nameLength = Int(le16(p + 28))
      let extraLength = Int(le16(p + 30))
      let commentLength = Int(le16(p + 32))
      guard p + 46 + nameLength + extraLength <= bytes.count else {
        throw DataError(path: path, "truncated zip central directory")
      }
      var entry = Entry(
        name: String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self),
        method: Int(le16(p + 10)), crc: le32(p + 16), compressedSize: Int(le32(p + 20)),
        size: Int(le32(p + 24)), localHeaderOffset: Int(le32(p + 42)))
      // The zip64 extra field holds, in order, whichever of the three values overflowed.
      var e = p + 46 + nameLength
      let extraEnd = e + extraLength
      while e + 4 <= extraEnd {
        let id = le16(e)
        let length = Int(le16(e + 2))
        guard e + 4 + length <= extraEnd else {
          throw DataError(
            path: path, "bad extra field in the zip central directory entry of '\(entry.name)': it runs past the entry")
        }
        if id == 0x0001 {
          var q = e + 4
          if entry.size == 0xFFFF_FFFF, q + 8 <= e + 4 + length { entry.size = try size64(q, "zip64 size"); q += 8 }
          if entry.compressedSize == 0xFFFF_FFFF, q + 8 <= e + 4 + length {
            entry.compressedSize = try size64(q, "zip64 compressed size")
            q += 8
          }
          if entry.localHeaderOffset == 0xFFFF_FFFF, q + 8 <= e + 4 + length {
            entry.localHeaderOffset = try size64(q, "zip64 local header offset")
          }
        }
        e += 4 + length
      }
      // numpy would read the last of two same-named members, unzip asks: neither is a safe guess.
      guard !entries.contains(where: { $0.name == entry.name }) else {
        throw DataError(path: path, "the archive holds two members named '\(entry.name)'")
      }
      entries.append(entry)
      p += 46 + nameLength + extraLength + commentLength
    }
  }

  /// The decompressed bytes of `entry`, checked against its CRC-32.
  func contents(of entry: Entry) throws -> [UInt8] {
    let where_ = "\(path) (member \(entry.name))"
    let h = entry.localHeaderOffset
    guard h + 30 <= bytes.count, le32(h) == 0x0403_4b50 else {
      throw DataError(path: where_, "bad zip local header at byte \(h)")
    }
    let start = h + 30 + Int(le16(h + 26)) + Int(le16(h + 28))
    guard start + entry.compressedSize <= bytes.count else {
      throw DataError(
        path: where_,
        "member data needs \(entry.compressedSize) bytes at \(start), file has \(bytes.count) (truncated?)")
    }
    let data: [UInt8]
    switch entry.method {
    case 0:
      guard entry.compressedSize == entry.size else {
        throw DataError(path: where_, "stored member sizes differ (\(entry.compressedSize) vs \(entry.size))")
      }
      data = Array(bytes[start..<(start + entry.size)])
    case 8:
      data = try bytes.withUnsafeBytes {
        try Inflate.inflateRaw(
          UnsafeRawBufferPointer(rebasing: $0[start..<(start + entry.compressedSize)]),
          expectedSize: entry.size,
          path: where_)
      }
    default:
      throw DataError(
        path: where_, "unsupported zip compression method \(entry.method) (expected 0 stored or 8 deflate)")
    }
    let crc = data.withUnsafeBytes { Inflate.crc32($0) }
    guard crc == entry.crc else {
      throw DataError(
        path: where_, "CRC-32 mismatch: expected \(hex(entry.crc)), computed \(hex(crc)) (corrupt file?)")
    }
    return data
  }

  private func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }
  private func le16(_ o: Int) -> UInt16 { UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8 }
  private func le32(_ o: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[o + $1]) << (8 * $1) } }
  /// A zip64 size or offset as an `Int`; values beyond 2^48 (256 TiB) cannot describe a real
  /// archive and would overflow the arithmetic on them, so they are refused as corrupt.
  private func size64(_ o: Int, _ what: String) throws -> Int {
    let v = le64(o)
    guard v <= 1 << 48 else { throw DataError(path: path, "\(what) \(v) is out of range (corrupt zip64 record)") }
    return Int(v)
  }
  private func le64(_ o: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[o + $1]) << (8 * $1) } }
}
