import Foundation
import Testing
import YAML

/// Loads `text` as `x.yaml` and returns the root node.
func loadRoot(_ text: String) throws -> Node {
  try YAMLLoader.load(text: text, name: "x.yaml").root
}

/// The rendered diagnostics from loading `text` as `x.yaml`, or "loaded" if it loaded.
func loadError(_ text: String, limits: YAMLLoader.Limits = .standard) -> String {
  do {
    _ = try YAMLLoader.load(text: text, name: "x.yaml", limits: limits)
    return "loaded"
  } catch {
    return error.rendered
  }
}

/// The rendered diagnostics from loading the file at `path`, or "loaded" if it loaded.
func loadFileError(_ path: String) -> String {
  do {
    _ = try YAMLLoader.load(path: path)
    return "loaded"
  } catch {
    return error.rendered
  }
}

/// The resolved value of the root's `v` key.
func valueOf(_ yamlValue: String) throws -> ScalarValue? {
  try loadRoot("v: \(yamlValue)\n").lookup(key: "v")?.scalarValue
}

/// A fresh temporary directory, removed by `body`'s end.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "yaml-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  return try body(dir)
}
