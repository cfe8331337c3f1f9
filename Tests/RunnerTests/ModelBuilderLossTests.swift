import NN
import Spec
import Tensors
import Testing
import Training
import YAML

@testable import Runner

/// Losses, metrics and the check that the loss fits the model output and the targets.
@Suite("ModelBuilder: loss and metrics")
struct ModelBuilderLossTests {
  static let model = "input: [4]\nlayers: [{type: dense, units: 1}]"

  /// The loaded spec with `loss` and `metrics`; the loss is on line 6.
  func load(loss: String, metrics: String = "[]") throws -> LoadedSpec {
    try ModelBuilderFixtures.load(model: Self.model, loss: loss, metrics: metrics)
  }

  func makeLoss(_ loss: String) throws -> Loss {
    let loaded = try load(loss: loss)
    return try ModelBuilder.makeLoss(loaded.spec.loss!, source: loaded.source)
  }

  @Test func lossesAndTheirArguments() throws {
    #expect(try makeLoss("mse") == Loss(.meanSquaredError))
    #expect(try makeLoss("mae") == Loss(.meanAbsoluteError))
    #expect(try makeLoss("{type: huber, delta: 2.5}") == Loss(.huber, delta: 2.5))
    #expect(try makeLoss("huber").delta == 1)
    #expect(
      try makeLoss("{type: binary_crossentropy, from_logits: true}")
        == Loss(.binaryCrossentropy, fromLogits: true))
    #expect(try makeLoss("categorical_crossentropy") == Loss(.categoricalCrossentropy))
    #expect(
      try makeLoss("{type: sparse_categorical_crossentropy, from_logits: true}")
        == Loss(.sparseCategoricalCrossentropy, fromLogits: true))
  }

  @Test func labelSmoothingAndFocalArgumentsAreBuilt() throws {
    #expect(
      try makeLoss("{type: categorical_crossentropy, label_smoothing: 0.1}")
        == Loss(.categoricalCrossentropy, labelSmoothing: 0.1))
    #expect(
      try makeLoss("{type: binary_crossentropy, label_smoothing: 0.2, from_logits: true}")
        == Loss(.binaryCrossentropy, fromLogits: true, labelSmoothing: 0.2))
    #expect(try makeLoss("binary_focal_crossentropy") == Loss(.binaryFocalCrossentropy))
    #expect(
      try makeLoss(
        "{type: binary_focal_crossentropy, apply_class_balancing: true, alpha: 0.4, gamma: 1.5, label_smoothing: 0.05}"
      )
        == Loss(
          .binaryFocalCrossentropy, labelSmoothing: 0.05, gamma: 1.5, alpha: 0.4, applyClassBalancing: true))
  }

  /// Every new loss and Keras's other names for losses build (the alias keeps its name in the spec).
  @Test(arguments: [
    ("kl_divergence", Loss.Kind.klDivergence), ("kld", .klDivergence), ("poisson", .poisson),
    ("log_cosh", .logCosh), ("hinge", .hinge), ("squared_hinge", .squaredHinge),
    ("categorical_hinge", .categoricalHinge), ("cosine_similarity", .cosineSimilarity),
    ("mean_absolute_percentage_error", .meanAbsolutePercentageError), ("mape", .meanAbsolutePercentageError),
    ("mean_squared_logarithmic_error", .meanSquaredLogarithmicError), ("msle", .meanSquaredLogarithmicError),
    ("mean_squared_error", .meanSquaredError), ("mean_absolute_error", .meanAbsoluteError),
    ("bce", .binaryCrossentropy),
  ])
  func kerasLossNamesBuild(_ name: String, _ kind: Loss.Kind) throws {
    let loaded = try load(loss: name)
    #expect(loaded.spec.loss?.type == name)
    #expect(try ModelBuilder.makeLoss(loaded.spec.loss!, source: loaded.source) == Loss(kind))
  }

  /// Out-of-range focal and smoothing arguments are spec errors at the argument.
  @Test func focalArgumentsAreChecked() throws {
    #expect(throws: (any Error).self) { try load(loss: "{type: binary_focal_crossentropy, alpha: 1.5}") }
    #expect(throws: (any Error).self) { try load(loss: "{type: binary_focal_crossentropy, gamma: -1}") }
    #expect(throws: (any Error).self) {
      try load(loss: "{type: categorical_crossentropy, label_smoothing: 2}")
    }
    #expect(throws: (any Error).self) {
      try load(loss: "{type: sparse_categorical_crossentropy, label_smoothing: 0.1}")
    }
  }

  @Test func lossShapeMismatchNamesBothShapesAtTheLoss() throws {
    let loaded = try load(loss: "mse")
    let loss = try ModelBuilder.makeLoss(loaded.spec.loss!, source: loaded.source)
    let error = #expect(throws: DiagnosticList.self) {
      try ModelBuilder.checkLoss(
        loss, at: loaded.spec.loss!, predictionShape: [3], targetShape: [2], source: loaded.source)
    }
    let d = try #require(error?.diagnostics.first)
    #expect(d.mark == Mark(file: "specs/test.yaml", line: 6, column: 7))
    #expect(d.message.contains("model output (3,)"))
    #expect(d.message.contains("targets (2,)"))
    #expect(d.keyPath == "loss")
  }

  @Test func kerasSqueezesATrailingAxisOfOne() throws {
    let mse = Loss(.meanSquaredError)
    let sparse = Loss(.sparseCategoricalCrossentropy)
    let spec = try load(loss: "mse").spec.loss!
    // One value per example against a single output: fine, and the targets become [N, 1].
    try ModelBuilder.checkLoss(mse, at: spec, predictionShape: [1], targetShape: [], source: nil)
    #expect(ModelBuilder.adaptedTargetShape([], predictionShape: [1], loss: mse) == [1])
    #expect(ModelBuilder.adaptedTargetShape([4], predictionShape: [4], loss: mse) == [4])
    #expect(ModelBuilder.adaptedTargetShape([2], predictionShape: [3], loss: mse) == [2])
    // Integer labels against class scores keep their shape.
    try ModelBuilder.checkLoss(sparse, at: spec, predictionShape: [10], targetShape: [], source: nil)
    #expect(ModelBuilder.adaptedTargetShape([], predictionShape: [10], loss: sparse) == [])
    #expect(ModelBuilder.adaptedTargetShape([], predictionShape: [1], loss: sparse) == [])

    let labels = Tensor(repeating: 1, shape: [5])
    #expect(ModelBuilder.adaptTargets(labels, predictionShape: [1], loss: mse).shape == [5, 1])
    #expect(ModelBuilder.adaptTargets(labels, predictionShape: [10], loss: sparse).shape == [5])
  }

  @Test func metricsFollowTheLossAndTheirArguments() throws {
    let loaded = try load(
      loss: "sparse_categorical_crossentropy",
      metrics: "[accuracy, {type: top_k_categorical_accuracy, k: 3}, rmse]")
    let loss = try ModelBuilder.makeLoss(loaded.spec.loss!, source: loaded.source)
    let factories = try ModelBuilder.makeMetrics(
      loaded.spec.metrics, loss: loss, predictionShape: [10], targetShape: [], source: loaded.source)
    let metrics = factories.map { $0() }
    #expect(metrics.map(\.name) == ["accuracy", "top_k_categorical_accuracy", "rmse"])
    #expect((metrics[0] as? AccuracyMetric)?.kind == .sparseCategorical)
    let topK = try #require(metrics[1] as? TopKAccuracyMetric)
    #expect(topK.k == 3)
    #expect(topK.sparse)
    #expect(metrics[2] is ErrorMetric)
    // Each call makes a fresh metric: training and validation copies do not share state.
    #expect(factories[0]() !== factories[0]())
  }

  @Test func precisionAndRecallAreBinary() throws {
    let binary = try load(
      loss: "binary_crossentropy", metrics: "[{type: precision, thresholds: 0.7}, recall]")
    let bce = try ModelBuilder.makeLoss(binary.spec.loss!, source: binary.source)
    let metrics = try ModelBuilder.makeMetrics(
      binary.spec.metrics, loss: bce, predictionShape: [1], targetShape: [], source: binary.source
    ).map { $0() }
    #expect((metrics[0] as? ConfusionMetric)?.threshold == 0.7)
    #expect((metrics[1] as? ConfusionMetric)?.threshold == 0.5)
    // On ten softmax outputs they would compare (batch, 10) with (batch,): a spec error, not a crash.
    let multi = try load(loss: "sparse_categorical_crossentropy", metrics: "[precision]")
    let sce = try ModelBuilder.makeLoss(multi.spec.loss!, source: multi.source)
    #expect(throws: DiagnosticList.self) {
      try ModelBuilder.makeMetrics(
        multi.spec.metrics, loss: sce, predictionShape: [10], targetShape: [], source: multi.source)
    }
  }

  @Test func accuracyUnderBinaryCrossentropyIsBinary() throws {
    let loaded = try load(loss: "binary_crossentropy", metrics: "[accuracy]")
    let loss = try ModelBuilder.makeLoss(loaded.spec.loss!, source: loaded.source)
    let metrics = try ModelBuilder.makeMetrics(
      loaded.spec.metrics, loss: loss, predictionShape: [1], targetShape: [], source: nil)
    #expect((metrics[0]() as? AccuracyMetric)?.kind == .binary(threshold: 0.5))
  }

  @Test func duplicateMetricIsReportedAtTheSecond() throws {
    let loaded = try load(loss: "mse", metrics: "[mae, mae]")
    let error = #expect(throws: DiagnosticList.self) {
      try ModelBuilder.makeMetrics(
        loaded.spec.metrics, loss: Loss(.meanSquaredError), predictionShape: [1], targetShape: [1],
        source: loaded.source)
    }
    #expect(error?.diagnostics.map(\.mark) == [Mark(file: "specs/test.yaml", line: 7, column: 16)])
    #expect(error?.diagnostics.first?.keyPath == "metrics.1")
  }

  func metrics(_ metrics: String, loss: String, prediction: Shape, target: Shape) throws -> [any Metric] {
    let loaded = try load(loss: loss, metrics: metrics)
    let built = try ModelBuilder.makeLoss(loaded.spec.loss!, source: loaded.source)
    return try ModelBuilder.makeMetrics(
      loaded.spec.metrics, loss: built, predictionShape: prediction, targetShape: target,
      source: loaded.source
    ).map { $0() }
  }

  @Test func aucAndF1ScoreTakeTheirArguments() throws {
    let built = try metrics(
      "[auc, {type: f1_score, average: weighted, threshold: 0.4}, {type: binary_accuracy, threshold: 0.3}]",
      loss: "binary_crossentropy", prediction: [3], target: [3])
    let auc = try #require(built[0] as? AUCMetric)
    #expect(auc.thresholds == 200 && auc.curve == .roc && auc.summation == .interpolation && !auc.fromLogits)
    let f1 = try #require(built[1] as? F1ScoreMetric)
    #expect(f1.average == .weighted && f1.threshold == 0.4 && !f1.sparse && f1.classes == 3)
    #expect((built[2] as? AccuracyMetric)?.kind == .binary(threshold: 0.3))
    let pr = try metrics(
      "[{type: auc, curve: PR, summation_method: majoring, num_thresholds: 50, from_logits: true}]",
      loss: "mse", prediction: [1], target: [1])
    let prAUC = try #require(pr[0] as? AUCMetric)
    #expect(prAUC.curve == .pr && prAUC.summation == .majoring && prAUC.thresholds == 50 && prAUC.fromLogits)
    // The bare name: Keras's defaults, except average (macro: one number to log).
    let bare = try #require(
      try metrics("[f1_score]", loss: "sparse_categorical_crossentropy", prediction: [10], target: [])[0]
        as? F1ScoreMetric)
    #expect(bare.average == .macro && bare.threshold == nil && bare.sparse && bare.classes == 10)
  }

  @Test func f1ScoreAverageNullIsASpecError() throws {
    let error = #expect(throws: DiagnosticList.self) {
      try load(loss: "mse", metrics: "[{type: f1_score, average: null}]")
    }
    let d = try #require(error?.diagnostics.first)
    #expect(d.message.contains("average null gives one score per class"))
    #expect(d.keyPath == "metrics.0.average")
  }

  @Test func aucAndF1ScoreThatDoNotFitTheModelAreSpecErrors() throws {
    let auc = #expect(throws: DiagnosticList.self) {
      try metrics("[auc]", loss: "sparse_categorical_crossentropy", prediction: [10], target: [])
    }
    #expect(
      auc?.diagnostics.first?.message.contains("outputs (10,) per example but the targets are ()") == true)
    #expect(auc?.diagnostics.first?.keyPath == "metrics.0")
    let f1 = #expect(throws: DiagnosticList.self) {
      try metrics("[mae, f1_score]", loss: "mse", prediction: [4, 4, 2], target: [4, 4, 2])
    }
    #expect(f1?.diagnostics.first?.message.contains("f1_score needs one vector of class scores") == true)
    #expect(f1?.diagnostics.first?.keyPath == "metrics.1")
  }

  /// Keras's other metric names build the same metric and keep their name (the history column).
  @Test func metricAliasesKeepTheirNames() throws {
    let built = try metrics(
      "[acc, mean_squared_error, mean_absolute_error, root_mean_squared_error, sparse_categorical_accuracy, "
        + "{type: sparse_top_k_categorical_accuracy, k: 2}]",
      loss: "sparse_categorical_crossentropy", prediction: [3], target: [])
    #expect(
      built.map(\.name) == [
        "acc", "mean_squared_error", "mean_absolute_error", "root_mean_squared_error",
        "sparse_categorical_accuracy",
        "sparse_top_k_categorical_accuracy",
      ])
    #expect((built[0] as? AccuracyMetric)?.kind == .sparseCategorical)
    #expect((built[3] as? ErrorMetric)?.kind == .rootMeanSquared)
    #expect((built[5] as? TopKAccuracyMetric)?.k == 2)
  }

  /// `mode: auto` on the new metrics: up for auc and f1_score, down for the error aliases (their
  /// Keras `_direction`).
  @Test func monitorModeOfNewMetrics() throws {
    #expect(try !Monitor(name: "val_auc", mode: .auto, minDelta: 0).minimize)
    #expect(try !Monitor(name: "val_f1_score", mode: .auto, minDelta: 0).minimize)
    #expect(try Monitor(name: "val_mean_squared_error", mode: .auto, minDelta: 0).minimize)
    #expect(try Monitor(name: "root_mean_squared_error", mode: .auto, minDelta: 0).minimize)
  }
}
