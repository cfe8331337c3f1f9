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

extension UTCTime {
  /// Reads back `iso8601`'s `2026-11-26T09:01:36Z`.
  public static func parse(_ text: String) -> Date? {
    let b = Array(text.utf8)
    guard b.count == 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
      b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "Z")
    else { return nil }
    // Digits only: Int32 would also take a sign ("-026"), a year `iso8601` cannot write back.
    func number(_ r: Range<Int>) -> Int32? {
      guard b[r].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
      return Int32(String(decoding: b[r], as: UTF8.self))
    }
    guard let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10), let h = number(11..<13),
      let mi = number(14..<16), let s = number(17..<19),
      (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s <= 60
    else { return nil }
    var t = tm()
    t.tm_year = y - 1900
    t.tm_mon = mo - 1
    t.tm_mday = d
    t.tm_hour = h
    t.tm_min = mi
    t.tm_sec = s
    return Date(timeIntervalSince1970: TimeInterval(timegm(&t)))
  }
}
