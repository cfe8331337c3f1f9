import Foundation
import Testing
import _TestSupport

@testable import Spec

/// Inputs the fuzzers found (fuzz/regressions/), each now read as the error or result it should be.
@Suite struct FuzzRegressionTests {
  /// 57 nested negations parse; their printed form once wrote each as `-(…)`, which nests twice as
  /// deep and was refused by the nesting limit, so the canonical form did not read back.
  @Test func nestedNegationsNearTheLimitPrintToTextThatReadsBack() throws {
    let text = String(
      decoding: try RepositoryPaths.fuzzRegression("expression", "nested-negation-near-depth-limit.txt"), as: UTF8.self)
    let expression = try Expression.parse(text, variables: [])
    let again = try Expression.parse(expression.description, variables: [])
    #expect(again == expression)
    #expect(again.evaluate([]) == -1)
  }
}
