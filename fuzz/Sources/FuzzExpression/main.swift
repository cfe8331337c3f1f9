// The schedule and callback formula language: parse, evaluate, print and parse again.
import FuzzSupport
import Spec

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let text = String(decoding: Fuzz.bytes(data, size), as: UTF8.self)
  let variables = Schemas.scheduleVariables
  guard let expression = try? Expression.parse(text, variables: variables) else { return 0 }
  let points: [[Double]] = [[0, 0, 0.001, 0.001], [3, 250, 0.01, 0.1], [1e6, 1e9, 1e-8, 1], [-1, -2, .nan, .infinity]]
  // The printed form is what `validate --print` shows; it must mean the same formula.
  let printed = expression.description
  let again: Expression
  do { again = try Expression.parse(printed, variables: variables) } catch {
    Fuzz.fail("the printed form \(printed) of \(text) does not parse: \(error)")
  }
  for point in points {
    let a = expression.evaluate(point)
    let b = again.evaluate(point)
    if !(a == b || (a.isNaN && b.isNaN)) {
      Fuzz.fail("\(text) gives \(a) at \(point), its printed form \(printed) gives \(b)")
    }
  }
  return 0
}
