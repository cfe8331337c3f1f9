import Foundation
import Testing

@testable import optim_run

/// `optim-run completion SHELL`: the scripts, run in the real shells, in a folder holding a spec
/// (a.yaml), another file (b.txt) and a folder. bash, zsh and fish must be installed
/// (`scripts/setup.sh --tests`): a missing shell fails the test.
@Suite("shell completion")
struct CompletionTests {
  /// A scratch folder holding the three scripts and `work/`, the folder the shells complete in,
  /// with a.yaml, b.txt and folder/.
  final class Workspace {
    let url: URL
    /// The working folder.
    var path: String { url.appendingPathComponent("work").path }

    init() throws {
      url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "optim-run-completion-\(UUID().uuidString)")
      let work = url.appendingPathComponent("work")
      try FileManager.default.createDirectory(
        at: work.appendingPathComponent("folder"), withIntermediateDirectories: true)
      for name in ["a.yaml", "b.txt"] {
        try "".write(to: work.appendingPathComponent(name), atomically: true, encoding: .utf8)
      }
      for shell in CompletionScript.Shell.allCases {
        try CompletionScript.script(for: shell).write(
          to: URL(fileURLWithPath: script(shell)), atomically: true, encoding: .utf8)
      }
    }

    /// The script for `shell`'s path.
    func script(_ shell: CompletionScript.Shell) -> String {
      url.appendingPathComponent("script.\(shell)").path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
  }

  /// The shell's executable on PATH; a test failure when it is not installed.
  static func shell(_ name: String) throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let found = path.split(separator: ":").map { "\($0)/\(name)" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    return try #require(found, "\(name) is not installed: run scripts/setup.sh --tests")
  }

  /// Runs `executable arguments...` in `directory`; its stdout, failing the test on a non-zero status.
  static func run(_ executable: String, _ arguments: [String], in directory: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(executable) \(arguments): \(stderr)")
    #expect(stderr.isEmpty, "\(executable) \(arguments): \(stderr)")
    return stdout
  }

  /// What bash's completion function puts in COMPREPLY for the command line `words` (the last
  /// word is the one being completed).
  static func bash(_ words: [String], in workspace: Workspace) throws -> Set<String> {
    let quoted = words.map { "'\($0)'" }.joined(separator: " ")
    let command = """
      source '\(workspace.script(.bash))'
      COMP_WORDS=(\(quoted)); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
      COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
      _optim-run optim-run "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
      printf '%s\\n' "${COMPREPLY[@]}"
      """
    let out = try run(try shell("bash"), ["-c", command], in: workspace.path)
    return Set(out.split(separator: "\n").map(String.init))
  }

  @Test func bashCompletesSpecsFoldersCommandsAndOptions() throws {
    let w = try Workspace()
    // The first word: the command names and, for run (the default command), specs and folders.
    let first = try Self.bash(["optim-run", ""], in: w)
    #expect(
      first.isSuperset(of: ["run", "resume", "evaluate", "completion", "a.yaml", "folder"]), "\(first)")
    #expect(!first.contains("b.txt"))
    #expect(try Self.bash(["optim-run", "a"], in: w) == ["a.yaml"])
    for command in ["run", "validate", "summary", "trials"] {
      #expect(try Self.bash(["optim-run", command, ""], in: w) == ["a.yaml", "folder"], "\(command)")
    }
    for command in ["resume", "evaluate", "predict", "export", "collect", "compare", "runs"] {
      #expect(try Self.bash(["optim-run", command, ""], in: w) == ["folder"], "\(command)")
    }
    #expect(try Self.bash(["optim-run", "compare", "folder", ""], in: w) == ["folder"])
    // Options, for an explicit run and for the default one, and their values.
    #expect(try Self.bash(["optim-run", "run", "a.yaml", "--pro"], in: w) == ["--progress"])
    #expect(try Self.bash(["optim-run", "a.yaml", "--pro"], in: w) == ["--progress"])
    #expect(
      try Self.bash(["optim-run", "a.yaml", "--progress", ""], in: w) == ["auto", "bar", "lines", "none"])
    #expect(try Self.bash(["optim-run", "a.yaml", "--out", ""], in: w) == ["folder"])
    #expect(try Self.bash(["optim-run", "predict", "folder", "--input", ""], in: w) == ["b.txt", "folder"])
    #expect(
      try Self.bash(["optim-run", "export", "folder", "--output", ""], in: w) == [
        "a.yaml", "b.txt", "folder",
      ])
    #expect(
      try Self.bash(["optim-run", "evaluate", "--"], in: w).isSuperset(of: [
        "--checkpoint", "--split", "--set",
      ]))
  }

  @Test func bashFallsBackToFileNames() throws {
    let w = try Workspace()
    let registration = try Self.run(
      try Self.shell("bash"), ["-c", "source '\(w.script(.bash))'; complete -p optim-run"], in: w.path)
    #expect(
      registration.contains(" -o default ") && registration.contains(" -o filenames "), "\(registration)")
    #expect(registration.hasSuffix("-F _optim-run optim-run\n"))
    // Where the function offers nothing (a --set value), bash's default completion takes over.
    #expect(try Self.bash(["optim-run", "a.yaml", "--set", ""], in: w).isEmpty)
  }

  /// What zsh lists (or inserts) for `line` + TAB, typed into an interactive zsh on a
  /// pseudo-terminal, read until `marker` shows (a minute at most: then the test fails) and half a
  /// second more.
  static func zsh(_ line: String, until marker: String, in workspace: Workspace) throws -> String {
    let driver = """
      zmodload zsh/zpty
      zpty z 'zsh -f -i'
      zpty -w z 'PS1="READY> "; autoload -U compinit; compinit -u -D; source \(workspace.script(.zsh)); \
      zstyle ":completion:*" list-prompt ""; zstyle ":completion:*" menu no; unsetopt beep; LISTMAX=1000'
      zpty -w -n z $'\(line)\\t\\t'
      zpty -r z all '*\(marker)*'
      sleep 0.5
      while zpty -r -t z chunk; do all+=$chunk; done
      zpty -d z
      print -r -- "$all"
      """
    let raw = try run("/usr/bin/timeout", ["60", try shell("zsh"), "-f", "-c", driver], in: workspace.path)
    // Without the terminal's escape sequences and carriage returns.
    return raw.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
      .replacingOccurrences(of: "\r", with: "")
  }

  @Test func zshLoadsAndCompletes() throws {
    let w = try Workspace()
    let loaded = try Self.run(
      try Self.shell("zsh"),
      [
        "-f", "-c",
        "autoload -U compinit; compinit -u -D; source '\(w.script(.zsh))'; print ${_comps[optim-run]}",
      ], in: w.path)
    #expect(loaded == "_optim-run\n")
    let first = try Self.zsh("optim-run ", until: "a.yaml", in: w)
    for expected in ["resume", "completion", "a.yaml", "folder/"] {
      #expect(first.contains(expected), "\(first)")
    }
    #expect(!first.contains("b.txt"), "\(first)")
    #expect(
      try Self.zsh("optim-run resume ", until: "resume folder", in: w).contains("optim-run resume folder/"),
      "the one folder, inserted")
    let progress = try Self.zsh("optim-run a.yaml --progress ", until: "none", in: w)
    for value in ["auto", "bar", "lines", "none"] { #expect(progress.contains(value), "\(progress)") }
    let fallback = try Self.zsh("optim-run a.yaml --set ", until: "b.txt", in: w)
    #expect(fallback.contains("b.txt"), "file names where nothing else matches: \(fallback)")
  }

  /// fish's own completions for `line` (`complete -C`): the candidates, descriptions dropped.
  static func fish(_ line: String, in workspace: Workspace) throws -> Set<String> {
    let out = try run(
      try shell("fish"), ["-N", "-c", "source '\(workspace.script(.fish))'; complete -C '\(line)'"],
      in: workspace.path)
    return Set(out.split(separator: "\n").map { String($0.split(separator: "\t", maxSplits: 1)[0]) })
  }

  @Test func fishCompletes() throws {
    let w = try Workspace()
    let first = try Self.fish("optim-run ", in: w)
    #expect(first.isSuperset(of: ["run", "resume", "completion", "a.yaml", "folder/"]), "\(first)")
    #expect(!first.contains("b.txt"))
    #expect(try Self.fish("optim-run run ", in: w) == ["a.yaml", "folder/"])
    #expect(try Self.fish("optim-run resume ", in: w) == ["folder/"])
    #expect(try Self.fish("optim-run a.yaml --pro", in: w) == ["--progress"])
    #expect(try Self.fish("optim-run a.yaml --progress ", in: w) == ["auto", "bar", "lines", "none"])
    #expect(try Self.fish("optim-run a.yaml --out ", in: w) == ["folder/"])
    // Past the last argument, file names as usual.
    #expect(try Self.fish("optim-run run a.yaml ", in: w) == ["a.yaml", "b.txt", "folder/"])
  }

  @Test func completionCommandPrintsTheScripts() throws {
    let executable = try #require(SummaryCommandTests.executable, "build optim-run first with `swift build`")
    let w = try Workspace()
    for shell in CompletionScript.Shell.allCases {
      let printed = try Self.run(executable, ["completion", shell.rawValue], in: w.path)
      #expect(printed == (try CompletionScript.script(for: shell)), "\(shell)")
    }
  }
}
