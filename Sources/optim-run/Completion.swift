import ArgumentParser

extension OptimRun {
  /// `optim-run completion bash|zsh|fish`: prints the shell completion script to install.
  struct Completion: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the completion script for bash, zsh or fish.",
      discussion: """
        Spec arguments complete .yaml/.yml files, run and sweep folder arguments complete folders, \
        and file options complete files; where nothing else matches, file names complete as \
        usual. `optim-run SPEC.yaml` (run, the default command) completes too.

          bash: optim-run completion bash > ~/.local/share/bash-completion/completions/optim-run
                (or, without bash-completion: source <(optim-run completion bash) in ~/.bashrc)
          zsh:  optim-run completion zsh > ~/.zfunc/_optim-run
                (with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc)
          fish: optim-run completion fish > ~/.config/fish/completions/optim-run.fish
        """)

    @Argument(help: "The shell: bash, zsh or fish.")
    var shell: CompletionScript.Shell

    func run() throws {
      Stdout.write(try CompletionScript.script(for: shell))
    }
  }
}

extension CompletionKind {
  /// An experiment file: `*.yaml` or `*.yml` (and folders, to descend into).
  static var spec: CompletionKind { .file(extensions: ["yaml", "yml"]) }
}
