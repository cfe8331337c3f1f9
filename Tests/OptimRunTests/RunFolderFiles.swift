import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Independent readers for the files of a run folder: each parses a file as a third-party tool
/// would (CSV, JSON, JSON lines, XML, the safetensors header), without the project's own readers.
enum RunFolderFiles {
  /// Why a file did not parse.
  struct Malformed: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "\(path): \(reason)" }
  }

  /// A CSV table: header and rows of equal width (plain fields; the run folder never quotes).
  struct Table {
    var header: [String]
    var rows: [[String]]

    /// The column named `name` as numbers (`NA` as nil; `nan`/`inf` as Python writes them).
    func column(_ name: String) -> [Double?] {
      guard let i = header.firstIndex(of: name) else { return [] }
      return rows.map { $0[i] == "NA" ? nil : Double($0[i]) }
    }
  }

  /// The text of `path`.
  static func text(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
  }

  /// Parses a CSV file whose rows end with `lineEnd`; every row must have the header's width and
  /// every field after the first parse as a number or be `NA`.
  static func csv(_ path: String, lineEnd: String = "\n") throws -> Table {
    let text = try text(path)
    guard !text.isEmpty else { return Table(header: [], rows: []) }
    guard text.hasSuffix(lineEnd) else {
      throw Malformed(path: path, reason: "does not end with a whole line")
    }
    var lines = text.components(separatedBy: lineEnd)
    lines.removeLast()
    if lineEnd == "\n", lines.contains(where: { $0.hasSuffix("\r") }) {
      throw Malformed(path: path, reason: "mixes line ends")
    }
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    var rows: [[String]] = []
    for (n, line) in lines.dropFirst().enumerated() {
      let row = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard row.count == header.count else {
        throw Malformed(path: path, reason: "row \(n + 1) has \(row.count) fields, header \(header.count)")
      }
      for field in row where field != "NA" && Double(field) == nil {
        throw Malformed(path: path, reason: "row \(n + 1): '\(field)' is not a number")
      }
      rows.append(row)
    }
    return Table(header: header, rows: rows)
  }

  /// Parses a JSON file holding one object.
  static func jsonObject(_ path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw Malformed(path: path, reason: "not a JSON object")
    }
    return object
  }

  /// Parses a JSON-lines file: every line (the file ends with a newline) one object.
  static func jsonLines(_ path: String) throws -> [[String: Any]] {
    let text = try text(path)
    guard !text.isEmpty else { return [] }
    guard text.hasSuffix("\n") else { throw Malformed(path: path, reason: "does not end with a whole line") }
    return try text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
      n, line in
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
        throw Malformed(path: path, reason: "line \(n + 1) is not a JSON object")
      }
      return object
    }
  }

  /// Parses an SVG file as XML; returns the root element's name.
  static func svgRoot(_ path: String) throws -> String {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let parser = XMLParser(data: data)
    let delegate = RootElement()
    parser.delegate = delegate
    guard parser.parse(), let root = delegate.name else {
      throw Malformed(path: path, reason: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
    }
    return root
  }

  /// Records the first element's name.
  private final class RootElement: NSObject, XMLParserDelegate {
    var name: String?
    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      if name == nil { name = elementName }
    }
  }

  /// One tensor's entry in a safetensors header.
  struct TensorHeader: Equatable {
    var dtype: String
    var shape: [Int]
  }

  /// Reads a safetensors file's header as the format defines it (huggingface/safetensors README):
  /// an 8-byte little-endian length N, then N bytes of JSON mapping each name to `dtype`, `shape`
  /// and `data_offsets` (plus optional `__metadata__`). Checks that the offsets tile the data that
  /// follows exactly, with 4 bytes per element for `F32`.
  static func safetensors(_ path: String) throws -> (
    tensors: [String: TensorHeader], metadata: [String: String]
  ) {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    guard bytes.count >= 8 else { throw Malformed(path: path, reason: "shorter than 8 bytes") }
    let length = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
    guard length > 0, 8 + length <= bytes.count else {
      throw Malformed(path: path, reason: "header length \(length) beyond \(bytes.count) bytes")
    }
    let json = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)]))
    guard let header = json as? [String: Any] else {
      throw Malformed(path: path, reason: "header not an object")
    }
    var tensors: [String: TensorHeader] = [:]
    var metadata: [String: String] = [:]
    var ranges: [(Int, Int)] = []
    for (name, value) in header {
      if name == "__metadata__" {
        metadata = value as? [String: String] ?? [:]
        continue
      }
      guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
        let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int],
        offsets.count == 2
      else { throw Malformed(path: path, reason: "entry \(name) lacks dtype, shape or data_offsets") }
      let elementSize = dtype == "F32" ? 4 : 0
      guard offsets[1] - offsets[0] == elementSize * shape.reduce(1, *) else {
        throw Malformed(path: path, reason: "\(name): offsets \(offsets) do not fit \(dtype) \(shape)")
      }
      tensors[name] = TensorHeader(dtype: dtype, shape: shape)
      ranges.append((offsets[0], offsets[1]))
    }
    var end = 0
    for (begin, stop) in ranges.sorted(by: { $0.0 < $1.0 }) {
      guard begin == end else {
        throw Malformed(path: path, reason: "data ranges leave a gap or overlap at \(begin)")
      }
      end = stop
    }
    guard 8 + length + end == bytes.count else {
      throw Malformed(path: path, reason: "data is \(bytes.count - 8 - length) bytes, offsets cover \(end)")
    }
    return (tensors, metadata)
  }

  /// Reads the zip directory of a `.npz` file (numpy's `savez`, stored or deflated) and returns
  /// its array names (entry names without `.npy`); every entry must be a `.npy` file.
  static func npzNames(_ path: String) throws -> [String] {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
    func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
    guard bytes.count >= 22, bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
      throw Malformed(path: path, reason: "not a zip file")
    }
    // The end-of-central-directory record (no archive comment: it is the last 22 bytes).
    let end = bytes.count - 22
    guard u32(end) == 0x0605_4B50 else { throw Malformed(path: path, reason: "no end of central directory") }
    let count = u16(end + 10)
    var at = u32(end + 16)
    var names: [String] = []
    for _ in 0..<count {
      guard at + 46 <= end, u32(at) == 0x0201_4B50 else {
        throw Malformed(path: path, reason: "a central directory entry is damaged")
      }
      let nameLength = u16(at + 28)
      let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
      guard name.hasSuffix(".npy") else { throw Malformed(path: path, reason: "entry \(name) is not a .npy array") }
      names.append(String(name.dropLast(4)))
      at += 46 + nameLength + u16(at + 30) + u16(at + 32)
    }
    return names
  }

  /// Parses every file of a run folder by its extension (subfolders included) and returns the
  /// relative paths checked. Hidden files are the temporary files of atomic writes
  /// (`.<name>.tmp-XXXXXX`, left behind only if the process dies mid-write) and are not part of
  /// the folder's format, so they are skipped.
  @discardableResult
  static func parseEveryFile(in folder: String) throws -> [String] {
    let enumerator = try #require(FileManager.default.enumerator(atPath: folder))
    var checked: [String] = []
    while let relative = enumerator.nextObject() as? String {
      let path = folder + "/" + relative
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      let name = (relative as NSString).lastPathComponent
      if isDirectory.boolValue || name.hasPrefix(".") { continue }
      switch (name as NSString).pathExtension {
      case "json": _ = try jsonObject(path)
      case "jsonl": _ = try jsonLines(path)
      case "csv": _ = try csv(path, lineEnd: name == "metrics.csv" ? "\r\n" : "\n")
      case "svg": _ = try svgRoot(path)
      case "safetensors": _ = try safetensors(path)
      case "yaml", "txt": _ = try text(path)
      case "npz": _ = try npzNames(path)
      default: throw Malformed(path: path, reason: "a file the run folder format does not define")
      }
      checked.append(relative)
    }
    return checked.sorted()
  }
}
