import Foundation
import Testing

@testable import Reporting

@Suite struct RunFolderTests {
  // 2026-11-26T09:01:36Z is 1_795_683_696 s after the epoch (`date -u -d @1795683696`).
  static let start = Date(timeIntervalSince1970: 1_795_683_696.75)
  static let hash = "A1B2C3D4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"

  @Test func utcTimestamps() {
    #expect(UTCTime.compact(RunFolderTests.start) == "20261126T090136Z")
    #expect(UTCTime.iso8601(RunFolderTests.start) == "2026-11-26T09:01:36Z")
    #expect(UTCTime.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
  }

  @Test func defaultNamingAndSuffixWhenTheFolderExists() throws {
    let root = try makeTemporaryFolder().appendingPathComponent("runs")
    let first = try RunFolder.create(
      root: root, name: "cifar_cnn", specHash: RunFolderTests.hash, start: RunFolderTests.start)
    #expect(first.url.path == root.path + "/cifar_cnn/20261126T090136Z-a1b2c3d4")
    try AtomicFile.write("keep me", to: first.file("spec.yaml"))
    let second = try RunFolder.create(
      root: root, name: "cifar_cnn", specHash: RunFolderTests.hash, start: RunFolderTests.start)
    let third = try RunFolder.create(
      root: root, name: "cifar_cnn", specHash: RunFolderTests.hash, start: RunFolderTests.start)
    #expect(second.url.lastPathComponent == "20261126T090136Z-a1b2c3d4-2")
    #expect(third.url.lastPathComponent == "20261126T090136Z-a1b2c3d4-3")
    #expect(try readText(first.file("spec.yaml")) == "keep me")
    for folder in [first, second, third] {
      var isDirectory: ObjCBool = false
      #expect(
        FileManager.default.fileExists(atPath: folder.checkpoints.path, isDirectory: &isDirectory)
          && isDirectory.boolValue)
    }
  }

  @Test func explicitFolderIsNeverOverwritten() throws {
    let base = try makeTemporaryFolder()
    let out = base.appendingPathComponent("nested/out")
    let folder = try RunFolder.create(at: out)
    try AtomicFile.write("first run", to: folder.file("run.json"))
    #expect(throws: ReportingError.runFolderExists(path: out.path)) { try RunFolder.create(at: out) }
    #expect(try readText(folder.file("run.json")) == "first run")
    let file = base.appendingPathComponent("a-file")
    try AtomicFile.write("x", to: file)
    #expect(throws: ReportingError.runFolderIsNotAFolder(path: file.path)) { try RunFolder.create(at: file) }
  }

  /// A folder left by a run killed before its run.json (it trained nothing) is taken again, but
  /// not once it holds anything else, or a checkpoint.
  @Test func aFolderOfARunKilledWhileStartingIsReused() throws {
    let base = try makeTemporaryFolder()
    let out = base.appendingPathComponent("out")
    let folder = try RunFolder.create(at: out)
    try AtomicFile.write("name: x\n", to: folder.file("spec.yaml"))
    try AtomicFile.write("", to: folder.file("metrics.csv"))
    let again = try RunFolder.create(at: out)
    #expect(try filesUnder(again.url) == ["checkpoints"])
    try AtomicFile.write("notes", to: again.file("notes.txt"))
    #expect(throws: ReportingError.runFolderExists(path: out.path)) { try RunFolder.create(at: out) }
    try FileManager.default.removeItem(at: again.file("notes.txt"))
    try AtomicFile.write("w", to: again.checkpoints.appendingPathComponent("epoch_1.safetensors"))
    #expect(throws: ReportingError.runFolderExists(path: out.path)) { try RunFolder.create(at: out) }
  }

  @Test func anEmptyExplicitFolderIsAccepted() throws {
    let empty = try makeTemporaryFolder()
    let folder = try RunFolder.create(at: empty)
    #expect(try filesUnder(folder.url) == ["checkpoints"])
  }

  @Test(arguments: ["", ".", "..", "a/b"])
  func invalidRunNamesAreRejected(name: String) throws {
    let root = try makeTemporaryFolder()
    #expect(throws: ReportingError.invalidRunName(name)) {
      try RunFolder.create(root: root, name: name, specHash: RunFolderTests.hash, start: RunFolderTests.start)
    }
  }

  @Test func filePathsAreTheFolderAndTheName() throws {
    // Named without asking the file system whether they are folders; the paths are as before.
    let folder = try RunFolder.create(at: try makeTemporaryFolder().appendingPathComponent("run"))
    #expect(folder.file("run.json").path == folder.url.path + "/run.json")
    #expect(folder.checkpoints.path == folder.url.path + "/checkpoints")
    #expect(folder.checkpoints.appendingPathComponent("final.safetensors").path == folder.url.path + "/checkpoints/final.safetensors")
  }

  @Test func atomicWritesReplaceWholeFilesAndLeaveNoTemporaryFiles() throws {
    let folder = try makeTemporaryFolder()
    let url = folder.appendingPathComponent("x.json")
    try AtomicFile.write("old contents that are longer", to: url)
    try AtomicFile.write("new", to: url)
    #expect(try readText(url) == "new")
    #expect(try filesUnder(folder) == ["x.json"])
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
  }

  @Test func atomicWriteIntoAMissingFolderFailsClearlyAndLeavesNothing() throws {
    let folder = try makeTemporaryFolder()
    let url = folder.appendingPathComponent("missing/x.json")
    #expect(throws: ReportingError.self) { try AtomicFile.write("x", to: url) }
    #expect(try filesUnder(folder) == [])
  }
}
