import Foundation

/// A fresh folder under the system temporary directory for one test; removed on `deinit`.
final class TemporaryFolder {
  let path: String

  init() throws {
    path =
      FileManager.default.temporaryDirectory.appendingPathComponent("datasets-tests-\(UUID().uuidString)")
      .path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes `bytes` to `name` inside the folder (creating subfolders) and returns the full path.
  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let url = URL(fileURLWithPath: path).appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
    return url.path
  }

  /// Writes UTF-8 `text` to `name` and returns the full path.
  @discardableResult
  func write(_ name: String, text: String) throws -> String { try write(name, Array(text.utf8)) }

  /// Writes the base64-encoded `fixture` to `name` and returns the full path.
  @discardableResult
  func write(_ name: String, base64 fixture: String) throws -> String {
    try write(name, [UInt8](Data(base64Encoded: fixture)!))
  }
}
