import Foundation

extension RepositoryPaths {
  /// The bytes of `fuzz/regressions/TARGET/NAME`: an input a fuzzer found, kept with its test.
  public static func fuzzRegression(_ target: String, _ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path("fuzz/regressions/\(target)/\(name)"))))
  }
}
