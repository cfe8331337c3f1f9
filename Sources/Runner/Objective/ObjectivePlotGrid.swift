import Datasets
import Reporting

/// Chooses the region and contour grid of `path.svg` for one or more paths on a test function.
///
/// The region covers the finite points of the paths and the function's known minima, padded by a
/// tenth of its size on each side, and is limited to ±10·max(1, |start|, |minima|) so a diverging
/// path does not shrink the picture to nothing (its far points are clipped).
public enum ObjectivePlotGrid {
  /// Samples per side of the contour grid.
  public static let samples = 81

  /// The contour grid of `function` (with `scales` for `quadratic`) around `paths` (each `(xs, ys)`).
  public static func make(
    function: TestFunction, scales: (a: Double, b: Double), paths: [(xs: [Double], ys: [Double])]
  ) -> PathPlot.Grid {
    let minima = function.minima.map { [$0.x, $0.y] }
    var extent = 1.0
    for m in minima { extent = max(extent, abs(m[0]), abs(m[1])) }
    for p in paths {
      if let x = p.xs.first, let y = p.ys.first, x.isFinite, y.isFinite {
        extent = max(extent, abs(x), abs(y))
      }
    }
    let limit = 10 * extent
    var (xMin, xMax, yMin, yMax) = (Double.infinity, -Double.infinity, Double.infinity, -Double.infinity)
    func include(_ x: Double, _ y: Double) {
      guard x.isFinite, y.isFinite else { return }
      let (cx, cy) = (min(max(x, -limit), limit), min(max(y, -limit), limit))
      (xMin, xMax, yMin, yMax) = (min(xMin, cx), max(xMax, cx), min(yMin, cy), max(yMax, cy))
    }
    for m in minima { include(m[0], m[1]) }
    for p in paths { for (x, y) in zip(p.xs, p.ys) { include(x, y) } }
    if xMin > xMax { (xMin, xMax, yMin, yMax) = (-1, 1, -1, 1) }
    let padX = max((xMax - xMin) / 10, 0.25)
    let padY = max((yMax - yMin) / 10, 0.25)
    return PathPlot.Grid(
      xMin: xMin - padX, xMax: xMax + padX, yMin: yMin - padY, yMax: yMax + padY, columns: samples,
      rows: samples
    ) { x, y in function.value(x: x, y: y, scales: scales) }
  }
}
