import Datasets
import Foundation
import Reporting
import Tensors

/// Reads the inputs of `optim-run predict` as raw examples of the run's data (before its
/// preprocessing): `.npy`, `.npz` (array `x`, or the only array), `.csv` (the run's feature
/// columns), `.txt` (one text per line, for text runs).
///
/// A `.npy` file is streamed (`NPYStream`): `open` reads its header only and `read(rows:into:)`
/// one batch at a time, so predicting on a large file needs one batch of input memory. The other
/// formats are read whole at `open`.
final class PredictionInput {
  private enum Source {
    case stream(NPYStream)
    case whole(Tensor)
  }

  private let source: Source
  private let path: String
  /// Elements per example.
  private let exampleElements: Int
  /// Examples in the input.
  let count: Int

  private init(source: Source, path: String, exampleElements: Int, count: Int) {
    self.source = source
    self.path = path
    self.exampleElements = exampleElements
    self.count = count
  }

  /// Opens the inputs at `path` and checks their shape against the model's input; values are
  /// checked batch by batch in `read`.
  static func open(_ path: String, record: ModelFile, fitted: FittedPreprocessing) throws(RunFailure)
    -> PredictionInput
  {
    let expected = Shape(record.input.shape)
    guard URL(fileURLWithPath: path).pathExtension.lowercased() == "npy" else {
      let x = try read(path, record: record, fitted: fitted)
      return PredictionInput(source: .whole(x), path: path, exampleElements: expected.count, count: x.shape[0])
    }
    let stream: NPYStream
    do {
      stream = try NPYStream(path: path)
    } catch let error as DataError {
      throw .data("\(error)")
    } catch {
      throw .data("\(path): \(error)")
    }
    try checkShape(stream.shape, expected: expected, path: path)
    return PredictionInput(source: .stream(stream), path: path, exampleElements: expected.count, count: stream.shape[0])
  }

  /// Copies examples `rows` (raw, before preprocessing) into `batch`, a tensor of exactly
  /// `rows.count` examples; throws for a non-finite value, naming its example.
  func read(rows: Range<Int>, into batch: Tensor) throws(RunFailure) {
    precondition(batch.count == rows.count * exampleElements, "batch \(batch.shape) for \(rows.count) rows")
    switch source {
    case .stream(let stream):
      do {
        try stream.read(rows: rows, into: batch.buffer)
      } catch {
        throw .data("\(error)")
      }
    case .whole(let x):
      batch.copy(from: x.batchView(start: rows.lowerBound, length: rows.count))
    }
    if let i = Self.firstNonFinite(batch.buffer) {
      let example = rows.lowerBound + i / max(1, exampleElements)
      throw .data("\(path): example \(example) holds a non-finite value (\(batch.buffer[i]))")
    }
  }

  /// The index of the first infinity or NaN. Blocks are scanned with no branch per element (the
  /// largest exponent field: all ones only for infinities and NaNs), the failing block again.
  static func firstNonFinite(_ values: UnsafeMutableBufferPointer<Float>) -> Int? {
    let exponent: UInt32 = 0x7f80_0000
    var start = 0
    while start < values.count {
      let end = min(start + 4096, values.count)
      var largest: UInt32 = 0
      for i in start..<end { largest = max(largest, values[i].bitPattern & exponent) }
      if largest == exponent { return (start..<end).first { !values[$0].isFinite } }
      start = end
    }
    return nil
  }

  /// Reads the inputs at `path` whole (every format but streamed `.npy`).
  static func read(_ path: String, record: ModelFile, fitted: FittedPreprocessing) throws(RunFailure) -> Tensor {
    let x: Tensor
    do {
      switch URL(fileURLWithPath: path).pathExtension.lowercased() {
      case "npy":
        x = try NPYReader.read(path: path).tensor
      case "npz":
        let arrays = try NPZReader.read(path: path)
        if let named = arrays["x"] {
          x = named.tensor
        } else if arrays.count == 1, let only = arrays.values.first {
          x = only.tensor
        } else {
          throw DataError(
            path: path, "expected an array named 'x' or a single array, found \(arrays.keys.sorted().joined(separator: ", "))")
        }
      case "csv":
        guard record.input.shape.count == 1 else {
          throw DataError(
            path: path, "CSV rows are flat, but the model takes examples of shape \(Shape(record.input.shape)); use .npy")
        }
        x = try CSVReader.readFeatures(path: path, features: fitted.featureNames)
      case "txt":
        guard let vocabulary = fitted.vocabulary else {
          throw DataError(path: path, "text lines need a model trained on text; this one was trained on \(record.dataType) data")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
          throw DataError(path: path, "no such file or not readable")
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
          $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { throw DataError(path: path, "no lines: expected one text per line") }
        let mode = fitted.vectorizer ?? .count
        // A sequence model's input length is its output_sequence_length.
        let length = mode == .sequence ? record.input.shape.first : nil
        guard mode != .sequence || (length ?? 0) > 0 else {
          throw DataError(path: path, "the model's input shape \(Shape(record.input.shape)) is not a token sequence")
        }
        x = TextVectorizer(vocabulary: vocabulary, mode: mode, sequenceLength: length).transform(lines)
      default:
        throw DataError(path: path, "expected inputs as .npy, .npz, .csv or .txt (text lines)")
      }
    } catch let error as DataError {
      throw .data("\(error)")
    } catch {
      throw .data("\(path): \(error)")
    }
    try checkShape(x.shape, expected: Shape(record.input.shape), path: path)
    return x
  }

  private static func checkShape(_ shape: Shape, expected: Shape, path: String) throws(RunFailure) {
    guard shape.rank >= 1, shape.unbatched == expected else {
      throw .data(
        "\(path): the inputs have shape \(shape), but the model takes examples of shape \(expected) "
          + "(an array of shape \(expected.batched(shape.rank >= 1 ? shape[0] : 1)))")
    }
    guard shape[0] > 0 else { throw .data("\(path): no examples") }
  }
}
