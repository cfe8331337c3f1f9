import Tensors

/// Reads CIFAR-10 binary batch files: records of 1 label byte and 3072 pixel bytes (1024 red, 1024
/// green, 1024 blue, each 32×32 row-major), converted to NHWC `[N, 32, 32, 3]` floats 0…255 and sparse
/// labels `[N]` (Krizhevsky, 2009; www.cs.toronto.edu/~kriz/cifar.html).
public enum CIFAR10Reader {
  /// Bytes per record.
  public static let recordSize = 3073

  /// Reads one batch file (e.g. `data_batch_1.bin`).
  public static func read(path: String) throws -> Split {
    try parse([try FileBytes.read(path)], paths: [path])
  }

  /// Parses and concatenates the batch files `files` (their bytes), checking sizes and labels.
  static func parse(_ files: [[UInt8]], paths: [String]) throws -> Split {
    var total = 0
    for (bytes, path) in zip(files, paths) {
      guard bytes.count % recordSize == 0 else {
        throw DataError(path: path, "size \(bytes.count) is not a multiple of the \(recordSize)-byte record")
      }
      guard !bytes.isEmpty else { throw DataError(path: path, "no records (empty file)") }
      total += bytes.count / recordSize
    }
    let x = Tensor(zeros: [total, 32, 32, 3])
    let y = Tensor(zeros: [total])
    let xb = x.buffer
    var n = 0
    for (bytes, path) in zip(files, paths) {
      try bytes.withUnsafeBufferPointer { b in
        for r in 0..<(b.count / recordSize) {
          let record = r * recordSize
          let label = b[record]
          guard label < 10 else {
            throw DataError(path: path, "label \(label) out of range 0..9 in record \(r)")
          }
          y.buffer[n] = Float(label)
          let out = n * 3072
          for c in 0..<3 {
            for p in 0..<1024 { xb[out + p * 3 + c] = Float(b[record + 1 + c * 1024 + p]) }
          }
          n += 1
        }
      }
    }
    return Split(x: x, y: y)
  }
}
