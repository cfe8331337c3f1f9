import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
import Reporting
import Spec

@testable import Runner

/// A fresh, unique folder under the system temporary directory for one test.
func makeObjectiveTemporaryFolder(_ label: String = #function) throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("optim-run-runner-tests")
    .appendingPathComponent(label.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Loads spec `text` as `t.yaml`; it must be valid.
func loadObjectiveSpec(_ text: String, overrides: [String] = []) throws -> LoadedSpec {
  try loadSpec(text: text, name: "t.yaml", overrides: overrides)
}

/// A `run.json` manifest for tests (fixed times and host).
func objectiveTestManifest(_ loaded: LoadedSpec) -> RunManifest {
  RunManifest(
    name: loaded.spec.name, specHash: loaded.hash, seed: UInt64(loaded.spec.seed), toolVersion: "test",
    commandLine: ["optim-run", "t.yaml"], overrides: [], startTime: Date(timeIntervalSince1970: 0),
    host: "test-host", threads: 1, datasets: [])
}

/// Runs `text` into a fresh folder and returns the result.
func runObjectiveSpec(_ text: String, label: String = #function) throws -> ObjectiveResult {
  let loaded = try loadObjectiveSpec(text)
  let folder = try RunFolder.create(at: try makeObjectiveTemporaryFolder(label).appendingPathComponent("run"))
  return try runObjective(loaded, folder: folder, manifest: objectiveTestManifest(loaded))
}

/// The text of `name` in the run folder.
func objectiveFileText(_ result: ObjectiveResult, _ name: String) throws -> String {
  String(decoding: try Data(contentsOf: result.folder.file(name)), as: UTF8.self)
}

/// Parses a JSON object with Foundation (an independent parser).
func objectiveJSON(_ result: ObjectiveResult, _ name: String) throws -> [String: Any] {
  try JSONSerialization.jsonObject(with: Data(contentsOf: result.folder.file(name))) as? [String: Any] ?? [:]
}

/// The rows of `path.csv` without the header, each split at commas.
func objectivePathRows(_ result: ObjectiveResult) throws -> [[String]] {
  try objectiveFileText(result, "path.csv").split(separator: "\n").dropFirst()
    .map { $0.split(separator: ",").map(String.init) }
}

/// Whether `path.svg` of the run parses as XML (Foundation's parser) and draws a path in the
/// plot area (the polyline of the optimizer's path is clipped to it).
func objectivePlotIsWellFormed(_ result: ObjectiveResult) throws -> Bool {
  let data = try Data(contentsOf: result.folder.file("path.svg"))
  let text = String(decoding: data, as: UTF8.self)
  return XMLParser(data: data).parse() && text.contains("clip-path=\"url(#plot-area)\"")
}
