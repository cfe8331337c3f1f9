import Foundation

#if _endian(big)
  #error("safetensors stores float32 little-endian; encoded() copies floats as the host holds them")
#endif
import Tensors

/// Named float32 tensors in Hugging Face's safetensors format, for checkpoints.
///
/// Layout (github.com/huggingface/safetensors): an 8-byte little-endian header length N; N bytes of
/// JSON `{"__metadata__": {string: string}, "<name>": {"dtype": "F32", "shape": [...],
/// "data_offsets": [begin, end]}, ...}` padded with spaces to a multiple of 8; then the raw
/// little-endian data, offsets relative to its start. The writer produces the same bytes as the
/// Python library (`safetensors.numpy.save_file`): metadata first, tensors laid out and listed in
/// name order, compact JSON. The reader accepts any valid file whose tensors are all `F32` and checks
/// every offset: ranges in bounds, sized by dtype and shape, contiguous and covering the data.
public struct SafeTensorsFile: Sendable, Equatable {
  /// One tensor's shape and row-major values.
  public struct Entry: Sendable, Equatable {
    /// Dimensions, outermost first.
    public var shape: [Int]
    /// Row-major elements.
    public var values: [Float]

    /// An entry; `values.count` must be the product of `shape`.
    public init(shape: [Int], values: [Float]) {
      precondition(
        shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == values.count, "\(shape) vs \(values.count)")
      self.shape = shape
      self.values = values
    }
  }

  /// Tensors by name (Keras variable paths such as `conv2d/kernel`).
  public var tensors: [String: Entry]
  /// The free-form `__metadata__` strings.
  public var metadata: [String: String]

  /// A file holding `tensors` and `metadata`.
  public init(tensors: [String: Entry], metadata: [String: String] = [:]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// A checkpoint of `parameters` (values copied), named by `Parameter.name`.
  public init(parameters: [Parameter], metadata: [String: String] = [:]) {
    var tensors: [String: Entry] = [:]
    for p in parameters {
      precondition(tensors[p.name] == nil, "duplicate parameter name \(p.name)")
      tensors[p.name] = Entry(shape: p.shape.dims, values: p.value.toArray())
    }
    self.init(tensors: tensors, metadata: metadata)
  }

  /// The file's bytes.
  public func encoded() -> [UInt8] {
    let names = tensors.keys.sorted(by: JSONValue.codePointOrder)
    var header = "{"
    if !metadata.isEmpty {
      header += "\"__metadata__\":" + JSONValue.object(metadata.mapValues { .string($0) }).compact
    }
    var offset = 0
    var first = metadata.isEmpty
    for name in names {
      let entry = tensors[name]!
      let end = offset + entry.values.count * 4
      if !first { header += "," }
      first = false
      header +=
        JSONValue.string(name).compact + ":{\"dtype\":\"F32\",\"shape\":["
        + entry.shape.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(offset),\(end)]}"
      offset = end
    }
    header += "}"
    var headerBytes = Array(header.utf8)
    headerBytes += [UInt8](repeating: UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)
    var out = [UInt8]()
    out.reserveCapacity(8 + headerBytes.count + offset)
    withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { out += $0 }
    out += headerBytes
    for name in names {
      // Float32 is stored little-endian, as this host (x86-64, arm64) holds it: copy it whole.
      tensors[name]!.values.withUnsafeBytes { out.append(contentsOf: $0) }
    }
    return out
  }

  /// Atomically writes the file to `url`.
  public func write(to url: URL) throws { try AtomicFile.write(encoded(), to: url) }

  /// Reads the file at `url`.
  public static func read(from url: URL) throws -> SafeTensorsFile {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw ReportingError.io(operation: "read", path: url.path, message: error.localizedDescription)
    }
    return try SafeTensorsFile(decoding: [UInt8](data), source: url.path)
  }

  /// Copies the tensors into `parameters`, which must match the file exactly by name and shape.
  public func load(into parameters: [Parameter], source: String) throws {
    let wanted = Set(parameters.map(\.name))
    let extra = tensors.keys.filter { !wanted.contains($0) }.sorted()
    guard extra.isEmpty else {
      throw ReportingError.safetensors(
        path: source, message: "tensors not in the model: \(extra.joined(separator: ", "))")
    }
    for p in parameters {
      guard let entry = tensors[p.name] else {
        throw ReportingError.safetensors(path: source, message: "no tensor named '\(p.name)'")
      }
      guard entry.shape == p.shape.dims else {
        throw ReportingError.safetensors(
          path: source,
          message: "'\(p.name)' has shape \(Shape(entry.shape)) in the file, \(p.shape) in the model")
      }
      _ = p.value.buffer.update(from: entry.values)
    }
  }
}
