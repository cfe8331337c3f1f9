import Datasets
import Tensors
import Testing

@Suite struct SyntheticDataTests {
  @Test func regressionIsSeededStandardNormal() throws {
    let a = try SyntheticData.regression(samples: 2000, features: 5, targets: 2, seed: 3)
    let b = try SyntheticData.regression(samples: 2000, features: 5, targets: 2, seed: 3)
    let c = try SyntheticData.regression(samples: 2000, features: 5, targets: 2, seed: 4)
    #expect(a.x.shape == [2000, 5] && a.y.shape == [2000, 2])
    #expect(a.x.toArray() == b.x.toArray() && a.y.toArray() == b.y.toArray())
    #expect(a.x.toArray() != c.x.toArray())
    // Mean 0 and variance 1 within 5 standard errors (sd of the mean 1/√10000, of the variance √2/√10000).
    let v = a.x.toArray()
    let mean = v.reduce(0, +) / Float(v.count)
    let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(v.count)
    #expect(abs(mean) < 0.05)
    #expect(abs(variance - 1) < 0.071)
    // Values are the stream's: the first input is the first normal of synthetic/x.
    var stream = RandomStream(seed: 3, name: "synthetic/x")
    #expect(v[0] == stream.nextNormal())
  }

  @Test func classificationBlobsAreSeparableByNearestCentre() throws {
    let data = try SyntheticData.classification(samples: 600, shape: [10], classes: 3, seed: 11)
    #expect(data.x.shape == [600, 10] && data.y.shape == [600])
    let x = data.x.toArray()
    let y = data.y.toArray().map(Int.init)
    #expect(Set(y) == [0, 1, 2])
    // Class means estimated from the data classify the data itself well (it is learnable).
    var means = [[Float]](repeating: [Float](repeating: 0, count: 10), count: 3)
    var counts = [Float](repeating: 0, count: 3)
    for i in 0..<600 {
      counts[y[i]] += 1
      for j in 0..<10 { means[y[i]][j] += x[i * 10 + j] }
    }
    for k in 0..<3 { means[k] = means[k].map { $0 / counts[k] } }
    var correct = 0
    for i in 0..<600 {
      let distances = (0..<3).map { k in (0..<10).map { j in pow2(x[i * 10 + j] - means[k][j]) }.reduce(0, +)
      }
      if distances.firstIndex(of: distances.min()!) == y[i] { correct += 1 }
    }
    #expect(correct > 570)
    let again = try SyntheticData.classification(samples: 600, shape: [10], classes: 3, seed: 11)
    #expect(again.x.toArray() == x)
    let image = try SyntheticData.classification(samples: 2, shape: [4, 4, 3], classes: 2, seed: 1)
    #expect(image.x.shape == [2, 4, 4, 3])
  }

  @Test func segmentationMasksFollowTheSmoothImages() throws {
    let data = try SyntheticData.segmentation(samples: 4, shape: [16, 16, 2], seed: 5)
    #expect(data.x.shape == [4, 16, 16, 2] && data.y.shape == [4, 16, 16, 1])
    let x = data.x.toArray()
    let y = data.y.toArray()
    #expect(y.allSatisfy { $0 == 0 || $0 == 1 })
    #expect(y.contains(0) && y.contains(1))
    // The mask agrees with the sign of the image almost everywhere (noise flips only near zero).
    var agree = 0
    for p in 0..<y.count where (x[p * 2] > 0) == (y[p] == 1) { agree += 1 }
    #expect(Double(agree) / Double(y.count) > 0.9)
    // Smooth: neighbouring pixels differ far less than the field's spread.
    var step: Float = 0
    for p in 0..<(y.count - 1) where (p + 1) % 16 != 0 { step += abs(x[(p + 1) * 2] - x[p * 2]) }
    #expect(step / Float(y.count) < 0.4)
    #expect(try SyntheticData.segmentation(samples: 4, shape: [16, 16, 2], seed: 5).x.toArray() == x)
  }

  @Test func badArgumentsAreErrors() {
    #expect(throws: DataError(path: "synthetic_regression", "samples must be at least 1, found 0")) {
      try SyntheticData.regression(samples: 0, features: 1, targets: 1, seed: 0)
    }
    #expect(throws: DataError.self) {
      try SyntheticData.classification(samples: 3, shape: [2], classes: 1, seed: 0)
    }
    #expect(throws: DataError.self) { try SyntheticData.segmentation(samples: 3, shape: [4, 4], seed: 0) }
  }
}

private func pow2(_ v: Float) -> Float { v * v }
