import Foundation
import Testing
import _TestSupport

/// `optim-run summary` as a user runs it: the built executable on spec files.
///
/// Build it first (`swift build`); these tests run `.build/debug/optim-run` and do not build it.
@Suite("optim-run summary")
struct SummaryCommandTests {
  /// What a run printed and how it exited.
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The built executable: next to the test bundle, or in the repository's `.build/debug`.
  static let executable: String? = {
    var candidates: [URL] = []
    if let first = CommandLine.arguments.first {
      candidates.append(
        URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("optim-run"))
    }
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("optim-run"))
    }
    candidates.append(URL(fileURLWithPath: RepositoryPaths.path(".build/debug/optim-run")))
    return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  /// Runs `optim-run arguments...` in `directory` (the repository by default).
  func run(_ arguments: [String], in directory: String = RepositoryPaths.root) throws -> Output {
    let path = try #require(Self.executable, "build optim-run first with `swift build`")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  @Test func cifarTableHasKerasTotals() throws {
    let r = try run(["summary", "specs/cifar_cnn.yaml"])
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "Model: \"cifar_cnn\"")
    // Keras: 122,570 parameters; 122,570 × 4 bytes / 1024 = 478.79 KB.
    #expect(lines.contains(" Total params: 122,570 (478.79 KB)"))
    #expect(lines.contains(" Non-trainable params: 0 (0.00 B)"))
    #expect(
      lines.contains {
        $0.hasPrefix("│ dense_1 (Dense) ") && $0.contains("(None, 10)") && $0.contains(" 650 │")
      })
    #expect(r.stderr.isEmpty)
  }

  @Test func jsonParsesAndUsesTheBatchSize() throws {
    let r = try run(["summary", "specs/cifar_cnn.yaml", "--format", "json", "--batch-size", "8"])
    #expect(r.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let json = try #require(object)
    #expect(json["total_parameters"] as? Int == 122_570)
    #expect((json["layers"] as? [Any])?.count == 8)
    #expect(json["batch_size"] as? Int == 8)
    // Outputs per example: 30·30·32 + 15·15·32 + 13·13·64 + 6·6·64 + 4·4·64 + 1024 + 64 + 10
    // = 51,242 floats; × 4 bytes × 8 examples = 1,639,744.
    #expect(json["activation_bytes"] as? Int == 1_639_744)
  }

  @Test func shapeErrorIsAPositionedDiagnosticWithExit2() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
    name: u
    data: {type: synthetic_segmentation, samples: 10, shape: [63, 63, 1]}
    model:
      input: [63, 63, 1]
      layers:
        - {type: conv2d, name: c1, filters: 4, kernel_size: 3, padding: same}
        - {type: max_pooling2d, pool_size: 2}
        - {type: up_sampling2d}
        - {type: concatenate, name: m4, inputs: [previous, c1]}
    loss: mse
    optimizer: adam

    """.write(to: folder.appendingPathComponent("u.yaml"), atomically: true, encoding: .utf8)
    let r = try run(["summary", "u.yaml"], in: folder.path)
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(
      r.stderr == """
        u.yaml:9:7: error: concatenate 'm4': inputs have heights 62 and 63 \
        (shapes (62, 62, 4) and (63, 63, 4)); all but the channel axis must match
            - {type: concatenate, name: m4, inputs: [previous, c1]}
              ^

        """)
  }

  @Test func objectiveSpecHasNoModel() throws {
    let r = try run(["summary", "specs/himmelblau_adam.yaml"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("objective experiment"))
    #expect(r.stderr.contains("no model"))
  }

  @Test func modelWithoutInputNeedsModelInput() throws {
    let r = try run(["summary", "specs/text_bow.yaml"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("summary needs model.input"))
    let given = try run(["summary", "specs/text_bow.yaml", "--set", "model.input=[20]"])
    #expect(given.status == 0)
    // Dense 20→16 (336) and 16→1 (17), counted as Keras does: in·out + out.
    #expect(given.stdout.contains(" Total params: 353 "))
  }

  // Absurd sizes are positioned errors, not arithmetic traps: the input, a layer's output and a
  // layer's parameters are each bounded by 2^31 elements before anything is computed from them.
  @Test func absurdSizesAreShapeErrorsNotCrashes() throws {
    let r = try run(["summary", "specs/cifar_cnn.yaml", "--set", "model.input=[100000, 100000, 3]"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("error: the model's input (100000, 100000, 3) has more than 2147483648 elements"))
    let wide = try run([
      "summary", "specs/cifar_cnn.yaml", "--set", "model.layers.0.filters=2000000000",
      "--set", "model.layers.0.padding=same",
    ])
    #expect(wide.status == 2)
    #expect(wide.stderr.contains("specs/cifar_cnn.yaml:10:7: error: conv2d 'conv2d': "))
    let huge = try run(["summary", "specs/cifar_cnn.yaml", "--set", "model.layers.6.units=2000000000"])
    #expect(huge.status == 2)
    #expect(huge.stderr.contains("dense 'dense': its parameters would have more than 2147483648 elements"))
    // --batch-size is bounded as train.batch_size is.
    let batch = try run(["summary", "specs/cifar_cnn.yaml", "--batch-size", "2147483648"])
    #expect(batch.status == 2)
    #expect(batch.stderr.contains("--batch-size must be from 1 to 2147483647"))
    let largest = try run(["summary", "specs/cifar_cnn.yaml", "--batch-size", "2147483647"])
    #expect(largest.status == 0)
  }
}
