import Foundation
import Tensors

extension SafeTensorsFile {
  /// The largest header accepted (the reference implementation's limit).
  static let maximumHeaderLength = 100_000_000

  /// Parses a file's bytes; `source` names it in errors.
  public init(decoding bytes: [UInt8], source: String) throws {
    func fail(_ message: String) -> ReportingError { .safetensors(path: source, message: message) }
    guard bytes.count >= 8 else { throw fail("\(bytes.count) bytes: too short for the 8-byte header length") }
    let n = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    guard n <= UInt64(SafeTensorsFile.maximumHeaderLength), 8 + Int(n) <= bytes.count else {
      throw fail("header length \(n) exceeds the file's \(bytes.count) bytes")
    }
    let headerEnd = 8 + Int(n)
    let header: Any
    do {
      header = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
    } catch {
      throw fail("header is not JSON: \(error.localizedDescription)")
    }
    guard let object = header as? [String: Any] else { throw fail("header is not a JSON object") }
    let dataCount = bytes.count - headerEnd
    var metadata: [String: String] = [:]
    var ranges: [(name: String, shape: [Int], begin: Int, end: Int)] = []
    for (name, value) in object {
      if name == "__metadata__" {
        guard let m = value as? [String: Any] else { throw fail("__metadata__ is not an object") }
        for (k, v) in m {
          guard let s = v as? String else { throw fail("__metadata__ value for '\(k)' is not a string") }
          metadata[k] = s
        }
        continue
      }
      guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
        let shape = SafeTensorsFile.integers(info["shape"]),
        let offsets = SafeTensorsFile.integers(info["data_offsets"]),
        offsets.count == 2
      else { throw fail("'\(name)': expected {dtype, shape, data_offsets}") }
      guard dtype == "F32" else { throw fail("'\(name)' has dtype \(dtype); only F32 is supported") }
      guard shape.allSatisfy({ $0 >= 0 }), let elements = Shape(shape).checkedCount else {
        throw fail("'\(name)' has an invalid shape \(shape)")
      }
      let (begin, end) = (offsets[0], offsets[1])
      guard 0 <= begin, begin <= end, end <= dataCount else {
        throw fail("'\(name)' has data_offsets [\(begin), \(end)] outside the \(dataCount) data bytes")
      }
      guard elements <= dataCount / 4, end - begin == elements * 4 else {
        throw fail(
          "'\(name)' has \(end - begin) bytes for shape \(shape) of F32 (\(elements) elements of 4 bytes)")
      }
      ranges.append((name, shape, begin, end))
    }
    ranges.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
    var expected = 0
    for r in ranges {
      guard r.begin == expected else {
        throw fail("'\(r.name)' starts at \(r.begin), expected \(expected): gap or overlap")
      }
      expected = r.end
    }
    guard expected == dataCount else { throw fail("tensors cover \(expected) of \(dataCount) data bytes") }
    var tensors: [String: Entry] = [:]
    for r in ranges {
      var values = [Float](repeating: 0, count: (r.end - r.begin) / 4)
      for i in values.indices {
        let o = headerEnd + r.begin + 4 * i
        let bits =
          UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3])
          << 24
        values[i] = Float(bitPattern: bits)
      }
      tensors[r.name] = Entry(shape: r.shape, values: values)
    }
    self.init(tensors: tensors, metadata: metadata)
  }

  /// JSON integers, or nil.
  private static func integers(_ value: Any?) -> [Int]? {
    guard let array = value as? [Any] else { return nil }
    var out: [Int] = []
    for item in array {
      guard let i = item as? Int else { return nil }
      out.append(i)
    }
    return out
  }
}
