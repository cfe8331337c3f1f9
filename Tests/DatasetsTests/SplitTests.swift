import Datasets
import Tensors
import Testing

@Suite struct SplitTests {
  /// Ten samples whose inputs are (i, 10 i) and targets i, so every row can be traced.
  static func traceable(_ n: Int = 10) -> Split {
    Split(
      x: Tensor(shape: [n, 2], values: (0..<n).flatMap { [Float($0), Float(10 * $0)] }),
      y: Tensor(shape: [n], values: (0..<n).map(Float.init)))
  }

  @Test func validationSplitTakesTheLastFractionUnshuffled() throws {
    // Keras: split_at = floor(N · (1 − fraction)) = floor(10 · 0.75) = 7.
    let (train, validation) = try Self.traceable().validationSplit(0.25)
    #expect(train.y.toArray() == [0, 1, 2, 3, 4, 5, 6])
    #expect(validation.y.toArray() == [7, 8, 9])
    #expect(validation.x.toArray() == [7, 70, 8, 80, 9, 90])
    #expect(throws: DataError.self) { try Self.traceable(1).validationSplit(0.5) }
    #expect(throws: DataError.self) { try Self.traceable().validationSplit(1.0) }
  }

  @Test func testSplitIsASeededShuffleThenTheLastFraction() throws {
    let (train, test) = try Self.traceable().testSplit(0.25, seed: 42)
    // ceil(10 · 0.25) = 3 test samples; the order is the permutation of stream split/test.
    var stream = RandomStream(seed: 42, name: "split/test")
    let order = stream.permutation(10).map(Float.init)
    #expect(train.y.toArray() == Array(order[0..<7]))
    #expect(test.y.toArray() == Array(order[7...]))
    #expect(test.x.toArray() == test.y.toArray().flatMap { [$0, 10 * $0] })
    // Same seed, same split; another seed, another split.
    #expect(try Self.traceable().testSplit(0.25, seed: 42).test.y.toArray() == test.y.toArray())
    #expect(try Self.traceable().testSplit(0.25, seed: 43).train.y.toArray() != train.y.toArray())
    #expect(Set(train.y.toArray() + test.y.toArray()) == Set((0..<10).map(Float.init)))
  }
}
