import Foundation
import Tensors
import _TestSupport

/// Runs numpy `code` in the project's venv with the tensors bound as float32 arrays of their
/// shapes (`inputs`), and returns the array `out` flattened, as Doubles. Independent of our
/// kernels: the formulas are written out in numpy in each test.
func numpyReference(_ code: String, _ inputs: [String: Tensor]) throws -> [Double] {
  var program = "import numpy as np, json\n"
  for (name, t) in inputs.sorted(by: { $0.key < $1.key }) {
    let values = t.toArray().map { "\($0)" }.joined(separator: ",")
    program += "\(name) = np.array([\(values)], dtype=np.float32).reshape(\(t.shape.dims))\n"
  }
  program += code + "\nprint(json.dumps(np.asarray(out, dtype=np.float64).ravel().tolist()))\n"
  let result = try TestPython.run(code: program)
  guard result.status == 0 else { throw NumPyReferenceError(message: result.stderr) }
  guard let data = result.stdout.data(using: .utf8),
    let values = try JSONSerialization.jsonObject(with: data) as? [Double]
  else { throw NumPyReferenceError(message: "unreadable output: \(result.stdout)") }
  return values
}

struct NumPyReferenceError: Error { var message: String }
