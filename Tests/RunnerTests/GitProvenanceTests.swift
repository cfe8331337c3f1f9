import Foundation
import Testing

@testable import Runner

/// The git commands run together and give each its own output, in order; the record is read from
/// them as before (no work tree, no commit: nil).
@Suite struct GitProvenanceTests {
  static func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "git-provenance-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func shell(_ command: String, in folder: String) -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    p.currentDirectoryURL = URL(fileURLWithPath: folder)
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try? p.run()
    p.waitUntilExit()
    return p.terminationStatus
  }

  @Test func commandsRunTogetherAndKeepTheirOrder() throws {
    try #require(GitProvenance.gitExecutable != nil, "needs git on PATH")
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let commands = try #require(
      GitCommands([["--version"], ["rev-parse", "--show-toplevel"], ["no-such-command"], ["--version"]], in: folder))
    let outputs = commands.outputs()
    #expect(outputs.count == 4)
    #expect(outputs[0]?.hasPrefix("git version") == true)
    #expect(outputs[1] == nil)  // not a work tree: git fails
    #expect(outputs[2] == nil)
    #expect(outputs[3] == outputs[0])
  }

  @Test func recordsAWorkTreeAndItsChanges() throws {
    try #require(GitProvenance.gitExecutable != nil, "needs git on PATH")
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let setup =
      "git init -q -b main . && git -c user.email=a@b -c user.name=t commit -q --allow-empty -m init"
      + " && mkdir specs && echo 'name: x' > specs/a.yaml && git add specs/a.yaml"
      + " && git -c user.email=a@b -c user.name=t commit -q -m spec"
    try #require(Self.shell(setup, in: folder) == 0)
    let spec = folder + "/specs/a.yaml"
    let clean = try #require(GitProvenance.start(specPath: spec).record())
    #expect(clean.commit.count == 40)
    #expect(clean.branch == "main")
    #expect(clean.dirty == false)
    #expect(clean.specFile == "specs/a.yaml")
    #expect(URL(fileURLWithPath: clean.root).resolvingSymlinksInPath().path
      == URL(fileURLWithPath: folder).resolvingSymlinksInPath().path)
    try "name: y\n".write(toFile: spec, atomically: true, encoding: .utf8)
    let untracked = folder + "/specs/b.yaml"
    try "name: z\n".write(toFile: untracked, atomically: true, encoding: .utf8)
    let dirty = try #require(GitProvenance.record(specPath: untracked))
    #expect(dirty.dirty == true)
    #expect(dirty.specFile == "specs/b.yaml")  // untracked: relative to the root
    #expect(dirty.commit == clean.commit)
  }

  @Test func noWorkTreeGivesNoRecord() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(GitProvenance.record(specPath: folder + "/a.yaml") == nil)
    // Outputs that lack a root or a full commit give no record either.
    let spec = URL(fileURLWithPath: "/r/specs/a.yaml")
    #expect(GitProvenance.record(spec: spec, outputs: [nil, String(repeating: "a", count: 40), nil, "", nil]) == nil)
    #expect(GitProvenance.record(spec: spec, outputs: ["/r", "abc", nil, "", nil]) == nil)
    let r = try #require(
      GitProvenance.record(spec: spec, outputs: ["/r", String(repeating: "a", count: 40), "", nil, nil]))
    #expect(r.branch == nil && r.dirty == true && r.specFile == "specs/a.yaml")
  }
}
