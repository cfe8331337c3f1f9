import Foundation
import Tensors

/// What every fuzz target shares: the input as bytes, the memory cap, and how a broken
/// invariant is reported (a crash, which libFuzzer records with the input that caused it).
public enum Fuzz {
  /// The input libFuzzer hands over, copied into an array (the parsers take `[UInt8]`).
  public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
  }

  /// Stops the process with `message`: an input broke something the parsers promise (a clear
  /// error or a result, and the result consistent with itself).
  public static func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    FileHandle.standardError.write(Data("fuzz invariant broken: \(message)\n".utf8))
    fatalError(message, file: file, line: line)
  }

  /// The memory cap from `OPTIM_RUN_FUZZ_MEMORY_MB` (default 1024): the parsers check sizes taken
  /// from their input against it before allocating, as they check a machine's memory, so an
  /// allocation libFuzzer's `-malloc_limit_mb` catches above it is a missing check.
  static func installMemoryCap() {
    let megabytes = ProcessInfo.processInfo.environment["OPTIM_RUN_FUZZ_MEMORY_MB"].flatMap(Int.init) ?? 1024
    MemoryLimits.setEmbedderCap(bytes: megabytes << 20)
  }
}

/// libFuzzer calls this once before the first input.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
  _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
  Fuzz.installMemoryCap()
  return 0
}
