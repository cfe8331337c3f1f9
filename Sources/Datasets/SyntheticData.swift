import Tensors

/// Seeded synthetic data sets; every value comes from a stream named `synthetic/...` under the seed,
/// so the same seed gives the same data on every machine.
public enum SyntheticData {
  /// `synthetic_regression`: inputs `[samples, features]` and targets `[samples, targets]`, both drawn
  /// independently from N(0, 1) (streams `synthetic/x` and `synthetic/y`); there is nothing to learn
  /// beyond the mean, which makes it a benchmark of the optimizer's mechanics.
  public static func regression(samples: Int, features: Int, targets: Int, seed: UInt64) throws -> Split {
    try check(samples: samples, source: "synthetic_regression")
    try checkPositive(features, "features", source: "synthetic_regression")
    try checkPositive(targets, "targets", source: "synthetic_regression")
    try checkMemory(
      MemoryBudget.float32Bytes(samples, [features + targets]), samples: samples, source: "synthetic_regression")
    let x = Tensor(zeros: [samples, features])
    let y = Tensor(zeros: [samples, targets])
    var xs = RandomStream(seed: seed, name: "synthetic/x")
    var ys = RandomStream(seed: seed, name: "synthetic/y")
    xs.fillNormal(x.buffer, mean: 0, stddev: 1)
    ys.fillNormal(y.buffer, mean: 0, stddev: 1)
    return Split(x: x, y: y)
  }

  /// `synthetic_classification`: Gaussian blobs, one per class. Class centres are drawn per feature
  /// from N(0, 2²) (`synthetic/centers`); each sample's label is uniform over the classes
  /// (`synthetic/y`) and its input is its class centre plus N(0, 1) noise (`synthetic/x`), in `shape`
  /// (e.g. `[10]` or `[32, 32, 3]`). Labels are sparse, `[samples]`.
  public static func classification(samples: Int, shape: Shape, classes: Int, seed: UInt64) throws -> Split {
    try check(samples: samples, source: "synthetic_classification")
    try checkShape(shape, source: "synthetic_classification")
    guard classes >= 2 else {
      throw DataError(path: "synthetic_classification", "classes must be at least 2, found \(classes)")
    }
    try checkMemory(
      MemoryBudget.float32Bytes(samples + classes, shape), samples: samples, source: "synthetic_classification")
    let d = shape.count
    let centers = Tensor(zeros: [classes, d])
    var cs = RandomStream(seed: seed, name: "synthetic/centers")
    cs.fillNormal(centers.buffer, mean: 0, stddev: 2)
    let x = Tensor(zeros: shape.batched(samples))
    let y = Tensor(zeros: [samples])
    var xs = RandomStream(seed: seed, name: "synthetic/x")
    var ys = RandomStream(seed: seed, name: "synthetic/y")
    let xb = x.buffer
    let cb = centers.buffer
    for i in 0..<samples {
      let label = ys.nextInt(below: classes)
      y.buffer[i] = Float(label)
      for j in 0..<d { xb[i * d + j] = cb[label * d + j] + xs.nextNormal() }
    }
    return Split(x: x, y: y)
  }

  /// `synthetic_segmentation`: smooth random images `[samples, H, W, C]` and their 0/1 masks
  /// `[samples, H, W, 1]`. Each image is a coarse N(0, 1) grid (one point per 8 pixels, `synthetic/x`)
  /// bilinearly upsampled, plus N(0, 0.1²) pixel noise (`synthetic/noise`); the mask is 1 where the
  /// smooth field is positive, so a small U-Net can learn it.
  public static func segmentation(samples: Int, shape: Shape, seed: UInt64) throws -> Split {
    try check(samples: samples, source: "synthetic_segmentation")
    guard shape.rank == 3, !shape.dims.contains(0) else {
      throw DataError(
        path: "synthetic_segmentation", "shape must be [height, width, channels], found \(shape.dims)")
    }
    try checkMemory(
      MemoryBudget.float32Bytes(samples, [shape[0], shape[1], shape[2] + 1]), samples: samples,
      source: "synthetic_segmentation")
    let (h, w, c) = (shape[0], shape[1], shape[2])
    let gh = max(2, h / 8 + 1)
    let gw = max(2, w / 8 + 1)
    let x = Tensor(zeros: shape.batched(samples))
    let y = Tensor(zeros: [samples, h, w, 1])
    var fields = RandomStream(seed: seed, name: "synthetic/x")
    var noise = RandomStream(seed: seed, name: "synthetic/noise")
    var grid = [Float](repeating: 0, count: gh * gw)
    let xb = x.buffer
    let yb = y.buffer
    for s in 0..<samples {
      for k in grid.indices { grid[k] = fields.nextNormal() }
      for i in 0..<h {
        let gy = h > 1 ? Float(i) * Float(gh - 1) / Float(h - 1) : 0
        let y0 = min(Int(gy), gh - 2)
        let fy = gy - Float(y0)
        for j in 0..<w {
          let gx = w > 1 ? Float(j) * Float(gw - 1) / Float(w - 1) : 0
          let x0 = min(Int(gx), gw - 2)
          let fx = gx - Float(x0)
          let top = grid[y0 * gw + x0] * (1 - fx) + grid[y0 * gw + x0 + 1] * fx
          let bottom = grid[(y0 + 1) * gw + x0] * (1 - fx) + grid[(y0 + 1) * gw + x0 + 1] * fx
          let field = top * (1 - fy) + bottom * fy
          let pixel = (s * h + i) * w + j
          yb[pixel] = field > 0 ? 1 : 0
          for ch in 0..<c { xb[pixel * c + ch] = field + 0.1 * noise.nextNormal() }
        }
      }
    }
    return Split(x: x, y: y)
  }

  private static func check(samples: Int, source: String) throws {
    guard samples >= 1 else { throw DataError(path: source, "samples must be at least 1, found \(samples)") }
  }

  private static func checkMemory(_ bytes: Int, samples: Int, source: String) throws {
    if let shortfall = MemoryBudget.shortfall(bytes, verb: "need") {
      throw DataError(path: source, "\(samples) samples of this shape \(shortfall); lower samples or the shape")
    }
  }

  private static func checkPositive(_ value: Int, _ name: String, source: String) throws {
    guard value >= 1 else { throw DataError(path: source, "\(name) must be at least 1, found \(value)") }
  }

  private static func checkShape(_ shape: Shape, source: String) throws {
    guard shape.rank >= 1, !shape.dims.contains(0) else {
      throw DataError(path: source, "shape must have at least one dimension and no zero, found \(shape.dims)")
    }
  }
}
