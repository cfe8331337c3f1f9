import NN
import Spec
import Tensors
import YAML

/// Turns a spec's model, loss and metrics into the NN library's `Graph`, `Loss` and `Metric`s.
///
/// Every argument the layer schemas list is mapped (activation, initializers, regularizers,
/// padding, strides, pool sizes, up-sampling size, reshape target, dropout rate, batch
/// normalization arguments, names, `inputs:`). Problems — an argument the NN library does not
/// support, a shape mismatch, a loss that does not fit the model output — are thrown as
/// diagnostics at the offending component's position in the spec (with its source line when a
/// `Source` is given), never as crashes.
public enum ModelBuilder {
  /// Builds the graph of `model` for examples of shape `inputShape` (batch excluded).
  ///
  /// `inputShape` is the spec's `model.input` when given, otherwise the data's example shape (the
  /// caller decides). Weights are not allocated: call `Graph.build(maxBatchSize:)` for that.
  /// Shape errors are reported at the layer that rejected its inputs, e.g.
  /// `specs/u.yaml:14:7: error: concatenate 'm4': inputs have heights 32 and 31 ...`.
  public static func makeGraph(_ model: ModelSpec, inputShape: Shape, seed: UInt64, source: Source?)
    throws(DiagnosticList) -> Graph
  {
    let nodes = try graphNodes(model, source: source)
    let graph: Graph
    do {
      graph = try Graph(inputShape: inputShape, nodes: nodes, seed: seed)
    } catch {
      let layer = error.nodeIndex.map { model.layers[$0] }
      throw DiagnosticList([
        diagnostic(
          at: layer?.mark ?? (error.isAboutInput ? model.inputMark : nil), error.message,
          keyPath: error.nodeIndex.map { "model.layers.\($0)" } ?? (error.isAboutInput ? "model.input" : "model.layers"),
          source: source)
      ])
    }
    try checkConcatenateAxes(model, graph: graph, source: source)
    return graph
  }

  /// The graph nodes of `model`'s layers, in order; throws every unsupported argument at once.
  public static func graphNodes(_ model: ModelSpec, source: Source?) throws(DiagnosticList) -> [GraphNode] {
    var nodes: [GraphNode] = []
    var problems: [Diagnostic] = []
    for (i, layer) in model.layers.enumerated() {
      do throws(LayerMappingError) {
        let config = try layerConfig(layer)
        nodes.append(GraphNode(name: layer.name, config, inputs: inputNames(layer)))
      } catch {
        let mark = error.argument.flatMap { layer.argumentMarks[$0] } ?? layer.mark
        let path = "model.layers.\(i)" + (error.argument.map { ".\($0)" } ?? "")
        problems.append(diagnostic(at: mark, error.message, keyPath: path, source: source))
      }
    }
    if !problems.isEmpty { throw DiagnosticList(problems) }
    return nodes
  }

  /// The names in a layer's `inputs:` (empty when not given: the layer before).
  static func inputNames(_ layer: Component) -> [String] {
    guard let value = layer.arguments["inputs"], !value.isNull else { return [] }
    return layer.strings("inputs") ?? []
  }

  /// Concatenation runs along the channel (last) axis; any other `axis` is reported at the layer.
  ///
  /// As in Keras, `axis` counts the batch axis: for NHWC inputs the channel axis is 3 or −1.
  static func checkConcatenateAxes(_ model: ModelSpec, graph: Graph, source: Source?) throws(DiagnosticList) {
    var problems: [Diagnostic] = []
    for (i, layer) in model.layers.enumerated() where layer.type == "concatenate" {
      let axis = layer.arguments["axis"]?.asDouble.map { Int($0) } ?? -1
      let last = graph.inputShapes(ofLayer: i)[0].rank  // index of the last axis, batch included
      guard axis != -1 && axis != last else { continue }
      problems.append(
        diagnostic(
          at: layer.argumentMarks["axis"] ?? layer.mark,
          "concatenate '\(graph.layers[i].name)': only the last (channel) axis is supported, "
            + "axis -1 or \(last) for inputs \(graph.inputShapes(ofLayer: i)[0]); got axis \(axis)",
          keyPath: "model.layers.\(i).axis", source: source))
    }
    if !problems.isEmpty { throw DiagnosticList(problems) }
  }

  /// A diagnostic at `mark`, quoting the source line when `source` is the file the mark is in.
  static func diagnostic(at mark: Mark?, _ message: String, keyPath: String?, source: Source?) -> Diagnostic {
    if let mark, let source, mark.file == source.name {
      return source.diagnostic(at: mark, message, keyPath: keyPath)
    }
    return Diagnostic(at: mark, message, keyPath: keyPath)
  }
}
