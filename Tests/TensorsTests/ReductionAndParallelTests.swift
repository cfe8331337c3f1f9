import Testing

@testable import Tensors

@Suite struct ReductionAndParallelTests {
  // Hand: 1 + 2 + … + 10 = 55, mean 5.5, squares 385 (n(n+1)(2n+1)/6).
  @Test func wholeBufferReductions() {
    let x = Tensor(shape: [2, 5], values: (1...10).map(Float.init))
    #expect(sum(x) == 55)
    #expect(mean(x) == 5.5)
    #expect(sumOfSquares(x) == 385)
    #expect(mean(Tensor(zeros: [0])) == 0)
  }

  // Hand: column sums of [[1, 2, 3], [4, 5, 6]] are [5, 7, 9] (the bias gradient over a batch).
  @Test func sumOverRows() {
    let x = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
    let out = Tensor(repeating: 100, shape: [3])
    sumRows(x.buffer, columns: 3, into: out.buffer)
    #expect(out.toArray() == [5, 7, 9])
    sumRows(x.buffer, columns: 3, into: out.buffer, accumulate: true)
    #expect(out.toArray() == [10, 14, 18])
  }

  @Test func biasAdd() {
    let x = Tensor(shape: [2, 2], values: [1, 2, 3, 4])
    addBias(x, bias: Tensor(shape: [2], values: [10, 20]))
    #expect(x.toArray() == [11, 22, 13, 24])
  }

  // Every index visited exactly once, for sizes that force the serial and the split paths.
  @Test(arguments: [0, 1, 2, 3, 7, 1000]) func parallelForCoversEachIndexOnce(count: Int) {
    let hits = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(count, 1))
    defer { hits.deallocate() }
    hits.initialize(repeating: 0)
    for minimumWork in [1, 1 << 30] {
      parallelFor(count, workPerItem: 1, minimumWork: minimumWork) { range in
        for i in range { hits[i] += 1 }
      }
    }
    #expect(hits.prefix(count).allSatisfy { $0 == 2 })
  }
}
