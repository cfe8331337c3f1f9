/// Reads NumPy `.npz` archives (`np.savez`, stored, and `np.savez_compressed`, deflated).
public enum NPZReader {
  /// Every array in the archive at `path`, by name without the `.npy` suffix.
  public static func read(path: String) throws -> [String: NumPyArray] {
    try parse(FileBytes.read(path), path: path)
  }

  /// Every array in the archive `bytes`; `path` names them in errors.
  public static func parse(_ bytes: [UInt8], path: String) throws -> [String: NumPyArray] {
    let archive = try ZipArchive(bytes: bytes, path: path)
    var arrays: [String: NumPyArray] = [:]
    for entry in archive.entries where entry.name.hasSuffix(".npy") {
      let key = String(entry.name.dropLast(4))
      arrays[key] = try NPYReader.parse(archive.contents(of: entry), path: "\(path) (member \(entry.name))")
    }
    return arrays
  }

  /// The arrays named `keys` in the archive at `path`, in that order; a missing key is an error
  /// listing the keys present.
  public static func read(path: String, keys: [String]) throws -> [NumPyArray] {
    let archive = try ZipArchive(bytes: FileBytes.read(path), path: path)
    return try keys.map { key in
      guard let entry = archive.entries.first(where: { $0.name == key + ".npy" }) else {
        let present = archive.entries.map {
          $0.name.hasSuffix(".npy") ? String($0.name.dropLast(4)) : $0.name
        }
        throw DataError(
          path: path, "no array '\(key)' in the archive (found: \(present.sorted().joined(separator: ", ")))")
      }
      return try NPYReader.parse(archive.contents(of: entry), path: "\(path) (member \(entry.name))")
    }
  }
}
