#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Tensor {
  /// Called when memory for a tensor or a kernel's scratch cannot be had, with the bytes asked for
  /// and what they were for; it must not return. The default prints
  /// `optim-run: error: out of memory allocating 32.00 MB for ...` and the memory limit in force
  /// to stderr, then exits with status 1. Set it once, at start-up.
  nonisolated(unsafe) public static var allocationFailureHandler:
    @Sendable (_ bytes: Int, _ what: String) -> Never =
      exitOnAllocationFailure

  /// The default `allocationFailureHandler`: a one-line message on stderr, then `exit(1)`.
  public static func exitOnAllocationFailure(bytes: Int, what: String) -> Never {
    var message = "optim-run: error: out of memory allocating \(MemoryBudget.readable(bytes)) for \(what)"
    if let limit = MemoryBudget.available { message += ": \(limit.availability)" }
    message += "\n"
    message.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    exit(1)
  }
}
