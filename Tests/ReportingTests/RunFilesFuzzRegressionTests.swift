import Foundation
import Testing
import _TestSupport

@testable import Reporting

/// run.json inputs the `run-files` fuzzer found (fuzz/regressions/run-files/).
@Suite struct RunFilesFuzzRegressionTests {
  /// `end_time: "-027-12-36T01:02:05Z"` was read as the year -27 (Int32 takes a sign) and written
  /// back as `0-26-01-05T01:02:05Z`, which does not read again: the record changed on each rewrite.
  @Test func aTimeWithASignedYearIsNotATime() throws {
    let bytes = try RepositoryPaths.fuzzRegression("run-files", "run-json-signed-year")
    let manifest = try RunManifest.decode(Array(bytes.dropFirst()), path: "run.json")
    #expect(manifest.endTime == nil)
    let written = manifest.json.pretty
    #expect(try RunManifest.decode(Array(written.utf8), path: "again").json.pretty == written)
  }

  @Test func timesAreReadOnlyInTheFormWeWrite() {
    #expect(UTCTime.parse("2026-12-07T01:02:05Z") != nil)
    for text in ["-027-12-06T01:02:05Z", "+027-12-06T01:02:05Z", "2026-13-07T01:02:05Z", "2026-12-32T01:02:05Z",
      "2026-12-07T24:02:05Z", "2026-12-07T01:60:05Z", "2026-12- 7T01:02:05Z"]
    {
      #expect(UTCTime.parse(text) == nil, "\(text)")
    }
  }
}
