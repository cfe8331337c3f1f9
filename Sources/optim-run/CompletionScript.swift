import ArgumentParser
import Foundation

/// swift-argument-parser's completion scripts (`--generate-completion-script`), adjusted for
/// optim-run: `run` is the default command, so the first word completes spec files as well as
/// command names and `optim-run SPEC.yaml --<TAB>` completes run's options; and where nothing else
/// matches, ordinary file names complete (the library's scripts turn that off: bash's is
/// registered without `-o default`, fish's says `complete -f` for every position).
///
/// Each adjustment replaces text the library generates; when the library's output changes, the
/// anchor is not found and `script(for:)` throws instead of printing a script that half works
/// (CompletionTests run the scripts in the real shells).
enum CompletionScript {
  /// The shells there is a script for.
  enum Shell: String, CaseIterable, ExpressibleByArgument {
    case bash, zsh, fish
  }

  /// The library's generated text lacks an anchor the adjustments need.
  struct AnchorMissing: Error, CustomStringConvertible {
    var description: String
  }

  /// The completion script for `shell`.
  static func script(for shell: Shell) throws -> String {
    // swift-format-ignore: NeverForceUnwrap
    let generated = OptimRun.completionScript(for: CompletionShell(rawValue: shell.rawValue)!)
    switch shell {
    case .bash: return try bash(generated)
    case .zsh: return try zsh(generated)
    case .fish: return try fish(generated)
    }
  }

  static func bash(_ script: String) throws -> String {
    var s = script
    // The root's "not a command name" branch offers the command names (for the first word only);
    // then, as `run`, the spec and run's options.
    let offer = "        COMPREPLY+=($(compgen -W '\(commandNames)' -- \"${cur}\"))\n"
    try replaceOnce(
      &s, offer,
      with: """
                if [[ "${#unparsed_words[@]}" -eq 0 ]]; then
            \(offer)\
                fi
                # `optim-run SPEC.yaml ...`: run is the default command
                unparsed_words=("${subcommand}" "${unparsed_words[@]}")
                _optim-run_run

        """)
    try replaceOnce(
      &s, "complete -o filenames -F _optim-run optim-run",
      with: "complete -o filenames -o bashdefault -o default -F _optim-run optim-run")
    return s
  }

  static func zsh(_ script: String) throws -> String {
    var s = script
    let describe = "        _describe -V subcommand subcommands && ret=0\n"
    try replaceOnce(&s, describe, with: describe + "        _files -g '*.(yaml|yml)' && ret=0\n")
    let dispatch = "            \"_optim-run_${words[1]}\" && ret=0\n            ;;\n"
    try replaceOnce(
      &s, dispatch,
      with: dispatch + """
                *)
                    # `optim-run SPEC.yaml ...`: run is the default command
                    words=(run "${words[@]}")
                    (( CURRENT++ ))
                    _optim-run_run && ret=0
                    ;;

        """)
    let rootEnd = "\n    return \"${ret}\"\n}\n\n_optim-run_run() {"
    try replaceOnce(
      &s, rootEnd,
      with: "\n    # Nothing else matched: ordinary file names\n    (( ret )) && _files && ret=0\n"
        + rootEnd.dropFirst())
    return s
  }

  static func fish(_ script: String) throws -> String {
    var s = script
    // The inner switch over the command name: an unknown first word is a spec, for run.
    let runCase = "        case 'run'\n"
    guard let caseStart = s.range(of: runCase),
      let parseLineEnd = s[caseStart.upperBound...].firstIndex(of: "\n")
    else { throw AnchorMissing(description: "fish: no `case 'run'` in the generated script") }
    let parseRun = String(s[caseStart.upperBound...parseLineEnd])
    try replaceOnce(
      &s, "        end\n    end\nend\n",
      with: """
                case '*'
                    # `optim-run SPEC.yaml ...`: run is the default command (`switch` matches
                    # '*' for no token too: the first word is being completed then)
                    if set -q unparsed_tokens[1]
                        set -p unparsed_tokens run
            \(parseRun)\
                    end
                end
            end
        end

        """)
    // Files where no completion applies (the library switches file names off for every position).
    try replaceOnce(&s, "complete -c 'optim-run' -f\n", with: "")
    // The first word: spec files too, completed as run's spec argument is.
    let runSpec =
      "complete -c 'optim-run' -n '__optim-run_should_offer_completions_for_positional \"optim-run run\" -eq 1'"
    guard let specLine = s.range(of: runSpec),
      let specLineEnd = s[specLine.upperBound...].firstIndex(of: "\n")
    else { throw AnchorMissing(description: "fish: no completion for run's spec argument") }
    let firstWord = String(s[specLine.lowerBound..<specLineEnd])
      .replacingOccurrences(of: "\"optim-run run\" -eq 1", with: "\"optim-run\" -eq 1")
    if !s.hasSuffix("\n") { s += "\n" }
    return s + firstWord + "\n"
  }

  /// The command names as the generated scripts list them, space-separated.
  private static var commandNames: String { (OptimRun.commandNames + ["help"]).joined(separator: " ") }

  /// Replaces the one occurrence of `anchor` in `s`; throws when there is none or more than one.
  private static func replaceOnce(_ s: inout String, _ anchor: String, with replacement: String) throws {
    let found = s.ranges(of: anchor)
    guard found.count == 1 else {
      throw AnchorMissing(
        description: "completion script: \(found.count) occurrences of \(anchor.debugDescription)")
    }
    s.replaceSubrange(found[0], with: replacement)
  }
}
