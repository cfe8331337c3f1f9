import Tensors

extension Dataset {
  /// Loads `configuration`: reads or generates the source, holds out `test_split`, then rescales,
  /// standardizes (training statistics) and one-hot encodes. Bad files and values throw `DataError`.
  public static func load(_ configuration: DataConfiguration) throws -> Dataset {
    var dataset = try loadSource(configuration)
    let name = configuration.sourceName
    guard dataset.train.count > 0 else { throw DataError(path: name, "no training samples (empty dataset)") }
    let example = dataset.train.x.shape.unbatched
    guard !example.dims.contains(0) else {
      throw DataError(
        path: name,
        "each example has shape \(example), no values at all"
          + (isText(configuration.source) ? " (the vocabulary is empty: no text has a token of 2 or more word characters)" : ""))
    }
    if let test = dataset.test {
      // Separate files for the two splits (MNIST, CIFAR) can disagree; the model takes one shape.
      guard test.x.shape.unbatched == example else {
        throw DataError(
          path: name, "training examples have shape \(example) but test examples \(test.x.shape.unbatched)")
      }
      guard test.y.shape.unbatched == dataset.train.y.shape.unbatched else {
        throw DataError(
          path: name,
          "training targets have shape \(dataset.train.y.shape.unbatched) but test targets \(test.y.shape.unbatched)")
      }
    }

    if dataset.rows.train.isEmpty {
      // Sources that split themselves (text) set the rows; the others are whole or have test files.
      dataset.rows = SplitRows(
        train: Array(0..<dataset.train.count), test: dataset.test.map { Array(0..<$0.count) },
        testOrigin: dataset.test == nil ? nil : .sourceTestFiles)
    }
    if let fraction = configuration.testSplit, !isText(configuration.source) {
      guard dataset.test == nil else {
        throw DataError(path: name, "test_split given, but \(name) has its own test split; remove test_split")
      }
      let (trainRows, testRows) = try Split.testSplitIndices(
        count: dataset.train.count, fraction: fraction, seed: configuration.seed)
      let all = dataset.train
      dataset.train = all.gathering(trainRows)
      dataset.test = all.gathering(testRows)
      dataset.rows = SplitRows(train: trainRows, test: testRows, testOrigin: .testSplit)
    }
    var fitted = dataset.preprocessing
    fitted.rescale = configuration.rescale
    if configuration.standardize {
      fitted.statistics = configuration.fitted?.statistics ?? Preprocessing.statistics(of: dataset.train.x)
    }
    for x in [dataset.train.x] + (dataset.test.map { [$0.x] } ?? []) {
      try fitted.applyToInputs(x, path: name)
    }
    if configuration.classes == nil, dataset.classes == nil, let classes = configuration.fitted?.classes {
      dataset.classes = classes
    }
    if let classes = configuration.classes {
      guard classes >= 1 else { throw DataError(path: name, "classes must be at least 1, found \(classes)") }
      dataset.classes = classes
    }
    if configuration.oneHot, dataset.classes == nil {
      var all = try Preprocessing.classCount(of: dataset.train.y, path: name)
      if let test = dataset.test { all = max(all, try Preprocessing.classCount(of: test.y, path: name)) }
      dataset.classes = all
    }
    if let classes = dataset.classes, dataset.train.y.shape.rank == 1 {
      try Preprocessing.checkLabels(dataset.train.y, classes: classes, path: name + " (training labels)")
      if let test = dataset.test {
        try Preprocessing.checkLabels(test.y, classes: classes, path: name + " (test labels)")
      }
    }
    if configuration.oneHot {
      guard let classes = dataset.classes else { throw DataError(path: name, "one_hot needs class labels") }
      dataset.train.y = try Preprocessing.oneHot(
        dataset.train.y, classes: classes, path: name + " (training labels)")
      if let test = dataset.test {
        dataset.test!.y = try Preprocessing.oneHot(test.y, classes: classes, path: name + " (test labels)")
      }
    }
    dataset.inputShape = dataset.train.x.shape.unbatched
    dataset.targetShape = dataset.train.y.shape.unbatched
    fitted.oneHot = configuration.oneHot
    fitted.classes = dataset.classes
    dataset.preprocessing = fitted
    return dataset
  }

  private static func isText(_ source: DataConfiguration.Source) -> Bool {
    if case .text = source { return true }
    return false
  }

  private static func loadSource(_ configuration: DataConfiguration) throws -> Dataset {
    let seed = configuration.seed
    switch configuration.source {
    case .npy(let xPath, let yPath):
      let x = try NPYReader.read(path: xPath)
      let y = try NPYReader.read(path: yPath)
      return try pair(x, y, xName: xPath, yName: yPath, files: [xPath, yPath])
    case .npz(let path, let xKey, let yKey):
      let arrays = try NPZReader.read(path: path, keys: [xKey, yKey])
      return try pair(
        arrays[0], arrays[1], xName: "\(path) (\(xKey))", yName: "\(path) (\(yKey))", files: [path])
    case .csv(let options):
      let table = try CSVReader.read(options)
      var dataset = Dataset(
        train: table.split, files: [DataFile(path: options.path, bytes: FileBytes.size(options.path))])
      dataset.preprocessing.featureNames = table.featureNames
      dataset.preprocessing.targetName = options.target
      return dataset
    case .syntheticRegression(let samples, let features, let targets):
      return Dataset(
        train: try SyntheticData.regression(
          samples: samples, features: features, targets: targets, seed: seed))
    case .syntheticClassification(let samples, let shape, let classes):
      let split = try SyntheticData.classification(
        samples: samples, shape: shape, classes: classes, seed: seed)
      return Dataset(train: split, classes: classes)
    case .syntheticSegmentation(let samples, let shape):
      return Dataset(train: try SyntheticData.segmentation(samples: samples, shape: shape, seed: seed))
    case .text(let source):
      return try source.load(
        testSplit: configuration.testSplit, seed: seed, vocabulary: configuration.fitted?.vocabulary)
    case .idx(let source):
      let (train, test, files) = try source.load()
      return Dataset(train: train, test: test, classes: 10, files: files)
    case .cifar10(let source):
      let (train, test, files) = try source.load()
      return Dataset(train: train, test: test, classes: 10, files: files)
    }
  }

  /// Pairs inputs and targets read from NumPy files: same sample count; integer labels `[N]` or
  /// `[N, 1]` become sparse labels `[N]` with the class count inferred.
  private static func pair(
    _ x: NumPyArray, _ y: NumPyArray, xName: String, yName: String, files: [String]
  ) throws -> Dataset {
    guard x.shape.rank >= 1, y.shape.rank >= 1 else {
      throw DataError(
        path: x.shape.rank < 1 ? xName : yName, "expected an array with a sample dimension, found a scalar")
    }
    guard x.shape[0] == y.shape[0] else {
      throw DataError(
        path: yName, "\(y.shape[0]) targets (shape \(y.shape)) for \(x.shape[0]) inputs in \(xName)")
    }
    guard x.shape[0] > 0 else { throw DataError(path: xName, "no samples (empty dataset)") }
    var labels = y.tensor
    var classes: Int? = nil
    if y.dtype.isIntegral && (y.shape.rank == 1 || (y.shape.rank == 2 && y.shape[1] == 1)) {
      labels = labels.reshaped([y.shape[0]])
      classes = try Preprocessing.classCount(of: labels, path: yName)
    }
    return Dataset(
      train: Split(x: x.tensor, y: labels), classes: classes,
      files: files.map { DataFile(path: $0, bytes: FileBytes.size($0)) })
  }
}
