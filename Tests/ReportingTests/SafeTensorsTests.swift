import Foundation
import Tensors
import Testing

@testable import Reporting

@Suite struct SafeTensorsTests {
  /// The bytes `safetensors.numpy.save_file` (safetensors 0.8.0, numpy 2.4) wrote for the fixture in
  /// scripts/reference/safetensors_fixture.py (`python3 scripts/reference/safetensors_fixture.py write
  /// out.safetensors` prints them).
  static let pythonBytes: [UInt8] = hexBytes([
    "30010000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a226f7074696d2d72756e227d2c22",
    "636f6e7632642f62696173223a7b226474797065223a22463332222c227368617065223a5b335d2c22646174615f6f66",
    "6673657473223a5b302c31325d7d2c22636f6e7632642f6b65726e656c223a7b226474797065223a22463332222c2273",
    "68617065223a5b322c322c312c335d2c22646174615f6f666673657473223a5b31322c36305d7d2c2264656e73652f6b",
    "65726e656c223a7b226474797065223a22463332222c227368617065223a5b332c325d2c22646174615f6f6666736574",
    "73223a5b36302c38345d7d2c2273746570223a7b226474797065223a22463332222c227368617065223a5b5d2c226461",
    "74615f6f666673657473223a5b38342c38385d7d7d202020cdcccc3dcdcc4cbe59d900330000c0bf0000a0bf000080bf",
    "000040bf000000bf000080be000000000000803e0000003f0000403f0000803f0000a03f0000803f000000c0db0f4940",
    "54f82d400000008000e07f470000e040",
  ])

  /// The fixture's tensors, as the script defines them (float32 rounding of each literal).
  static let fixture = SafeTensorsFile(
    tensors: [
      "conv2d/kernel": .init(shape: [2, 2, 1, 3], values: (0..<12).map { Float($0) * 0.25 - 1.5 }),
      "conv2d/bias": .init(shape: [3], values: [0.1, -0.2, 3.0e-8]),
      "dense/kernel": .init(shape: [3, 2], values: [1, -2, Float(Double.pi), Float(M_E), -0.0, 65504]),
      "step": .init(shape: [], values: [7]),
    ], metadata: ["format": "optim-run"])

  static func hexBytes(_ lines: [String]) -> [UInt8] {
    let hex = Array(lines.joined().utf8)
    return stride(from: 0, to: hex.count, by: 2).map {
      UInt8(String(decoding: hex[$0..<($0 + 2)], as: UTF8.self), radix: 16)!
    }
  }

  @Test func readsTheFileWrittenByThePythonLibrary() throws {
    let file = try SafeTensorsFile(decoding: SafeTensorsTests.pythonBytes, source: "python.safetensors")
    #expect(file.metadata == ["format": "optim-run"])
    #expect(file.tensors.keys.sorted() == ["conv2d/bias", "conv2d/kernel", "dense/kernel", "step"])
    for (name, entry) in SafeTensorsTests.fixture.tensors {
      #expect(file.tensors[name]?.shape == entry.shape, "\(name)")
      #expect(file.tensors[name]?.values.map(\.bitPattern) == entry.values.map(\.bitPattern), "\(name)")
    }
  }

  @Test func writesTheSameBytesAsThePythonLibrary() {
    #expect(SafeTensorsTests.fixture.encoded() == SafeTensorsTests.pythonBytes)
  }

  // The Python library reads what we write: `swift test` left such a file (identical to the bytes
  // above) and `python3 scripts/reference/safetensors_fixture.py read <file>` printed every tensor
  // and "OK" (run by hand on 2026-11-26 with safetensors 0.8.0). The integrator may add that as an
  // optional CI step using the file this test writes to $TMPDIR/optim-run-safetensors-fixture.safetensors.
  @Test func roundTripsThroughAFile() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "optim-run-safetensors-fixture.safetensors")
    try SafeTensorsTests.fixture.write(to: url)
    #expect(try SafeTensorsFile.read(from: url) == SafeTensorsTests.fixture)
  }

  @Test func checkpointsParametersAndLoadsThemBack() throws {
    let kernel = Parameter(name: "dense/kernel", value: Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]))
    let bias = Parameter(name: "dense/bias", value: Tensor(shape: [3], values: [-1, 0, 1]))
    let bytes = SafeTensorsFile(parameters: [kernel, bias]).encoded()
    kernel.value.zero()
    bias.value.zero()
    try SafeTensorsFile(decoding: bytes, source: "ckpt").load(into: [kernel, bias], source: "ckpt")
    #expect(kernel.value.toArray() == [1, 2, 3, 4, 5, 6])
    #expect(bias.value.toArray() == [-1, 0, 1])
    let other = Parameter(name: "dense/kernel", value: Tensor(zeros: [3, 2]))
    #expect(
      throws: ReportingError.safetensors(
        path: "ckpt", message: "'dense/kernel' has shape (2, 3) in the file, (3, 2) in the model")
    ) {
      try SafeTensorsFile(decoding: bytes, source: "ckpt").load(into: [other, bias], source: "ckpt")
    }
  }

  static func corrupt(_ header: String, data: Int) -> [UInt8] {
    var out = [UInt8]()
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { out += $0 }
    return out + Array(header.utf8) + [UInt8](repeating: 0, count: data)
  }

  static let malformed: [([UInt8], String)] = [
    ([1, 2, 3], "3 bytes: too short for the 8-byte header length"),
    ([255, 0, 0, 0, 0, 0, 0, 0], "header length 255 exceeds the file's 8 bytes"),
    (
      corrupt("{\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", data: 2),
      "'a' has dtype F16; only F32 is supported"
    ),
    (
      corrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", data: 4),
      "'a' has 4 bytes for shape [2] of F32 (2 elements of 4 bytes)"
    ),
    (
      corrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,8]}}", data: 4),
      "'a' has data_offsets [0, 8] outside the 4 data bytes"
    ),
    (
      corrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", data: 8),
      "'a' starts at 4, expected 0: gap or overlap"
    ),
    (
      corrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", data: 8),
      "tensors cover 4 of 8 data bytes"
    ),
    (corrupt("[1]", data: 0), "header is not a JSON object"),
    (
      corrupt(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", data: 4),
      "'a' has an invalid shape [4611686018427387904, 4]"
    ),
  ]

  @Test(arguments: malformed)
  func malformedFilesAreClearErrors(bytes: [UInt8], message: String) {
    #expect(throws: ReportingError.safetensors(path: "bad.safetensors", message: message)) {
      try SafeTensorsFile(decoding: bytes, source: "bad.safetensors")
    }
  }
}
