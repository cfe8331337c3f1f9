import Datasets
import Tensors
import Testing

@Suite struct BatchIteratorTests {
  @Test func unshuffledBatchesInOrderWithAPartialLastBatch() {
    let batches = BatchIterator(split: SplitTests.traceable(), batchSize: 4, shuffle: false, seed: 1)
    batches.startEpoch(0)
    #expect(batches.batchCount == 3)
    var seen: [[Float]] = []
    for b in 0..<batches.batchCount {
      let (x, y) = batches.batch(b)
      #expect(x.shape[0] == y.shape[0])
      #expect(x.toArray() == y.toArray().flatMap { [$0, 10 * $0] })
      seen.append(y.toArray())
    }
    #expect(seen == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
  }

  @Test func shuffleFollowsTheEpochStreamAndReusesBuffers() {
    let batches = BatchIterator(split: SplitTests.traceable(), batchSize: 3, shuffle: true, seed: 7)
    batches.startEpoch(3)
    var stream = RandomStream(seed: 7, name: "shuffle/epoch-3")
    let expected = stream.permutation(10)
    #expect(batches.epochOrder == expected)
    var labels: [Float] = []
    let first = batches.batch(0).x
    for b in 0..<batches.batchCount {
      let (x, y) = batches.batch(b)
      if y.shape[0] == 3 { #expect(x === first) }  // the same preallocated tensor every full batch
      labels += y.toArray()
    }
    #expect(labels == expected.map(Float.init))
    #expect(batches.batch(3).y.shape == [1])

    batches.startEpoch(4)
    #expect(batches.epochOrder != expected)
    batches.startEpoch(3)
    #expect(batches.epochOrder == expected)  // replayable
  }

  @Test func batchLargerThanTheSplit() {
    let batches = BatchIterator(split: SplitTests.traceable(5), batchSize: 32, shuffle: false, seed: 0)
    batches.startEpoch(0)
    #expect(batches.batchCount == 1)
    #expect(batches.batch(0).y.toArray() == [0, 1, 2, 3, 4])
  }
}
