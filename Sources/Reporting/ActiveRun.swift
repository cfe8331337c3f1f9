import Foundation
import Synchronization
import Tensors

/// The run folder this process is writing, so that a failure outside the run's own code path (an
/// allocation that cannot be had) still ends `run.json` with a final status.
public enum ActiveRun {
  private static let folder = Mutex<RunFolder?>(nil)

  /// Marks `folder` as the one being written (nil: none).
  public static func set(_ folder: RunFolder?) { self.folder.withLock { $0 = folder } }

  /// The folder being written, if any.
  static var current: RunFolder? { folder.withLock { $0 } }

  /// Installs an allocation-failure handler that prints the message, marks the active run
  /// `failed` with it, and exits with status 1.
  public static func installAllocationFailureHandler() {
    Tensor.allocationFailureHandler = { bytes, what in
      var reason = "out of memory allocating \(MemoryBudget.readable(bytes)) for \(what)"
      if let limit = MemoryBudget.available { reason += ": \(limit.availability)" }
      // write(2), not FileHandle: with SIGPIPE ignored, FileHandle traps on a closed stderr.
      var message = "optim-run: error: " + reason + "\n"
      message.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
      if let folder = ActiveRun.current, var manifest = try? RunManifest.read(from: folder) {
        manifest.status = .failed
        manifest.exitReason = reason
        manifest.endTime = Date()
        try? manifest.write(to: folder)
      }
      exit(1)
    }
  }
}
