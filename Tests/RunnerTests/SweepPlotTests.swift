import Testing

@testable import Runner
@testable import Spec

/// Legend entries of the sweep plots: what differs between trials, briefly.
@Suite struct SweepPlotTests {
  static func optimizer(_ type: String, _ lr: Double) -> Value {
    .map([.init("type", .string(type)), .init("learning_rate", .double(lr))])
  }

  static func records(_ values: [[SweepSpec.Parameter]]) -> [SweepTrialRecord] {
    values.enumerated().map { i, a in
      SweepTrialRecord(index: i, assignments: a, status: .completed, exitReason: "completed", metric: 1)
    }
  }

  @Test func subtreesShowOnlyTheArgumentsThatDiffer() {
    let same = Self.records(
      ["sgd", "adam", "rmsprop"].map {
        [SweepSpec.Parameter(path: "optimizer", values: [Self.optimizer($0, 0.001)])]
      })
    let legend = SweepPlot.legends(same, parameterPaths: ["optimizer"])
    #expect(legend.entries == ["optimizer=sgd", "optimizer=adam", "optimizer=rmsprop"])
    #expect(legend.columns == nil)

    let differing = Self.records([
      [.init(path: "optimizer", values: [Self.optimizer("sgd", 0.01)])],
      [.init(path: "optimizer", values: [Self.optimizer("adam", 0.001)])],
    ])
    #expect(
      SweepPlot.legends(differing, parameterPaths: ["optimizer"]).entries == [
        "optimizer=sgd(learning_rate=0.01)", "optimizer=adam(learning_rate=0.001)",
      ])
  }

  @Test func severalPathsListValuesAndNameColumnsOnce() {
    let paths = ["model.layers.0.units", "model.layers.1.units", "optimizer.learning_rate"]
    let board = Self.records([
      [
        .init(path: paths[0], values: [.int(8)]), .init(path: paths[1], values: [.int(4)]),
        .init(path: paths[2], values: [.double(0.1)]),
      ]
    ])
    let legend = SweepPlot.legends(board, parameterPaths: paths)
    #expect(legend.entries == ["8, 4, 0.1"])
    // Two paths end in `units`: whole paths name the columns.
    #expect(legend.columns == paths.joined(separator: ", "))
  }
}
