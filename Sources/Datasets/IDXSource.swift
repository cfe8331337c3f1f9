import Tensors

/// MNIST-style data sets (`mnist`, `fashion_mnist`): four IDX files in one folder.
public struct IDXSource: Sendable, Equatable {
  /// The source's name, used in messages (`mnist`, `fashion_mnist`).
  public var name: String
  /// The folder holding `train-images-idx3-ubyte[.gz]`, `train-labels-idx1-ubyte[.gz]`,
  /// `t10k-images-idx3-ubyte[.gz]` and `t10k-labels-idx1-ubyte[.gz]`.
  public var directory: String
  /// Images are `[N, 28, 28]` as Keras's `load_data` returns them; with `addChannel`, `[N, 28, 28, 1]`.
  public var addChannel: Bool

  /// Describes the data set `name` in `directory`.
  public init(name: String = "mnist", directory: String, addChannel: Bool = false) {
    self.name = name
    self.directory = directory
    self.addChannel = addChannel
  }

  /// Reads the training and test parts (labels checked to be 0…9).
  public func load() throws -> (train: Split, test: Split, files: [DataFile]) {
    var files: [DataFile] = []
    func part(_ images: String, _ labels: String) throws -> Split {
      let imagesPath = try locate(images)
      let labelsPath = try locate(labels)
      var x = try IDXReader.read(path: imagesPath)
      let y = try IDXReader.read(path: labelsPath)
      files.append(DataFile(path: imagesPath, bytes: FileBytes.size(imagesPath)))
      files.append(DataFile(path: labelsPath, bytes: FileBytes.size(labelsPath)))
      guard x.shape.rank >= 2, y.shape.rank == 1 else {
        throw DataError(
          path: imagesPath, "expected images (N, H, W) and labels (N,), found \(x.shape) and \(y.shape)")
      }
      guard x.shape[0] == y.shape[0] else {
        throw DataError(
          path: labelsPath, "\(y.shape[0]) labels for \(x.shape[0]) images in \(imagesPath)")
      }
      guard x.shape[0] > 0 else { throw DataError(path: imagesPath, "no images (empty dataset)") }
      try Preprocessing.checkLabels(y, classes: 10, path: labelsPath)
      if addChannel { x = x.reshaped(Shape(x.shape.dims + [1])) }
      return Split(x: x, y: y)
    }
    let train = try part("train-images-idx3-ubyte", "train-labels-idx1-ubyte")
    let test = try part("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    return (train, test, files)
  }

  private func locate(_ file: String) throws -> String {
    for candidate in [file, file + ".gz"] {
      let p = FileBytes.join(directory, candidate)
      if FileBytes.exists(p) { return p }
    }
    throw DataError(
      path: FileBytes.join(directory, file),
      "\(name): no \(file) or \(file).gz; put the four IDX files of \(name) in \(directory)")
  }
}
