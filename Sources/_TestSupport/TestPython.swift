import Foundation

/// The tests' own Python (`.venv`, made by `scripts/python-env.sh` from
/// `scripts/requirements-tests.txt`), for checks with the real readers: onnxruntime, onnx, numpy,
/// safetensors, Keras 3 on JAX. A missing environment is a failure with the command that makes
/// it, never a skip.
public enum TestPython {
  /// What a Python process printed and how it ended.
  public struct Output: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// A missing `.venv`.
  public struct Missing: Error, CustomStringConvertible {
    public var description: String {
      "the tests' Python environment \(TestPython.executable) is missing: run scripts/python-env.sh "
        + "(scripts/test.sh does)"
    }
  }

  /// `.venv/bin/python3` in the repository.
  public static let executable = RepositoryPaths.path(".venv/bin/python3")

  /// Runs `python3 script arguments...` (a file path) or `python3 -c code` with the environment's
  /// interpreter in `directory`; Keras runs on JAX, quietly. Throws `Missing` when there is no venv.
  public static func run(
    script: String? = nil, code: String? = nil, arguments: [String] = [], in directory: String = RepositoryPaths.root
  ) throws -> Output {
    guard FileManager.default.isExecutableFile(atPath: executable) else { throw Missing() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    var args: [String] = []
    if let script { args.append(script) }
    if let code { args += ["-c", code] }
    process.arguments = args + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["KERAS_BACKEND"] = "jax"
    environment["JAX_PLATFORMS"] = "cpu"
    environment["TF_CPP_MIN_LOG_LEVEL"] = "3"
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    process.environment = environment
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("py-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    // Files, not pipes: a large output cannot fill a pipe and stall the child.
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus,
      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
  }
}
