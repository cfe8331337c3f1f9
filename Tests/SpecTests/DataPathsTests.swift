import Foundation
import Testing
import YAML

@testable import Spec

/// Relative data paths are taken from the spec file's folder (or `--data-root`), `--set` paths
/// from the working directory, and the loaded spec holds them absolute, so its resolved YAML
/// reruns from anywhere.
@Suite struct DataPathsTests {
  static let spec = """
    name: paths
    data: {type: npy, x: arrays/x.npy, y: ../shared/y.npy}
    model: {input: [4], layers: [{type: dense, units: 2, activation: softmax}]}
    loss: sparse_categorical_crossentropy
    optimizer: adam

    """

  /// A spec file in a fresh folder `root/experiments/specs/`.
  func writeSpec(_ text: String) throws -> (root: String, file: String) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("data-paths-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: root + "/experiments/specs", withIntermediateDirectories: true)
    let file = root + "/experiments/specs/a.yaml"
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    return (root, file)
  }

  @Test func relativePathsAreTakenFromTheSpecFilesFolder() throws {
    let (root, file) = try writeSpec(Self.spec)
    defer { try? FileManager.default.removeItem(atPath: root) }
    let loaded = try loadSpec(path: file)
    let data = try #require(loaded.spec.data)
    #expect(data.string("x") == root + "/experiments/specs/arrays/x.npy")
    #expect(data.string("y") == root + "/experiments/shared/y.npy")
    #expect(loaded.dataPaths.map(\.keyPath) == ["data.x", "data.y"])
    #expect(loaded.dataPaths.allSatisfy { $0.folder == root + "/experiments/specs" })
    #expect(loaded.dataPaths.first?.folderReason == "the spec file's folder")
    #expect(loaded.resolvedYAML.contains("x: \(root)/experiments/specs/arrays/x.npy"))
  }

  @Test func theResolvedSpecLoadsToTheSameExperimentFromAnotherFolder() throws {
    let (root, file) = try writeSpec(Self.spec)
    defer { try? FileManager.default.removeItem(atPath: root) }
    let loaded = try loadSpec(path: file)
    try FileManager.default.createDirectory(atPath: root + "/elsewhere", withIntermediateDirectories: true)
    let copy = root + "/elsewhere/spec.yaml"
    try loaded.resolvedYAML.write(toFile: copy, atomically: true, encoding: .utf8)
    let again = try loadSpec(path: copy)
    #expect(again.spec == loaded.spec)
    #expect(again.hash == loaded.hash)
    #expect(again.dataPaths.allSatisfy { $0.folder == nil })
  }

  @Test func dataRootReplacesTheSpecFolderAndSetPathsComeFromTheWorkingDirectory() throws {
    let (root, file) = try writeSpec(Self.spec)
    defer { try? FileManager.default.removeItem(atPath: root) }
    let loaded = try loadSpec(path: file, overrides: ["data.y=labels/y.npy"], dataRoot: root + "/store/")
    let data = try #require(loaded.spec.data)
    #expect(data.string("x") == root + "/store/arrays/x.npy")
    let cwd = FileManager.default.currentDirectoryPath
    #expect(data.string("y") == cwd + "/labels/y.npy")
    #expect(loaded.dataPaths.map(\.folderReason) == ["--data-root", "the working directory (--set)"])
  }

  @Test func absolutePathsAndHomePathsAreKept() throws {
    let (root, file) = try writeSpec(
      Self.spec.replacingOccurrences(of: "arrays/x.npy", with: "/data/x.npy").replacingOccurrences(
        of: "../shared/y.npy", with: "~/y.npy"))
    defer { try? FileManager.default.removeItem(atPath: root) }
    let loaded = try loadSpec(path: file)
    let home = try #require(ProcessInfo.processInfo.environment["HOME"])
    #expect(loaded.spec.data?.string("x") == "/data/x.npy")
    #expect(loaded.spec.data?.string("y") == DataPaths.normalized(home + "/y.npy"))
    #expect(loaded.dataPaths.allSatisfy { $0.folder == nil })
  }

  @Test func cifar10sDefaultFolderFollowsTheSameRule() throws {
    for data in ["cifar10", "{type: cifar10, download: false}"] {
      let (root, file) = try writeSpec(
        Self.spec.replacingOccurrences(of: "{type: npy, x: arrays/x.npy, y: ../shared/y.npy}", with: data))
      defer { try? FileManager.default.removeItem(atPath: root) }
      let loaded = try loadSpec(path: file)
      #expect(loaded.spec.data?.string("path") == root + "/experiments/specs/data/cifar-10-batches-bin", "\(data)")
    }
  }

  @Test func sweptDataPathsAreResolvedToo() throws {
    let (root, file) = try writeSpec(
      Self.spec + "sweep: {parameters: {data.x: [a.npy, /abs/b.npy], optimizer.learning_rate: [0.1]}}\n")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let loaded = try loadSpec(path: file)
    let values = loaded.root.lookup(key: "sweep")?.lookup(key: "parameters")?.lookup(key: "data.x")
    guard case .sequence(let items)? = values?.content else {
      Issue.record("no swept values")
      return
    }
    #expect(items.map(\.scalarValue) == [.string(root + "/experiments/specs/a.npy"), .string("/abs/b.npy")])
  }

  @Test func errorsInAPathStillPointAtTheFile() throws {
    let (root, file) = try writeSpec(Self.spec.replacingOccurrences(of: "x: arrays/x.npy", with: "x: 3"))
    defer { try? FileManager.default.removeItem(atPath: root) }
    #expect {
      _ = try loadSpec(path: file)
    } throws: { error in
      let text = (error as? DiagnosticList)?.rendered ?? ""
      return text.contains("a.yaml:2:") && text.contains("data.x")
    }
  }

  @Test(arguments: [
    ("/a/b/../c/./d", "/a/c/d"), ("/a//b/", "/a/b"), ("/../x", "/x"), ("/", "/"),
  ])
  func normalizationIsLexical(_ pair: (String, String)) {
    #expect(DataPaths.normalized(pair.0) == pair.1)
  }
}
