#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

/// UTC timestamps in the two spellings the run folder uses, independent of locale and time zone.
public enum UTCTime {
  /// `20261126T090136Z`: the run folder's basic ISO 8601 form, to the second.
  public static func compact(_ date: Date) -> String {
    let t = fields(date)
    return pad(t.tm_year + 1900, 4) + pad(t.tm_mon + 1, 2) + pad(t.tm_mday, 2) + "T" + pad(t.tm_hour, 2)
      + pad(t.tm_min, 2) + pad(t.tm_sec, 2) + "Z"
  }

  /// `2026-11-26T09:01:36Z`: extended ISO 8601 (RFC 3339) in UTC, to the second.
  public static func iso8601(_ date: Date) -> String {
    let t = fields(date)
    return pad(t.tm_year + 1900, 4) + "-" + pad(t.tm_mon + 1, 2) + "-" + pad(t.tm_mday, 2) + "T"
      + pad(t.tm_hour, 2) + ":" + pad(t.tm_min, 2) + ":" + pad(t.tm_sec, 2) + "Z"
  }

  private static func fields(_ date: Date) -> tm {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var result = tm()
    gmtime_r(&seconds, &result)
    return result
  }

  private static func pad(_ value: Int32, _ width: Int) -> String {
    let s = String(value)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }
}
