import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 (an ephemeral port) that answers every GET with one fixed
/// response, for testing downloads without the network. Stop it with `stop()`.
final class LoopbackHTTPServer: @unchecked Sendable {
  let port: UInt16
  private let listener: Int32
  private let lock = NSLock()
  private var served = 0

  /// The number of requests answered so far.
  var requests: Int { lock.withLock { served } }

  init(status: String = "200 OK", body: [UInt8]) throws {
    listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    port = try Self.bindLoopback(listener)
    guard listen(listener, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
    let head =
      "HTTP/1.1 \(status)\r\nContent-Length: \(body.count)\r\nContent-Type: application/gzip\r\n"
      + "Connection: close\r\n\r\n"
    let response = Array(head.utf8) + body
    Thread { [self] in serve(response) }.start()
  }

  /// Closes the listening socket; the serving thread ends at its next `accept`.
  func stop() {
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }

  /// A loopback port nothing listens on (bound, read and released again).
  static func unusedPort() throws -> UInt16 {
    let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(s) }
    return try bindLoopback(s)
  }

  private static func bindLoopback(_ s: Int32) throws -> UInt16 {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(s, $0, length) == 0 && getsockname(s, $0, &length) == 0
      }
    }
    guard ok else { throw POSIXError(.EADDRNOTAVAIL) }
    return UInt16(bigEndian: address.sin_port)
  }

  private func serve(_ response: [UInt8]) {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let client = accept(listener, nil, nil)
      if client < 0 { return }
      var request: [UInt8] = []
      while !request.suffix(4).elementsEqual([13, 10, 13, 10]) {
        let n = recv(client, &buffer, buffer.count, 0)
        if n <= 0 { break }
        request += buffer[0..<n]
      }
      lock.withLock { served += 1 }
      response.withUnsafeBytes { bytes in
        var sent = 0
        while sent < bytes.count {
          let n = send(client, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
          if n <= 0 { break }
          sent += n
        }
      }
      close(client)
    }
  }
}
