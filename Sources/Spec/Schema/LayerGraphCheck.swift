/// Checks the layer list as a graph: unique names, `inputs:` naming earlier layers, merges with two
/// or more inputs.
@Sendable func checkLayerGraph(_ model: Component, _ check: inout CrossCheck) {
  if case .list(let dims)? = model.arguments["input"], dims.isEmpty {
    check.error(model, "input", "model.input must list at least one dimension (e.g. [28, 28, 1]), or be null for the data's shape")
  }
  guard case .list(let items) = model.value("layers") else { return }
  if items.isEmpty { check.error(model, "layers", "model.layers must list at least one layer") }
  let layers = items.compactMap { item -> Component? in
    if case .component(let c) = item { return c }
    return nil
  }
  var firstIndex: [String: Int] = [:]
  for (i, layer) in layers.enumerated() {
    guard let name = layer.name else { continue }
    let mark = layer.argumentMarks["name"] ?? layer.mark
    if name == "previous" || name == "input" {
      check.error(
        at: mark, keyPath: "model.layers.\(i).name",
        name == "input"
          ? "'input' is reserved for the model's input; choose another name"
          : "'previous' is reserved for the layer before; choose another name")
    } else if name.isEmpty || name.contains("/") {
      // As Keras: parameters are named `layer/kernel`, so a '/' would make names ambiguous.
      check.error(
        at: mark, keyPath: "model.layers.\(i).name",
        "layer name '\(name)' must be non-empty and contain no '/' (parameters are named '<layer>/kernel')")
    } else if let first = firstIndex[name] {
      let line = layers[first].argumentMarks["name"].map { " (line \($0.line))" } ?? ""
      check.error(
        at: mark, keyPath: "model.layers.\(i).name",
        "duplicate layer name '\(name)'; model.layers.\(first) already has it\(line)")
    } else {
      firstIndex[name] = i
    }
  }
  for (i, layer) in layers.enumerated() {
    let inputs = layer.arguments["inputs"].flatMap { $0.isNull ? nil : layer.strings("inputs") }
    for (j, input) in (inputs ?? []).enumerated() where input != "previous" {
      let mark = layer.argumentMarks["inputs.\(j)"] ?? layer.mark
      let path = "model.layers.\(i).inputs.\(j)"
      if let k = firstIndex[input] {
        if k >= i {
          check.error(
            at: mark, keyPath: path,
            "layer input '\(input)' is model.layers.\(k), which does not come before model.layers.\(i)")
        }
      } else {
        let earlier = layers.prefix(i).compactMap(\.name) + ["previous"]
        let suggestion = Suggestion.closest(to: input, among: earlier)
        check.error(
          at: mark, keyPath: path,
          "layer input '\(input)' is not the name of a layer" + didYouMean(suggestion))
      }
    }
    let merges: Set<String> = ["add", "concatenate", "multiply", "subtract", "average", "maximum", "minimum"]
    if merges.contains(layer.type), (inputs?.count ?? 1) < 2 {
      // A merge of one input is almost surely a missing `inputs:`.
      check.error(
        at: layer.argumentMarks["inputs"] ?? layer.mark, keyPath: "model.layers.\(i).inputs",
        "\(layer.type) needs at least two inputs; name them with inputs: [previous, ...]")
    }
  }
}
