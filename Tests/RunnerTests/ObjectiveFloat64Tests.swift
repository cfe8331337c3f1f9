import Foundation
import Reporting
import Spec
import Testing
import _TestSupport

@testable import Runner

/// Objective runs with `dtype: float64`: the point, the function and the optimizer in float64.
@Suite struct ObjectiveFloat64Tests {
  static let himmelblau64 = """
    name: himmelblau_adam
    objective: {function: himmelblau, start: [-4, 4], steps: 200, dtype: float64}
    optimizer: {type: adam, learning_rate: 0.01}
    """

  /// (step, x, y, loss) as printed by `scripts/reference/objective_reference.py --dtype float64`
  /// (Keras 3's Adam(0.01) on Himmelblau's function from (−4, 4), all in float64).
  static let reference: [(step: Int, x: Double, y: Double, loss: Double)] = [
    (0, -4.0, 4.0, 106.0),
    (1, -3.990000000235991, 3.990000000322681, 103.69576808237247),
    (2, -3.9800034327168725, 3.980004303983723, 101.42380193583327),
    (5, -3.950057442232301, 3.9500722593478703, 94.8047885301878),
    (10, -3.9004315592124152, 3.900545850890106, 84.44466917246716),
    (25, -3.756134071262095, 3.757875432079734, 58.47425208877462),
    (50, -3.5416433413858806, 3.5544036949318203, 30.363005680691042),
    (100, -3.226055539020047, 3.2969321849902915, 7.727956098210777),
    (150, -3.03222759079767, 3.184736397775385, 1.914198819195575),
    (199, -2.921634985877517, 3.146036190848305, 0.4656869051755423),
    (200, -2.919977081512993, 3.145632163025711, 0.4520711212925085),
  ]

  /// Tolerance 1e-12 relative: the script and the runner do the same float64 operations in the same
  /// order; only libm's `pow` (for β₁ᵗ, β₂ᵗ) might differ by an ulp (1.1e-16), which moves the path
  /// by orders of magnitude less. The float32 run, by contrast, differs from this path by 9.3e-9
  /// to 3.9e-6 at the printed steps (the script's last line): in the low digits.
  @Test func adamOnHimmelblauMatchesTheFloat64Reference() throws {
    let result = try runObjectiveSpec(Self.himmelblau64)
    #expect(result.status == .completed)
    #expect(result.path.count == 201)
    for r in Self.reference {
      let p = result.path[r.step]
      #expect(isClose(p.x, r.x, relative: 1e-12, absolute: 0), "step \(r.step): x \(p.x) vs \(r.x)")
      #expect(isClose(p.y, r.y, relative: 1e-12, absolute: 0), "step \(r.step): y \(p.y) vs \(r.y)")
      #expect(isClose(p.loss, r.loss, relative: 1e-12, absolute: 0), "step \(r.step): loss \(p.loss)")
    }
    // The float32 run (its reference in ObjectiveReferenceTests) differs in the low digits only.
    for r32 in ObjectiveReferenceTests.reference where r32.step > 0 {
      let p = result.path[r32.step]
      let gap = max(abs(p.x - r32.x), abs(p.y - r32.y))
      #expect(gap > 5e-9 && gap < 1e-5, "step \(r32.step): |float64 − float32| = \(gap)")
    }
  }

  /// `path.csv` holds the float64 values (Python's repr round-trips them), not float32 ones widened;
  /// the learning rate is the spec's 0.01, not float32's 0.009999999776482582.
  @Test func pathCSVHoldsFloat64Values() throws {
    let result = try runObjectiveSpec(Self.himmelblau64)
    let rows = try objectivePathRows(result)
    #expect(rows.count == 201)
    for (row, point) in zip(rows, result.path) {
      #expect(Double(row[1]) == point.x && Double(row[2]) == point.y && Double(row[3]) == point.loss)
    }
    let x1 = try #require(Double(rows[1][1]))
    #expect(Double(Float(x1)) != x1, "step 1 x \(x1) is a float32 value")
    #expect(Set(rows.map { $0[4] }) == ["0.01"])
    let history = try objectiveFileText(result, "lr_history.csv").split(separator: "\n")
    #expect(history[1] == "0,0,0.01")
  }

  /// SGD on f = a·x² + b·y²: x_t = x_0·(1 − 2a·lr)ᵗ. In float64 every step rounds a few times at
  /// 1.1e-16 relative, so 60 steps stay within 1e-12 relative of the closed form; the float32 run
  /// (lr rounded to 0.10000000149, 6e-8 per rounding) misses it by more than 1e-9 somewhere.
  @Test func sgdOnQuadraticMatchesTheClosedFormTo1e12() throws {
    let spec = """
      name: quadratic_sgd
      objective: {function: quadratic, start: [1.5, -2], steps: 60, scales: [2, 0.5], dtype: float64}
      optimizer: {type: sgd, learning_rate: 0.1}
      """
    let result = try runObjectiveSpec(spec)
    #expect(result.path.count == 61)
    for p in result.path {
      let x = 1.5 * pow(1 - 2 * 2 * 0.1, Double(p.step))
      let y = -2 * pow(1 - 2 * 0.5 * 0.1, Double(p.step))
      #expect(isClose(p.x, x, relative: 1e-12, absolute: 0), "step \(p.step): x \(p.x) vs \(x)")
      #expect(isClose(p.y, y, relative: 1e-12, absolute: 0), "step \(p.step): y \(p.y) vs \(y)")
    }
    let float32 = try runObjectiveSpec(spec.replacingOccurrences(of: "float64", with: "float32"))
    let worst = float32.path.map { p in abs(p.y / (-2 * pow(0.9, Double(p.step))) - 1) }.max() ?? 0
    #expect(worst > 1e-9, "float32 run within \(worst) of the closed form")
  }

  /// float64 is accepted from the spec file and from `--set`.
  @Test func float64IsAcceptedFromFileAndCommandLine() throws {
    let fromFile = try loadObjectiveSpec(
      "name: f64\nobjective: {function: booth, start: [0, 0], steps: 10, dtype: float64}\noptimizer: sgd\n")
    try validateObjective(fromFile)
    let overridden = try loadObjectiveSpec(
      "name: f64\nobjective: {function: booth, start: [0, 0], steps: 10}\noptimizer: sgd\n",
      overrides: ["objective.dtype=float64"])
    try validateObjective(overridden)
    let folder = try RunFolder.create(at: try makeObjectiveTemporaryFolder().appendingPathComponent("run"))
    let result = try runObjective(overridden, folder: folder, manifest: objectiveTestManifest(overridden))
    #expect(result.status == .completed)
    #expect(result.path.count == 11)
  }
}
