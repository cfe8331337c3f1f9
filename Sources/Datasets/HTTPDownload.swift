import Foundation

/// Fetches a URL's body (http and https) with the `curl` command.
///
/// A subprocess rather than `URLSession`: FoundationNetworking links libcurl and some thirty
/// libraries (TLS, Kerberos, LDAP) into every start of optim-run, about 8 ms of dynamic linking,
/// while only a CIFAR-10 download ever needs them.
enum HTTPDownload {
  /// The body of a `200 OK` response to a GET of `urlString`, or a `DataError` saying why not.
  static func get(_ urlString: String, timeout: Double = 60) throws -> [UInt8] {
    guard let url = URL(string: urlString), url.scheme == "http" || url.scheme == "https" else {
      throw DataError(path: urlString, "not an http(s) URL")
    }
    guard let curl = ["/usr/bin/curl", "/bin/curl", "/usr/local/bin/curl"].first(where: {
      FileManager.default.isExecutableFile(atPath: $0)
    }) else {
      throw DataError(path: urlString, "download failed: the curl command is not installed (apt-get install curl)")
    }
    let body = FileManager.default.temporaryDirectory.appendingPathComponent("optim-run-download-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: body) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: curl)
    process.arguments = [
      "--silent", "--show-error", "--location", "--max-time", String(Int(timeout.rounded(.up))),
      "--output", body.path, "--write-out", "%{http_code}", urlString,
    ]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw DataError(path: urlString, "download failed: cannot start curl: \(error.localizedDescription)")
    }
    let status = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
      throw DataError(path: urlString, "download failed: \(text.isEmpty ? "curl exit \(process.terminationStatus)" : text)")
    }
    guard status == "200" else { throw DataError(path: urlString, "download failed: HTTP status \(status)") }
    guard let data = FileManager.default.contents(atPath: body.path) else {
      throw DataError(path: urlString, "download failed: no body")
    }
    return [UInt8](data)
  }
}
