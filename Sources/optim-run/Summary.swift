import ArgumentParser
import NN
import Runner
import Spec
import Tensors
import YAML

extension OptimRun {
  /// `optim-run summary SPEC`: the model's layers, parameters, FLOPs and memory, without training.
  struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a model's layers, output shapes, parameters, FLOPs and memory without training.",
      discussion: """
        Builds the model from the spec alone, as Keras's model.summary() prints it: per layer its \
        name (type), output shape, parameter count and, for graphs, its inputs; then total, \
        trainable and non-trainable parameters, forward FLOPs per example (2 per multiply-add) and \
        float32 memory for parameters and for activations at the batch size.

        No data is loaded, so the spec needs model.input (add it with --set 'model.input=[10]').

        Exit status: 0 on success; 2 on a spec error (diagnostics on stderr), for an objective \
        experiment (it has no model) or for a model without model.input.
        """)

    /// How the summary is printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
      case text, json
    }

    @Argument(help: "The experiment file (YAML).", completion: .spec)
    var spec: String

    @Option(
      name: .customLong("set"),
      help: ArgumentHelp(
        "Override a key before building; the value is parsed as YAML (repeatable). "
          + "Example: --set model.layers.0.filters=64",
        valueName: "key.path=value"))
    var overrides: [String] = []

    @OptionGroup var dataRoot: DataRootOption

    @Option(help: "How to print the summary: a text table or one JSON object (to stdout).")
    var format: Format = .text

    @Option(help: "Batch size for the activation memory (default: the spec's train.batch_size).")
    var batchSize: Int?

    func validate() throws {
      if let batchSize, batchSize < 1 || batchSize > Int(Int32.max) {
        throw ValidationError("--batch-size must be from 1 to \(Int32.max) (as train.batch_size), got \(batchSize)")
      }
    }

    func run() throws {
      let loaded: LoadedSpec
      let graph: Graph
      do {
        loaded = try loadSpec(path: spec, overrides: overrides, dataRoot: dataRoot.directory)
        guard let model = loaded.spec.model else {
          let function = loaded.spec.objective.map { " (it minimizes \($0.function))" } ?? ""
          fail("'\(loaded.spec.name)' is an objective experiment\(function); it has no model to summarize")
        }
        guard let input = model.input else {
          fail(
            "summary needs model.input, the shape of one example without the batch dimension; "
              + "this model takes its input shape from the data, which summary does not load "
              + "(give it in the spec or with --set 'model.input=[...]')")
        }
        let seed = UInt64(bitPattern: Int64(loaded.spec.seed))
        graph = try ModelBuilder.makeGraph(model, inputShape: Shape(input), seed: seed, source: loaded.source)
      } catch {
        FileHandleStderr.write(error.rendered + "\n")
        throw ExitStatus.specError.exitCode
      }
      let summary = ModelSummary(graph: graph)
      let batch = batchSize ?? loaded.spec.train.batchSize
      switch format {
      case .text: print(summary.renderText(modelName: loaded.spec.name, batchSize: batch), terminator: "")
      case .json: print(summary.json(modelName: loaded.spec.name, batchSize: batch))
      }
    }

    /// Reports a problem with what `spec` describes (not a diagnostic at a position) and exits 2.
    private func fail(_ message: String) -> Never {
      FileHandleStderr.write("\(spec): error: \(message)\n")
      Self.exit(withError: ExitStatus.specError.exitCode)
    }
  }
}
