/// Contour lines of a function sampled on a regular grid, by marching squares.
///
/// Each cell whose corners straddle a level contributes one segment (two at a saddle, paired by
/// the cell's mean value); crossing points are interpolated linearly along the cell's edges.
/// Cells with a non-finite corner are skipped.
enum ContourLines {
  /// Segments `((x1, y1), (x2, y2))` in data coordinates for `level`.
  static func segments(_ grid: PathPlot.Grid, level: Double) -> [((Double, Double), (Double, Double))] {
    var out: [((Double, Double), (Double, Double))] = []
    let dx = (grid.xMax - grid.xMin) / Double(grid.columns - 1)
    let dy = (grid.yMax - grid.yMin) / Double(grid.rows - 1)
    for r in 0..<(grid.rows - 1) {
      for c in 0..<(grid.columns - 1) {
        let v00 = grid.value(row: r, column: c)
        let v10 = grid.value(row: r, column: c + 1)
        let v01 = grid.value(row: r + 1, column: c)
        let v11 = grid.value(row: r + 1, column: c + 1)
        guard v00.isFinite, v10.isFinite, v01.isFinite, v11.isFinite else { continue }
        let x0 = grid.xMin + Double(c) * dx
        let y0 = grid.yMin + Double(r) * dy
        // Edge crossings in order bottom, right, top, left (nil where the edge does not cross).
        func cross(_ a: Double, _ b: Double, _ pa: (Double, Double), _ pb: (Double, Double)) -> (
          Double, Double
        )? {
          guard (a > level) != (b > level) else { return nil }
          let t = (level - a) / (b - a)
          return (pa.0 + t * (pb.0 - pa.0), pa.1 + t * (pb.1 - pa.1))
        }
        let p00 = (x0, y0)
        let p10 = (x0 + dx, y0)
        let p01 = (x0, y0 + dy)
        let p11 = (x0 + dx, y0 + dy)
        let edges = [
          cross(v00, v10, p00, p10), cross(v10, v11, p10, p11), cross(v01, v11, p01, p11),
          cross(v00, v01, p00, p01),
        ]
        let crossing = edges.compactMap { $0 }
        if crossing.count == 2 {
          out.append((crossing[0], crossing[1]))
        } else if crossing.count == 4 {
          let centerAbove = (v00 + v10 + v01 + v11) / 4 > level
          if centerAbove == (v00 > level) {
            out.append((edges[0]!, edges[1]!))
            out.append((edges[2]!, edges[3]!))
          } else {
            out.append((edges[0]!, edges[3]!))
            out.append((edges[1]!, edges[2]!))
          }
        }
      }
    }
    return out
  }

  /// `count` levels at quantiles of the finite grid values, denser near the minimum (probabilities
  /// `(i / (count + 1))²`), without repeats.
  static func automaticLevels(_ grid: PathPlot.Grid, count: Int) -> [Double] {
    let sorted = grid.values.filter(\.isFinite).sorted()
    guard sorted.count >= 2 else { return [] }
    var levels: [Double] = []
    for i in 1...count {
      let p = Double(i) / Double(count + 1)
      let v = sorted[Int((p * p * Double(sorted.count - 1)).rounded())]
      if levels.last != v { levels.append(v) }
    }
    return levels
  }
}
