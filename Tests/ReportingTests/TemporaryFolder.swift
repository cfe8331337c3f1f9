import Foundation

/// A fresh, unique folder under the system temporary directory for one test.
func makeTemporaryFolder(_ label: String = #function) throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("optim-run-reporting-tests")
    .appendingPathComponent(label.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Every file under `folder`, relative paths, sorted.
func filesUnder(_ folder: URL) throws -> [String] {
  let enumerator = FileManager.default.enumerator(atPath: folder.path)!
  return (enumerator.allObjects as! [String]).sorted()
}

/// The text of a file.
func readText(_ url: URL) throws -> String {
  String(decoding: try Data(contentsOf: url), as: UTF8.self)
}

/// Parses JSON text with Foundation (an independent parser) and returns the object.
func parseJSON(_ text: String) throws -> Any {
  try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}
