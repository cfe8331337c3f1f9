#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

/// Two files that take turns holding the newest training state between durable saves:
/// `state-next-0.safetensors` and `state-next-1.safetensors`.
///
/// Each save overwrites the older slot in place (no new file, no rename, no `fsync`: an epoch of a
/// small model costs microseconds). A process killed mid-write leaves that slot torn, which its
/// checksum reveals, and the other slot whole, so `resume` always finds the newest whole state.
/// The kernel keeps what a killed process wrote; only a crash of the machine can lose a slot, and
/// then `state.safetensors` (replaced only by durable saves) is the fallback.
final class PendingStateSlots {
  /// The slot file names, in turn order.
  static let names = ["state-next-0.safetensors", "state-next-1.safetensors"]
  private let folder: RunFolder
  /// The slots' paths, made once (a `URL`'s `path` is built anew at every call).
  private let paths: [String]
  private var descriptors: [Int32] = [-1, -1]
  private var next = 0

  init(folder: RunFolder) {
    self.folder = folder
    paths = PendingStateSlots.names.map { folder.file($0).path }
  }

  deinit { closeAll() }

  /// Writes `bytes` into the older slot.
  func write(_ bytes: [UInt8]) throws {
    let path = paths[next]
    if descriptors[next] < 0 {
      descriptors[next] = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
      guard descriptors[next] >= 0 else { throw AtomicFile.ioError("open", path) }
    }
    let fd = descriptors[next]
    do {
      try AtomicFile.writeAll(fd, bytes, at: 0, path: path)
      guard ftruncate(fd, off_t(bytes.count)) == 0 else { throw AtomicFile.ioError("truncate", path) }
    } catch {
      // A slot that could not be written whole is worthless: remove it, and free its space.
      close(fd)
      descriptors[next] = -1
      unlink(path)
      throw error
    }
    next = 1 - next
  }

  /// Removes both slots (a durable save supersedes them).
  func removeAll() {
    closeAll()
    for path in paths { unlink(path) }
    next = 0
  }

  private func closeAll() {
    for i in descriptors.indices where descriptors[i] >= 0 {
      close(descriptors[i])
      descriptors[i] = -1
    }
  }
}
