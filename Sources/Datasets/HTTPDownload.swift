import Dispatch
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Fetches a URL's body synchronously with `URLSession` (http and https).
enum HTTPDownload {
  private final class Result: @unchecked Sendable {
    var data: Data?
    var response: URLResponse?
    var error: (any Error)?
  }

  /// The body of a `200 OK` response to a GET of `urlString`, or a `DataError` saying why not.
  static func get(_ urlString: String, timeout: Double = 60) throws -> [UInt8] {
    guard let url = URL(string: urlString), url.scheme == "http" || url.scheme == "https" else {
      throw DataError(path: urlString, "not an http(s) URL")
    }
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    let session = URLSession(configuration: configuration)
    defer { session.finishTasksAndInvalidate() }
    let result = Result()
    let done = DispatchSemaphore(value: 0)
    let task = session.dataTask(with: url) { data, response, error in
      result.data = data
      result.response = response
      result.error = error
      done.signal()
    }
    task.resume()
    done.wait()
    if let error = result.error {
      throw DataError(path: urlString, "download failed: \(error.localizedDescription)")
    }
    guard let http = result.response as? HTTPURLResponse else {
      throw DataError(path: urlString, "download failed: no HTTP response")
    }
    guard http.statusCode == 200 else {
      throw DataError(path: urlString, "download failed: HTTP status \(http.statusCode)")
    }
    return [UInt8](result.data ?? Data())
  }
}
