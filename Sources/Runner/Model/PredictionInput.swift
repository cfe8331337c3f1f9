import Datasets
import Foundation
import Reporting
import Tensors

/// Reads the inputs of `optim-run predict` as raw examples of the run's data (before its
/// preprocessing): `.npy`, `.npz` (array `x`, or the only array), `.csv` (the run's feature
/// columns), `.txt` (one text per line, for text runs).
enum PredictionInput {
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
    let expected = Shape(record.input.shape)
    guard x.shape.rank >= 1, x.shape.unbatched == expected else {
      throw .data(
        "\(path): the inputs have shape \(x.shape), but the model takes examples of shape \(expected) "
          + "(an array of shape \(expected.batched(x.shape.rank >= 1 ? x.shape[0] : 1)))")
    }
    guard x.shape[0] > 0 else { throw .data("\(path): no examples") }
    if let i = x.buffer.firstIndex(where: { !$0.isFinite }) {
      throw .data("\(path): example \(i / max(1, expected.count)) holds a non-finite value (\(x.buffer[i]))")
    }
    return x
  }
}
