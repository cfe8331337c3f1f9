import Foundation

/// Reads whole files for the readers, turning I/O failures into `DataError`s.
enum FileBytes {
  /// The contents of `path`, or a `DataError` saying the file is missing or unreadable.
  static func read(_ path: String) throws -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DataError(path: path, "no such file")
    }
    if isDirectory.boolValue { throw DataError(path: path, "expected a file, found a directory") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DataError(path: path, "cannot read the file (permissions?)")
    }
    return [UInt8](data)
  }

  /// The size of the file at `path` in bytes (0 if it cannot be read).
  static func size(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
  }

  /// Whether a regular file exists at `path`.
  static func exists(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
  }

  /// `directory/name`, without doubling the slash.
  static func join(_ directory: String, _ name: String) -> String {
    directory.isEmpty ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
  }

  /// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename.
  static func writeAtomically(_ bytes: some Collection<UInt8>, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url, options: .atomic)
    } catch {
      throw DataError(path: path, "cannot write the file: \(error.localizedDescription)")
    }
  }
}
