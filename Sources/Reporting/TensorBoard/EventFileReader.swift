import Foundation

/// Reads TensorBoard event files: the TFRecord framing (checking every checksum) and the scalar
/// subset of each `Event` (see `TensorBoardEvent`).
public enum EventFileReader {
  /// The events in the file at `url`.
  public static func events(at url: URL) throws -> [TensorBoardEvent] {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw ReportingError.io(operation: "read", path: url.path, message: error.localizedDescription)
    }
    return try events(in: Array(data), path: url.path)
  }

  /// The events in the bytes of an event file; `path` names it in errors.
  public static func events(in bytes: [UInt8], path: String) throws(TensorBoardError) -> [TensorBoardEvent] {
    var result: [TensorBoardEvent] = []
    for record in try TFRecord.records(in: bytes, path: path) {
      do {
        result.append(try TensorBoardEvent(decoding: record.data))
      } catch {
        throw .malformedEvent(path: path, offset: record.offset, message: error.message)
      }
    }
    return result
  }

  /// The event files (names containing `tfevents`) in `folder`, sorted by name.
  public static func eventFiles(in folder: URL) throws -> [URL] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    } catch {
      throw ReportingError.io(operation: "list", path: folder.path, message: error.localizedDescription)
    }
    return names.filter { $0.contains("tfevents") }.sorted().map { folder.appendingPathComponent($0) }
  }
}
