import Foundation
import Reporting
import Spec
import Testing
import _TestSupport

@testable import Runner

/// Adam(0.01) on Himmelblau's function from (−4, 4) for 200 steps (`specs/himmelblau_adam.yaml`)
/// against an independent numpy float32 implementation of Keras 3's Adam update
/// (`scripts/reference/objective_reference.py`, which cites `keras/src/optimizers/adam.py`).
@Suite struct ObjectiveReferenceTests {
  /// (step, x, y, loss) as printed by `scripts/reference/objective_reference.py`.
  static let reference: [(step: Int, x: Double, y: Double, loss: Double)] = [
    (0, -4.0, 4.0, 106.0),
    (1, -3.990000009536743, 3.990000009536743, 103.69579315185547),
    (2, -3.980003595352173, 3.98000431060791, 101.42382049560547),
    (5, -3.9500579833984375, 3.9500722885131836, 94.80485534667969),
    (10, -3.9004323482513428, 3.900546073913574, 84.44477844238281),
    (25, -3.756135940551758, 3.757876396179199, 58.47447967529297),
    (50, -3.5416464805603027, 3.554405689239502, 30.363304138183594),
    (100, -3.2260594367980957, 3.2969343662261963, 7.728114128112793),
    (150, -3.0322306156158447, 3.1847376823425293, 1.9142534732818604),
    (199, -2.921637535095215, 3.1460371017456055, 0.46570834517478943),
    (200, -2.9199795722961426, 3.1456329822540283, 0.45209088921546936),
  ]

  /// Tolerances: the script's float32 path differs from the same rule in float64 by at most 4.2e-6
  /// over all 200 steps, so two float32 implementations (which may differ in `pow`, `sqrt` and
  /// fused multiply-adds by an ulp, 4.8e-7 at |x| ≈ 4) agree far better than that; positions are
  /// checked to 1e-5 absolute (~20 ulps). The loss then moves by at most |∇f|·|Δw| ≈ 166·1.5e-5
  /// at the start (∇f(−4, 4) = (−134, 98)) and far less near the end, so losses are checked to
  /// 3e-3 absolute plus 1e-5 relative.
  @Test func adamOnHimmelblauMatchesKerasRule() throws {
    let result = try runObjectiveSpec(ObjectiveRunnerTests.himmelblau)
    #expect(result.path.count == 201)
    for r in Self.reference {
      let p = result.path[r.step]
      #expect(p.step == r.step)
      #expect(isClose(p.x, r.x, relative: 0, absolute: 1e-5), "step \(r.step): x \(p.x) vs \(r.x)")
      #expect(isClose(p.y, r.y, relative: 0, absolute: 1e-5), "step \(r.step): y \(p.y) vs \(r.y)")
      #expect(
        isClose(p.loss, r.loss, relative: 1e-5, absolute: 3e-3), "step \(r.step): loss \(p.loss) vs \(r.loss)"
      )
    }
    // summary.json: the final point is the path's last; the script finds no step within 1e-3 of a
    // minimum, and its final point is 0.11575 from (−2.805118, 3.131312).
    #expect(result.summary.finalPosition == [result.path[200].x, result.path[200].y])
    #expect(result.summary.firstStepWithinTolerance == nil)
    #expect(isClose(result.summary.distanceToNearestMinimum ?? .nan, 0.11575, relative: 0, absolute: 2e-5))
  }

  /// The shipped seed spec is this experiment: its run ends at the reference's final point.
  @Test func shippedSpecEndsAtTheReferencePoint() throws {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let loaded = try loadSpec(path: repository.appendingPathComponent("specs/himmelblau_adam.yaml").path)
    let folder = try RunFolder.create(at: try makeObjectiveTemporaryFolder().appendingPathComponent("run"))
    let result = try runObjective(loaded, folder: folder, manifest: objectiveTestManifest(loaded))
    let last = try #require(Self.reference.last)
    #expect(result.path.count == last.step + 1)
    #expect(isClose(result.summary.finalPosition[0], last.x, relative: 0, absolute: 1e-5))
    #expect(isClose(result.summary.finalPosition[1], last.y, relative: 0, absolute: 1e-5))
  }
}
