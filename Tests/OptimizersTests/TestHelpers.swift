import Optimizers
import Tensors
import Testing

/// `|actual − expected| <= atol + rtol·|expected|` element-wise, as numpy's `allclose` and Keras's
/// `assertAllClose`.
func expectClose(
  _ actual: [Float], _ expected: [Double], rtol: Double, atol: Double, _ label: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.count == expected.count, "\(label): count", sourceLocation: sourceLocation)
  for (i, (a, e)) in zip(actual, expected).enumerated() {
    let ok = abs(Double(a) - e) <= atol + rtol * abs(e)
    #expect(ok, "\(label)[\(i)]: \(a) vs expected \(e)", sourceLocation: sourceLocation)
  }
}

/// A scalar variant of `expectClose`.
func expectClose(
  _ actual: Double, _ expected: Double, rtol: Double = 1e-6, atol: Double = 1e-6, _ label: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    abs(actual - expected) <= atol + rtol * abs(expected), "\(label): \(actual) vs expected \(expected)",
    sourceLocation: sourceLocation)
}

/// A parameter holding `values`, with `gradient` set.
func parameter(_ name: String, _ values: [Float], trainable: Bool = true) -> Parameter {
  Parameter(name: name, value: Tensor(shape: [values.count], values: values), trainable: trainable)
}

func setGradient(_ p: Parameter, _ values: [Float]) {
  _ = p.gradient.buffer.update(fromContentsOf: values)
}

/// Keras's `test_correctness_with_golden` scenario (`keras/src/optimizers/*_test.py`):
/// `x = ones(10)`; one step with gradient `full(10, 0.01)`; then steps with `arange(0.1, 1.1, 0.1)`.
/// Returns `x` after each of the first `steps` steps (Keras asserts rows 0..4 of its golden).
func goldenTrajectory(_ optimizer: Optimizer, steps: Int = 5) -> [[Float]] {
  let x = parameter("x", Array(repeating: 1, count: 10))
  let arange = (0..<10).map { Float(0.1) + Float($0) * Float(0.1) }
  var rows: [[Float]] = []
  for step in 0..<steps {
    setGradient(x, step == 0 ? Array(repeating: 0.01, count: 10) : arange)
    optimizer.apply(to: [x])
    rows.append(x.value.toArray())
  }
  return rows
}

/// Keras's `test_single_step`: `vars = [1, 2, 3, 4]`, `grads = [1, 6, 7, 2]`, one step.
func singleStep(_ optimizer: Optimizer) -> [Float] {
  let v = parameter("var", [1, 2, 3, 4])
  setGradient(v, [1, 6, 7, 2])
  optimizer.apply(to: [v])
  return v.value.toArray()
}

/// Rows of the same value, as Keras's `np.tile([[a], [b], ...], (1, 10))`.
func tiled(_ column: [Double]) -> [[Double]] { column.map { Array(repeating: $0, count: 10) } }
