import ArgumentParser

/// `--data-root DIR`: the folder relative data paths in a spec file are taken from, instead of the
/// spec file's own folder (for data kept outside the repository of experiments).
struct DataRootOption: ParsableArguments {
  @Option(
    name: .customLong("data-root"),
    help: ArgumentHelp(
      "Take relative data paths in the spec (data.path, data.x, data.y) from this folder instead of the spec file's folder; --set paths are taken from the working directory.",
      valueName: "dir"),
    completion: .directory)
  var directory: String?

  func validate() throws {
    if directory?.isEmpty == true { throw ValidationError("--data-root needs a folder path") }
  }
}
