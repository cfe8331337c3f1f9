import Foundation
import Testing
import _TestSupport

@testable import Runner
@testable import Spec

/// The sweep plots: legend entries that say what differs between trials, briefly; the ranking
/// metric per epoch with a legend that fits; the metric against each swept parameter.
@Suite struct SweepPlotTests {
  static func optimizer(_ type: String, _ lr: Double) -> Value {
    .map([.init("type", .string(type)), .init("learning_rate", .double(lr))])
  }

  /// Trial `i` of a sweep over a whole optimizer subtree (every argument differs between trials,
  /// so legends keep them all: long labels), a log-uniform learning rate of the head and an
  /// activation named at length.
  static func assignments(_ i: Int) -> [SweepSpec.Parameter] {
    let adam: Value = .map([
      .init("type", .string(i % 3 == 0 ? "sgd" : "adam")),
      .init("learning_rate", .double(0.001 * Double(i + 1))),
      .init("beta_1", .double(0.9 + 0.0001 * Double(i))),
      .init("beta_2", .double(0.999 - 0.00001 * Double(i))),
    ])
    return [
      .init(path: "optimizer", values: [adam]),
      .init(path: "model.head.learning_rate", values: [.double(0.0001 * pow(10, Double(i % 4)))]),
      .init(
        path: "model.activation",
        values: [.string(i % 2 == 0 ? "relu" : "a_very_long_custom_activation_name")]),
    ]
  }

  static let paths = ["optimizer", "model.head.learning_rate", "model.activation"]

  @Test func subtreesShowOnlyTheArgumentsThatDiffer() {
    let same = ["sgd", "adam", "rmsprop"].map {
      [SweepSpec.Parameter(path: "optimizer", values: [Self.optimizer($0, 0.001)])]
    }
    let legend = SweepPlot.legends(same, parameterPaths: ["optimizer"])
    #expect(legend.entries == ["optimizer=sgd", "optimizer=adam", "optimizer=rmsprop"])
    #expect(legend.columns == nil)

    let differing: [[SweepSpec.Parameter]] = [
      [.init(path: "optimizer", values: [Self.optimizer("sgd", 0.01)])],
      [.init(path: "optimizer", values: [Self.optimizer("adam", 0.001)])],
    ]
    #expect(
      SweepPlot.legends(differing, parameterPaths: ["optimizer"]).entries == [
        "optimizer=sgd(learning_rate=0.01)", "optimizer=adam(learning_rate=0.001)",
      ])
  }

  @Test func severalPathsListValuesAndNameColumnsOnce() {
    let paths = ["model.layers.0.units", "model.layers.1.units", "optimizer.learning_rate"]
    let trial: [SweepSpec.Parameter] = [
      .init(path: paths[0], values: [.int(8)]), .init(path: paths[1], values: [.int(4)]),
      .init(path: paths[2], values: [.double(0.1)]),
    ]
    let legend = SweepPlot.legends([trial], parameterPaths: paths)
    #expect(legend.entries == ["8, 4, 0.1"])
    // Two paths end in `units`: whole paths name the columns.
    #expect(legend.columns == paths.joined(separator: ", "))
  }

  @Test(arguments: [(1, 1), (12, 1), (150, 1), (1, 3), (12, 3), (150, 3)])
  func metricCurvesKeepEveryLabelInside(count: Int, pathCount: Int) throws {
    let trials = (0..<count).map { i in
      (assignments: Array(Self.assignments(i).prefix(pathCount)), values: [2.3, 1.0 / Double(i + 1), 0.05])
    }
    let text = SweepPlot.metricCurves(
      title: "mnist_optimizer_sweep: \(count) trials", metric: "val_loss", trials: trials,
      parameterPaths: Array(Self.paths.prefix(pathCount)), logarithmicY: nil)
    let svg = try #require(SVGInspection(text))
    #expect(svg.overflows() == [])
    #expect(svg.texts.contains("… and 110 more") == (count == 150))
    if pathCount == 3 { #expect(svg.texts.contains("optimizer, learning_rate, activation:")) }
  }

  @Test func curvesAreNamedAfterTheRankingMetric() throws {
    let trials = (0..<3).map { i in
      (assignments: Self.assignments(i), values: [0.9, 0.5, 0.2 + Double(i) / 10])
    }
    let svg = try #require(
      SVGInspection(
        SweepPlot.metricCurves(
          title: "s", metric: "val_loss", trials: trials, parameterPaths: Self.paths, logarithmicY: nil)))
    let yLabel = try #require(svg.elements.first { $0.attributes["transform"]?.hasPrefix("rotate") == true })
    #expect(yLabel.text == "val_loss")  // 0.2 to 0.9: within a decade, so linear
    #expect(svg.texts.contains { $0.contains("val_loss per epoch") })
    #expect(!svg.texts.contains("loss"))
    #expect(SweepPlot.metricCurvesFileName("val_loss") == "val_loss.svg")
    #expect(SweepPlot.metricCurvesFileName("top-1/acc uracy") == "top-1_acc_uracy.svg")
    #expect(SweepPlot.metricCurvesFileName("..") == "metric...svg")
    #expect(SweepPlot.metricVersusParametersFileName("val_accuracy") == "val_accuracy_vs_params.svg")
  }

  @Test func lossSpanningDecadesGetsALogAxisUnlessToldOtherwise() throws {
    let trials = [(assignments: Self.assignments(0), values: [2.3, 0.4, 0.05])]
    for (setting, expected) in [(nil, "loss (log scale)"), (false, "loss"), (true, "loss (log scale)")]
      as [(Bool?, String)]
    {
      let svg = try #require(
        SVGInspection(
          SweepPlot.metricCurves(
            title: "s", metric: "loss", trials: trials, parameterPaths: Self.paths, logarithmicY: setting)))
      #expect(
        svg.elements.contains { $0.attributes["transform"] != nil && $0.text == expected },
        "\(String(describing: setting))")
    }
  }

  @Test func nonFiniteValuesBreakLinesAndNeverReachTheCoordinates() throws {
    let trials = [
      (assignments: Self.assignments(0), values: [1.0, .nan, 0.5, 0.25]),
      (assignments: Self.assignments(1), values: [1.0, .infinity, -.infinity, 0.3]),
      (assignments: Self.assignments(2), values: [Double.nan, .nan]),  // diverged at once: not drawn
    ]
    let text = SweepPlot.metricCurves(
      title: "s", metric: "val_loss", trials: trials, parameterPaths: Self.paths, logarithmicY: nil)
    #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf"))
    let svg = try #require(SVGInspection(text))
    #expect(svg.overflows() == [])
    let lines = svg.elements.filter { $0.name == "path" }.compactMap { $0.attributes["d"] }
    #expect(lines.count == 2 && lines.allSatisfy { $0.filter { $0 == "M" }.count == 2 })
    let scatter = SweepPlot.metricVersusParameters(
      title: "s", metric: "val_loss", points: trials.map { ($0.assignments, $0.values[1]) },
      parameterPaths: Self.paths, logarithmic: [:])
    #expect(SVGInspection(scatter) != nil)
    #expect(!scatter.lowercased().contains("nan") && !scatter.lowercased().contains("inf"))
  }

  /// The points' centres in the panel whose title is `path`, left to right by trial.
  static func pointXs(_ svg: SVGInspection, panel index: Int, of panels: Int) -> [Double] {
    let circles = svg.elements.filter { $0.name == "circle" && $0.attributes["fill-opacity"] != nil }
    let perPanel = circles.count / panels
    return circles[(index * perPanel)..<((index + 1) * perPanel)].compactMap { $0.number("cx") }
  }

  @Test func logUniformParametersGetALogAxisAndSubtreesCategories() throws {
    let points = (0..<4).map { i in (assignments: Self.assignments(i), value: 0.1 * Double(i + 1)) }
    let svg = try #require(
      SVGInspection(
        SweepPlot.metricVersusParameters(
          title: "s", metric: "val_loss", points: points, parameterPaths: Self.paths,
          logarithmic: ["model.head.learning_rate": true])))
    #expect(svg.overflows() == [])
    for tick in ["0.0001", "0.001", "0.01", "0.1"] { #expect(svg.texts.contains(tick), "\(tick)") }
    #expect(svg.texts.contains("learning_rate (log scale)"))
    // 1e-4, 1e-3, 1e-2, 1e-1: equal steps on the log axis (the first point, the best, is drawn last).
    let xs = Self.pointXs(svg, panel: 1, of: 3)
    let sorted = xs.sorted()
    #expect(
      sorted.count == 4
        && zip(sorted.dropFirst(), sorted).map { $0 - $1 }.allSatisfy {
          abs($0 - (sorted[1] - sorted[0])) < 0.02
        })
    // Subtrees are named as the legend names them; strings are categories too.
    for name in ["sgd(learning_rate=0.001, beta_1=0.9, beta_2=0.999)", "relu"] {
      #expect(
        svg.texts.contains(name) || svg.elements.contains { $0.name == "title" && $0.text == name }, "\(name)"
      )
    }
    #expect(svg.texts.contains { $0.hasPrefix("best: sgd(") })

    let linear = try #require(
      SVGInspection(
        SweepPlot.metricVersusParameters(
          title: "s", metric: "val_loss", points: points, parameterPaths: Self.paths, logarithmic: [:])))
    #expect(linear.texts.contains("learning_rate") && !linear.texts.contains("learning_rate (log scale)"))
    let ls = Self.pointXs(linear, panel: 1, of: 3).sorted()
    // Linear: 0.1 lies (0.1 − 0.0001) / (0.01 − 0.0001) = 10.09 times as far from 0.0001 as 0.01 does
    // (on a log axis: 1.5 times).
    #expect(ls.count == 4 && abs((ls[3] - ls[0]) / (ls[2] - ls[0]) - 10.09) < 0.05)
  }

  @Test(arguments: [1, 12, 150])
  func metricVersusParametersKeepsEveryLabelInside(count: Int) throws {
    let points = (0..<count).map { i in (assignments: Self.assignments(i), value: 1 / Double(i + 1)) }
    let svg = try #require(
      SVGInspection(
        SweepPlot.metricVersusParameters(
          title: "mnist_optimizer_sweep: \(count) trials", metric: "val_accuracy", points: points,
          parameterPaths: Self.paths, logarithmic: ["model.head.learning_rate": true])))
    #expect(svg.overflows() == [])
    #expect(
      svg.elements.filter { $0.name == "circle" && $0.attributes["fill-opacity"] != nil }.count == 3 * count)
  }
}
