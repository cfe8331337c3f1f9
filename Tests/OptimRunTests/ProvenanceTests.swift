import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// A spec kept in a git repository of experiments: its data paths are relative to it, wherever
  /// optim-run runs from; run.json records each data file's SHA-256 and the repository's commit.
  @Suite("provenance")
  struct ProvenanceTests {
    /// `repo/specs/digits.yaml` with `../data/x.npy`, the digits copied into `repo/data/`.
    func makeRepository(_ scratch: ScratchFolder) throws -> String {
      let repo = scratch.path("repo")
      for folder in ["specs", "data"] {
        try FileManager.default.createDirectory(atPath: repo + "/" + folder, withIntermediateDirectories: true)
      }
      for file in ["x.npy", "y.npy"] {
        try FileManager.default.copyItem(
          atPath: RepositoryPaths.path("data/digits/" + file), toPath: repo + "/data/" + file)
      }
      let spec = try String(contentsOfFile: RepositoryPaths.path("specs/digits_cnn.yaml"), encoding: .utf8)
        .replacingOccurrences(of: "../data/digits/", with: "../data/")
      #expect(spec.contains("x: ../data/x.npy"))
      try spec.write(toFile: repo + "/specs/digits.yaml", atomically: true, encoding: .utf8)
      return repo
    }

    func git(_ arguments: [String], in folder: String) throws -> String {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["git", "-C", folder] + arguments
      let pipe = Pipe()
      process.standardOutput = pipe
      process.standardError = FileHandle.nullDevice
      try process.run()
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      try #require(process.terminationStatus == 0, "git \(arguments)")
      return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func runJSON(_ folder: String) throws -> [String: Any] {
      let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/run.json"))
      return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Run from an unrelated folder: the data is found next to the spec; run.json has absolute
    /// paths with `sha256sum`'s digests and the commit, branch and clean state git reports; after
    /// an edit the tree is dirty; the run folder's spec.yaml reruns from yet another folder.
    @Test func aSpecInAGitRepositoryRunsFromAnywhereAndIsRecorded() throws {
      let scratch = try ScratchFolder()
      let repo = try makeRepository(scratch)
      _ = try git(["init", "-q", "-b", "experiments"], in: repo)
      _ = try git(["add", "."], in: repo)
      _ = try git(["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "digits"], in: repo)
      let commit = try git(["rev-parse", "HEAD"], in: repo)

      let elsewhere = scratch.path("elsewhere")
      try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
      let out = scratch.path("run1")
      let r = try OptimRunProcess.run(
        [repo + "/specs/digits.yaml", "--out", out, "--progress", "none", "--set", "train.epochs=1"],
        in: elsewhere, scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")
      let run = try runJSON(out)
      let datasets = try #require(run["datasets"] as? [[String: Any]])
      #expect(datasets.map { $0["path"] as? String } == [repo + "/data/x.npy", repo + "/data/y.npy"])
      for file in datasets {
        let path = try #require(file["path"] as? String)
        let reference = try shell(["sha256sum", path]).split(separator: " ").first.map(String.init)
        #expect(file["sha256"] as? String == reference, "\(path)")
        #expect(file["size_bytes"] as? Int == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
      }
      let record = try #require(run["git"] as? [String: Any])
      #expect(record["commit"] as? String == commit)
      #expect(record["branch"] as? String == "experiments")
      #expect(record["dirty"] as? Bool == false)
      #expect(record["spec_file"] as? String == "specs/digits.yaml")
      #expect(record["root"] as? String == repo)

      // The run folder's spec.yaml names the data absolutely: it reruns from any folder.
      let again = scratch.path("run2")
      let r2 = try OptimRunProcess.run(
        [out + "/spec.yaml", "--out", again, "--progress", "none"], in: scratch.url.path, scratch: scratch)
      #expect(r2.status == 0, "stderr: \(r2.stderr)")
      #expect(try runJSON(again)["datasets"] as? NSArray == run["datasets"] as? NSArray)

      // An edit to a tracked file makes the tree dirty.
      try "# edited\n".write(toFile: repo + "/specs/other.yaml", atomically: true, encoding: .utf8)
      let third = scratch.path("run3")
      _ = try OptimRunProcess.run(
        [repo + "/specs/digits.yaml", "--out", third, "--progress", "none", "--set", "train.epochs=1"],
        in: elsewhere, scratch: scratch)
      #expect((try runJSON(third)["git"] as? [String: Any])?["dirty"] as? Bool == false, "untracked files do not count")
      let text = try String(contentsOfFile: repo + "/specs/digits.yaml", encoding: .utf8)
      try (text + "# a comment\n").write(toFile: repo + "/specs/digits.yaml", atomically: true, encoding: .utf8)
      let fourth = scratch.path("run4")
      _ = try OptimRunProcess.run(
        [repo + "/specs/digits.yaml", "--out", fourth, "--progress", "none", "--set", "train.epochs=1"],
        in: elsewhere, scratch: scratch)
      #expect((try runJSON(fourth)["git"] as? [String: Any])?["dirty"] as? Bool == true)
    }

    /// Outside a work tree `git` is null; a relative path that is not there names the folder it
    /// was looked for in and `--data-root`, which then finds it.
    @Test func aMissingRelativePathNamesTheFolderAndDataRootFindsIt() throws {
      let scratch = try ScratchFolder()
      let repo = try makeRepository(scratch)
      let moved = scratch.path("moved.yaml")
      try FileManager.default.moveItem(atPath: repo + "/specs/digits.yaml", toPath: moved)
      let r = try OptimRunProcess.run(
        [moved, "--out", scratch.path("r1"), "--progress", "none"], in: RepositoryPaths.root, scratch: scratch)
      #expect(r.status == 3, "stderr: \(r.stderr)")
      let folder = scratch.url.path
      #expect(
        r.stderr.contains(
          "data.x '../data/x.npy' is relative, so it was resolved against the spec file's folder, \(folder);"),
        "\(r.stderr)")
      #expect(r.stderr.contains("--data-root"))

      let out = scratch.path("r2")
      let ok = try OptimRunProcess.run(
        [moved, "--data-root", repo + "/specs", "--out", out, "--progress", "none", "--set", "train.epochs=1"],
        in: RepositoryPaths.root, scratch: scratch)
      #expect(ok.status == 0, "stderr: \(ok.stderr)")
      let run = try runJSON(out)
      #expect(run["git"] is NSNull, "a scratch folder is in no work tree")
    }

    func shell(_ arguments: [String]) throws -> String {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = arguments
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return String(decoding: data, as: UTF8.self)
    }
  }
}
