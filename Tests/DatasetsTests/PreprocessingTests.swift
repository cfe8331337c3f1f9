import Datasets
import Tensors
import Testing

@Suite struct PreprocessingTests {
  /// Golden values from `scripts/reference/datasets_reference.py` (numpy, population std, a constant
  /// feature divided by 1 as scikit-learn's StandardScaler).
  @Test func standardizeUsesTrainingStatisticsOnly() {
    let train = Tensor(shape: [3, 3], values: [1, 10, 5, 2, 20, 5, 4, 60, 5])
    let test = Tensor(shape: [1, 3], values: [3, 0, 6])
    let statistics = Preprocessing.statistics(of: train)
    Preprocessing.standardize(train, with: statistics)
    Preprocessing.standardize(test, with: statistics)
    let expectedTrain: [Float] = [-1.069045, -0.9258201, 0, -0.2672612, -0.46291, 0, 1.3363062, 1.3887301, 0]
    let expectedTest: [Float] = [0.5345225, -1.3887301, 1]
    // float32 arithmetic against float64 references: 1e-6 relative is ample.
    for (a, b) in zip(train.toArray(), expectedTrain) { #expect(abs(a - b) <= 1e-6) }
    for (a, b) in zip(test.toArray(), expectedTest) { #expect(abs(a - b) <= 1e-6) }
  }

  @Test func rescaleMultiplies() {
    let t = Tensor(shape: [2, 2], values: [0, 16, 8, 4])
    Preprocessing.rescale(t, by: 0.0625)
    #expect(t.toArray() == [0, 1, 0.5, 0.25])
  }

  @Test func oneHotAndLabelChecks() throws {
    let labels = Tensor(shape: [3], values: [2, 0, 1])
    let encoded = try Preprocessing.oneHot(labels, classes: 3, path: "y")
    #expect(encoded.shape == [3, 3])
    #expect(encoded.toArray() == [0, 0, 1, 1, 0, 0, 0, 1, 0])
    #expect(throws: DataError(path: "y", "label 11 out of range 0..9 in sample 1")) {
      try Preprocessing.checkLabels(Tensor(shape: [2], values: [3, 11]), classes: 10, path: "y")
    }
    #expect(throws: DataError.self) {
      try Preprocessing.classCount(of: Tensor(shape: [2], values: [1, 0.5]), path: "y")
    }
    #expect(try Preprocessing.classCount(of: Tensor(shape: [3], values: [4, 0, 1]), path: "y") == 5)
  }
}
