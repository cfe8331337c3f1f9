import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// `optim-run evaluate` and `predict` on real run folders, checked against the run's own logs and
  /// against numpy reading our `splits.npz` and the shipped data independently.
  @Suite("evaluate and predict")
  struct TrainedModelCommandsTests {
    /// Trains `spec` (with `overrides`) into a scratch folder and returns the run folder.
    static func train(_ spec: String, _ overrides: [String], scratch: ScratchFolder) throws -> String {
      let folder = scratch.path("run")
      let r = try OptimRunProcess.run(
        [spec, "--out", folder, "--quiet", "--progress", "none"] + overrides.flatMap { ["--set", $0] }, scratch: scratch)
      try #require(r.status == 0, "training failed: \(r.stderr)")
      return folder
    }

    /// The last row of `metrics.csv` by column name.
    static func lastMetrics(_ folder: String) throws -> [String: Double] {
      let text = try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8)
      let lines = text.split(whereSeparator: \.isNewline).map {
        $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      }
      let header = try #require(lines.first)
      let last = try #require(lines.last)
      var out: [String: Double] = [:]
      for (k, v) in zip(header, last) { out[k] = Double(v) }
      return out
    }

    /// The number after `"key":` in JSON text, read with `Double(String)`: Foundation's
    /// JSONSerialization on Linux can miss the nearest double by an ulp, which exact comparisons
    /// must not inherit.
    static func number(_ key: String, in text: String) throws -> Double {
      let start = try #require(text.range(of: "\"\(key)\":"), "no \(key) in \(text)")
      let digits = text[start.upperBound...].prefix { "0123456789.eE+-".contains($0) }
      return try #require(Double(String(digits)))
    }

    static func json(_ text: String) throws -> [String: Any] {
      try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func evaluateOnTheValidationSplitReproducesTheLastLoggedRow() throws {
      let scratch = try ScratchFolder()
      let run = try Self.train("specs/digits_cnn.yaml", ["train.epochs=3"], scratch: scratch)
      let r = try OptimRunProcess.run(["evaluate", run, "--split", "validation", "--json"], scratch: scratch)
      #expect(r.status == 0, "\(r.stderr)")
      let report = try Self.json(r.stdout)
      let logged = try Self.lastMetrics(run)
      // Same data, weights, batch size and code path: the same doubles, not just close ones.
      #expect(try Self.number("loss", in: r.stdout) == logged["val_loss"])
      #expect(try Self.number("accuracy", in: r.stdout) == logged["val_accuracy"])
      #expect(report["examples"] as? Int == 360)
      #expect(report["split"] as? String == "validation")
    }

    @Test func aHeldOutTestSplitIsScoredOnceAfterTraining() throws {
      let scratch = try ScratchFolder()
      let folder = scratch.path("run")
      let r = try OptimRunProcess.run(
        ["specs/digits_cnn.yaml", "--out", folder, "--json", "--set", "train.epochs=2", "--set", "train.validation=0.2"],
        scratch: scratch)
      #expect(r.status == 0, "\(r.stderr)")
      let finished = try #require(r.stdout.split(separator: "\n").last.map(String.init))
      let event = try Self.json(finished)
      #expect(event["event"] as? String == "run_finished")
      let eventTest = try #require(event["test_metrics"] as? [String: Double])
      let summary = try Self.json(String(contentsOfFile: folder + "/summary.json", encoding: .utf8))
      let test = try #require(summary["test_metrics"] as? [String: Double])
      #expect(test == eventTest)
      #expect(summary["test_samples"] as? Int == 360)
      #expect(Set(test.keys) == ["loss", "accuracy"])
      // The same numbers from the saved run: evaluate's default split is the test split.
      let e = try OptimRunProcess.run(["evaluate", folder, "--json"], scratch: scratch)
      let evaluated = try Self.json(e.stdout)
      #expect(evaluated["split"] as? String == "test")
      #expect(evaluated["metrics"] as? [String: Double] == test)

      // With validation: test the test split chose nothing but is no longer held out: no test_metrics.
      let scratch2 = try ScratchFolder()
      let run2 = try Self.train("specs/digits_cnn.yaml", ["train.epochs=1"], scratch: scratch2)
      let summary2 = try Self.json(String(contentsOfFile: run2 + "/summary.json", encoding: .utf8))
      #expect(summary2["test_metrics"] is NSNull)
    }

    @Test func splitsPartitionTheSourceRowsAsNumPyReadsThem() throws {
      let scratch = try ScratchFolder()
      let run = try Self.train("specs/digits_cnn.yaml", ["train.epochs=1", "train.validation=0.2"], scratch: scratch)
      let check = try TestPython.run(
        code: """
          import json, sys, numpy as np
          z = np.load(sys.argv[1] + "/splits.npz")
          m = json.load(open(sys.argv[1] + "/model.json"))
          tr, va, te = z["train"], z["validation"], z["test"]
          assert tr.dtype == np.int64 and set(z.files) == {"train", "validation", "test"}, z.files
          both = np.concatenate([tr, va, te])
          assert len(both) == 1797 and len(np.unique(both)) == 1797, "not a partition"
          assert (len(tr), len(va), len(te)) == (m["splits"]["train"], m["splits"]["validation"], m["splits"]["test"])
          assert m["splits"]["test_origin"] == "test_split" and m["splits"]["validation_origin"] == "train_tail"
          print(len(tr), len(va), len(te))
          """, arguments: [run])
      #expect(check.status == 0, "\(check.stderr)")
      // test_split holds out ceil(0.2 · 1797) = 360; validation is what follows the first
      // floor(0.8 · 1437) = 1149 of the others.
      #expect(check.stdout == "1149 288 360\n")
    }

    @Test func predictOnRawValidationRowsGivesTheLoggedAccuracy() throws {
      let scratch = try ScratchFolder()
      let run = try Self.train("specs/digits_cnn.yaml", ["train.epochs=3"], scratch: scratch)
      let inputs = scratch.path("x.npy")
      // numpy gathers the raw (not rescaled) validation rows named by splits.npz.
      let gather = try TestPython.run(
        code: """
          import sys, numpy as np
          rows = np.load(sys.argv[1] + "/splits.npz")["validation"]
          np.save(sys.argv[2], np.load("data/digits/x.npy")[rows])
          np.save(sys.argv[3], np.load("data/digits/y.npy")[rows])
          """, arguments: [run, inputs, scratch.path("y.npy")])
      try #require(gather.status == 0, "\(gather.stderr)")
      let p = try OptimRunProcess.run(
        ["predict", run, "--input", inputs, "--output", scratch.path("p.npy"), "--batch-size", "50"], scratch: scratch)
      #expect(p.status == 0, "\(p.stderr)")
      #expect(p.stderr.contains("360 predictions"))
      let c = try OptimRunProcess.run(
        ["predict", run, "--input", inputs, "--output", scratch.path("p.csv"), "--batch-size", "50"], scratch: scratch)
      #expect(c.status == 0, "\(c.stderr)")
      let score = try TestPython.run(
        code: """
          import sys, csv, numpy as np
          p = np.load(sys.argv[1]); y = np.load(sys.argv[2]).reshape(-1)
          rows = list(csv.DictReader(open(sys.argv[3])))
          assert p.shape == (360, 10) and p.dtype == np.float32, (p.shape, p.dtype)
          assert [int(r["class"]) for r in rows] == list(p.argmax(axis=1))
          assert np.abs(np.array([[float(r["p_%d" % k]) for k in range(10)] for r in rows]) - p).max() < 1e-8
          print(repr(float((p.argmax(axis=1) == y).mean())))
          """, arguments: [scratch.path("p.npy"), scratch.path("y.npy"), scratch.path("p.csv")])
      #expect(score.status == 0, "\(score.stderr)")
      let accuracy = try #require(Double(score.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
      let logged = try #require(try Self.lastMetrics(run)["val_accuracy"])
      #expect(abs(accuracy - logged) < 1e-6, "numpy \(accuracy), metrics.csv \(logged)")
    }

    @Test func aStandardizedCSVRunPredictsFromRawRows() throws {
      let scratch = try ScratchFolder()
      let run = try Self.train("specs/diabetes_mlp.yaml", ["train.epochs=5"], scratch: scratch)
      let e = try OptimRunProcess.run(["evaluate", run, "--split", "validation", "--json"], scratch: scratch)
      let logged = try Self.lastMetrics(run)
      #expect(try Self.number("loss", in: e.stdout) == logged["val_loss"])
      #expect(try Self.number("mae", in: e.stdout) == logged["val_mae"])
      // Raw CSV rows, the target column included (predict ignores it), columns shuffled.
      let rowsCSV = scratch.path("rows.csv")
      let write = try TestPython.run(
        code: """
          import sys, csv, numpy as np
          rows = np.load(sys.argv[1] + "/splits.npz")["validation"]
          table = list(csv.DictReader(open("data/diabetes.csv")))
          names = list(reversed(list(table[0].keys())))
          with open(sys.argv[2], "w", newline="") as f:
              w = csv.DictWriter(f, fieldnames=names); w.writeheader()
              for r in rows: w.writerow(table[r])
          """, arguments: [run, rowsCSV])
      try #require(write.status == 0, "\(write.stderr)")
      let p = try OptimRunProcess.run(
        ["predict", run, "--input", rowsCSV, "--output", scratch.path("p.csv")], scratch: scratch)
      #expect(p.status == 0, "\(p.stderr)")
      let mse = try TestPython.run(
        code: """
          import sys, csv, numpy as np
          truth = np.array([float(r["target"]) for r in csv.DictReader(open(sys.argv[1]))])
          pred = np.array([float(r["target"]) for r in csv.DictReader(open(sys.argv[2]))])
          print(repr(float(((pred - truth) ** 2).mean())))
          """, arguments: [rowsCSV, scratch.path("p.csv")])
      #expect(mse.status == 0, "\(mse.stderr)")
      let value = try #require(Double(mse.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
      let valLoss = try #require(logged["val_loss"])
      #expect(abs(value - valLoss) <= 1e-5 * valLoss, "numpy \(value), metrics.csv \(valLoss)")
    }

    @Test func aTextRunPredictsFromLinesWithItsVocabulary() throws {
      let scratch = try ScratchFolder()
      let run = try Self.train("specs/text_bow.yaml", ["train.epochs=10"], scratch: scratch)
      try Self.expectPredictionsOnTestTextsMatchValidation(run: run, scratch: scratch)
    }

    /// Predicts the run's test split of text_bow's texts from a text file with `optim-run predict`
    /// and checks that the predicted classes score the run's last logged `val_accuracy`.
    static func expectPredictionsOnTestTextsMatchValidation(run: String, scratch: ScratchFolder) throws {
      let lines = scratch.path("texts.txt")
      let write = try TestPython.run(
        code: """
          import sys, numpy as np
          texts = ["I love this movie", "This movie is great", "Terrible movie", "What a wonderful film",
                   "I hated every minute", "Great acting and a great story", "Boring and far too long",
                   "The worst film this year", "A lovely surprise", "Awful plot and bad acting"]
          labels = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0]
          rows = np.load(sys.argv[1] + "/splits.npz")["test"]
          open(sys.argv[2], "w").write("".join(texts[r] + "\\n" for r in rows))
          print(" ".join(str(labels[r]) for r in rows))
          """, arguments: [run, lines])
      try #require(write.status == 0, "\(write.stderr)")
      let labels = write.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
      let p = try OptimRunProcess.run(
        ["predict", run, "--input", lines, "--output", scratch.path("p.csv")], scratch: scratch)
      #expect(p.status == 0, "\(p.stderr)")
      let table = try String(contentsOfFile: scratch.path("p.csv"), encoding: .utf8).split(separator: "\n")
      #expect(table.first == "probability,class")
      let classes = table.dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Int($0) } }
      #expect(classes.count == labels.count)
      let accuracy = Double(zip(classes, labels).filter { $0 == $1 }.count) / Double(labels.count)
      let logged = try #require(try lastMetrics(run)["val_accuracy"])
      #expect(abs(accuracy - logged) < 1e-6)
    }

    @Test func inputsAndRequestsThatDoNotFitGetClearErrors() throws {
      let scratch = try ScratchFolder()
      let run = try Self.train("specs/digits_cnn.yaml", ["train.epochs=1"], scratch: scratch)
      let wrong = scratch.path("wrong.npy")
      try Data(npyFloat32Bytes(shape: "(2, 64)", values: [Float](repeating: 1, count: 128))).write(
        to: URL(fileURLWithPath: wrong))
      let shape = try OptimRunProcess.run(["predict", run, "--input", wrong, "--output", scratch.path("o.npy")], scratch: scratch)
      #expect(shape.status == 3)
      #expect(shape.stderr.contains("(2, 64)") && shape.stderr.contains("(8, 8)"), "\(shape.stderr)")
      #expect(!FileManager.default.fileExists(atPath: scratch.path("o.npy")))

      let format = try OptimRunProcess.run(["predict", run, "--input", wrong, "--output", scratch.path("o.txt")], scratch: scratch)
      #expect(format.status == 1)
      #expect(format.stderr.contains(".npy or .csv"))

      let best = try OptimRunProcess.run(["evaluate", run, "--checkpoint", "best"], scratch: scratch)
      #expect(best.status == 1)
      #expect(best.stderr.contains("save_best_only"))

      let notData = try OptimRunProcess.run(["evaluate", run, "--set", "optimizer.learning_rate=0.5"], scratch: scratch)
      #expect(notData.status == 1)
      #expect(notData.stderr.contains("data only") && notData.stderr.contains("optimizer.learning_rate"))

      let notRun = try OptimRunProcess.run(["evaluate", scratch.url.path], scratch: scratch)
      #expect(notRun.status == 1)
      #expect(notRun.stderr.contains("not a run folder"))

      // Other data given with --set is scored whole, with the run's preprocessing.
      let other = try OptimRunProcess.run(
        ["evaluate", run, "--set", "data.test_split=null", "--json"], scratch: scratch)
      #expect(other.status == 0, "\(other.stderr)")
      #expect(try Self.json(other.stdout)["examples"] as? Int == 1797)
      #expect(try Self.json(other.stdout)["split"] as? String == "all")
    }

    @Test func validateWarnsWhenTheTestSetChoosesTheModel() throws {
      let scratch = try ScratchFolder()
      let spec = try scratch.write(
        """
        name: chooses
        data: {type: npy, x: data/digits/x.npy, y: data/digits/y.npy, test_split: 0.2}
        model:
          input: [8, 8]
          layers: [flatten, {type: dense, units: 10, activation: softmax}]
        loss: sparse_categorical_crossentropy
        optimizer: adam
        train: {epochs: 1, validation: test}
        callbacks:
          - {type: early_stopping, monitor: val_loss}
          - {type: model_checkpoint, monitor: val_loss, save_best_only: false}
        """, to: "chooses.yaml")
      let r = try OptimRunProcess.run(["validate", spec], scratch: scratch)
      #expect(r.status == 0)
      let warnings = r.stderr.split(separator: "\n").filter { $0.contains("warning:") }
      #expect(warnings.count == 1, "\(r.stderr)")
      #expect(warnings.first?.contains("chooses.yaml:10:") == true)
      #expect(warnings.first?.contains("early_stopping monitors val_loss") == true)
      let fine = try OptimRunProcess.run(["validate", spec, "--set", "train.validation=0.2"], scratch: scratch)
      #expect(fine.status == 0)
      #expect(!fine.stderr.contains("warning:"))
    }
  }
}
