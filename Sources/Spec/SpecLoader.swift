import YAML

/// A validated experiment with what a run saves: the resolved YAML and its hash.
public struct LoadedSpec: Sendable, Equatable {
  /// The experiment, every default filled in and every override applied.
  public var spec: ExperimentSpec
  /// The file as read (for diagnostics quoting it).
  public var source: Source
  /// `spec` as YAML (what a run saves as `spec.yaml`).
  public var resolvedYAML: String
  /// SHA-256 of the canonical form, 64 hex digits.
  public var hash: String
  /// The document's tree with overrides applied (what sweep trials substitute into).
  public var root: Node
  /// The `--set` arguments, one per line, as marks inside overrides refer to them.
  public var commandLineSource: Source = Source(name: SpecLoader.commandLine, text: "")
  /// The data paths as written and as resolved (absolute in `spec`, `resolvedYAML` and `root`).
  public var dataPaths: [ResolvedDataPath] = []

  /// A diagnostic at the node under `path` in `root` (the file or a `--set` argument, whichever
  /// gave the value), quoting its line; without a position when the path is absent.
  public func diagnostic(atPath path: [String], _ message: String) -> Diagnostic {
    var node: Node? = root
    for key in path { node = node?.lookup(key: key) }
    let keyPath = path.joined(separator: ".")
    return diagnostic(at: node?.mark, message, keyPath: keyPath)
  }

  /// A diagnostic at `mark`, quoting the line of the file or `--set` argument it is in.
  public func diagnostic(at mark: Mark?, _ message: String, keyPath: String) -> Diagnostic {
    guard let mark else { return Diagnostic(at: nil, message, keyPath: keyPath) }
    let source = mark.file == commandLineSource.name ? commandLineSource : self.source
    return source.diagnostic(at: mark, message, keyPath: keyPath)
  }
}

/// Loads a spec file, applies `--set` overrides, validates it and reports every problem at once.
///
/// `overrides` are `key.path=value` strings (the value parsed as YAML). Relative data paths in the
/// file are taken from the file's folder, or from `dataRoot` when given; those from `overrides`
/// from the working directory. Throws all diagnostics, sorted by position, each with its source
/// line for rendering.
public func loadSpec(path: String, overrides: [String] = [], dataRoot: String? = nil) throws(DiagnosticList)
  -> LoadedSpec
{
  let document = try YAMLLoader.load(path: path)
  return try SpecLoader.load(document, overrides: overrides, paths: .forSpecFile(path, dataRoot: dataRoot))
}

/// Like `loadSpec(path:overrides:)`, from text (`name` is used in marks); relative data paths are
/// taken from the working directory.
public func loadSpec(text: String, name: String, overrides: [String] = []) throws(DiagnosticList)
  -> LoadedSpec
{
  let document = try YAMLLoader.load(text: text, name: name)
  return try SpecLoader.load(document, overrides: overrides, paths: .workingDirectory)
}

/// The steps behind `loadSpec`: overrides, decoding, resolution.
public enum SpecLoader {
  /// The file name used in marks of `--set` arguments; each argument is one line.
  public static let commandLine = "<command line>"

  /// Validates a loaded document with overrides applied.
  public static func load(_ document: Document, overrides: [String], paths: DataPathBase = .workingDirectory)
    throws(DiagnosticList) -> LoadedSpec
  {
    let commandSource = Source(
      name: commandLine, text: overrides.map { "--set " + $0 }.joined(separator: "\n"))
    var diagnostics: [Diagnostic] = []
    var root = document.root
    var hints: [Int: String] = [:]  // by command-line line
    for (i, argument) in overrides.enumerated() {
      let o: Override
      do throws(DiagnosticList) {
        o = try Override(argument, line: i + 1)
      } catch {
        diagnostics += error.diagnostics
        continue
      }
      hints[i + 1] = o.sweepPathHint
      do throws(Diagnostic) {
        root = try NodeEditor.setting(root, path: o.path, to: o.value, keyMark: o.keyMark)
      } catch {
        diagnostics.append(error)
      }
    }
    let dataPaths: [ResolvedDataPath]
    (root, dataPaths) = DataPaths.resolve(root, base: paths)
    var decoder = SpecDecoder()
    let spec = decoder.decodeExperiment(root)
    diagnostics += decoder.diagnostics
    for i in diagnostics.indices {
      if let mark = diagnostics[i].mark, mark.file == commandLine, let hint = hints[mark.line] {
        diagnostics[i].message += hint
      }
    }
    guard diagnostics.isEmpty, let spec else {
      let sources = [document.source.name: document.source, commandLine: commandSource]
      throw DiagnosticList(
        diagnostics.map { d in
          var d = d
          if d.sourceLine == nil, let mark = d.mark { d.sourceLine = sources[mark.file]?.line(mark.line) }
          return d
        })
    }
    return LoadedSpec(
      spec: spec, source: document.source, resolvedYAML: spec.resolvedYAML, hash: spec.hash, root: root,
      commandLineSource: commandSource, dataPaths: dataPaths)
  }

  /// Decodes a node tree (no overrides); diagnostics have no source lines.
  public static func decode(_ root: Node) throws(DiagnosticList) -> ExperimentSpec {
    var decoder = SpecDecoder()
    guard let spec = decoder.decodeExperiment(root), decoder.diagnostics.isEmpty else {
      throw DiagnosticList(decoder.diagnostics)
    }
    return spec
  }
}
