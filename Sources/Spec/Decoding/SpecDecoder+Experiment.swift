import YAML

extension SpecDecoder {
  /// Decodes a whole experiment; `nil` when anything is wrong (see `diagnostics`).
  mutating func decodeExperiment(_ root: Node) -> ExperimentSpec? {
    guard let top = decodeSection(root, schema: Schemas.experiment, path: ""), diagnostics.isEmpty else {
      return nil
    }
    let spec = ExperimentSpec(decoded: top)
    if spec.sweep != nil { checkSweepValues(root) }
    return diagnostics.isEmpty ? spec : nil
  }

  /// Checks that each sweep path exists and each value is valid there, by substituting it into the
  /// spec (without its sweep) and decoding the result: every listed value of a choice, both ends of
  /// a range. Errors point into the sweep section.
  mutating func checkSweepValues(_ root: Node) {
    let base = NodeEditor.removing("sweep", from: root)
    var seen = Set<String>()
    for parameter in WrittenSweepParameter.all(in: root) {
      let path = parameter.path
      let parts = parameter.parts
      if parts.contains("") {
        error(
          parameter.key.mark,
          "sweep path '\(path)' has an empty part; write keys joined by single dots, like optimizer.learning_rate",
          path: "sweep.parameters")
        continue
      }
      if parts.first == "sweep" {
        error(
          parameter.key.mark,
          "sweep path '\(path)' must name a key outside sweep, like optimizer.learning_rate",
          path: "sweep.parameters")
        continue
      }
      let values = parameter.checkedValues
      for (i, value) in values.enumerated() {
        let which =
          parameter.distribution == "choice"
          ? "" : " (\(parameter.distribution)'s \(i == 0 ? "lower" : "upper") end)"
        do {
          let trial = try NodeEditor.setting(base, path: parts, to: value, keyMark: parameter.key.mark)
          var inner = SpecDecoder()
          _ = inner.decodeExperiment(trial)
          for var d in inner.diagnostics
          where seen.insert("\(d.mark.map(String.init(describing:)) ?? ""): \(d.message)").inserted {
            d.message = "with sweep value \(Value(value))\(which) for '\(path)': " + d.message
            diagnostics.append(d)
          }
        } catch {
          if seen.insert(error.message).inserted { diagnostics.append(error) }
        }
      }
    }
  }
}
