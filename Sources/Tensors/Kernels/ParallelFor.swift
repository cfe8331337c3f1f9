import Dispatch

/// Number of worker threads `parallelFor` splits work across: `WorkerThreads.count` (the CPUs
/// this process may use unless configured otherwise, at least 1).
public var parallelWorkerCount: Int { WorkerThreads.count }

/// Runs `body` over `0 ..< count` split into contiguous ranges, one per core, on
/// `DispatchQueue.concurrentPerform`; stays on the calling thread when the work is small.
///
/// `workPerItem` estimates the cost of one item (e.g. elements touched); the loop is split only
/// when `count * workPerItem >= minimumWork`, and never into ranges of less than `minimumWork / 2`.
/// Ranges are disjoint, so `body` may write the part of an output that belongs to its items.
///
/// The default threshold (2^18 units) is high on purpose: waking Dispatch's workers costs tens of
/// microseconds, and with 2^16 the many small loops of `specs/digits_cnn.yaml` made the run slower
/// on two threads (0.51 s) than on one (0.40 s); see docs/performance.md.
public func parallelFor(
  _ count: Int, workPerItem: Int = 1, minimumWork: Int = 1 << 18, _ body: (Range<Int>) -> Void
) {
  if count <= 0 { return }
  let total = count &* max(workPerItem, 1)
  let byWork = max(total / max(minimumWork / 2, 1), 1)
  let parts = min(parallelWorkerCount, count, byWork)
  if parts <= 1 || total < minimumWork {
    body(0..<count)
    return
  }
  withoutActuallyEscaping(body) { body in
    // The ranges are disjoint and the caller promises `body` only writes its own items, which is
    // what makes sharing it (and the raw buffers it captures) across threads sound.
    let shared = UncheckedSendableBody(run: body)
    DispatchQueue.concurrentPerform(iterations: parts) { p in
      let start = count * p / parts
      let end = count * (p + 1) / parts
      if start < end { shared.run(start..<end) }
    }
  }
}

private struct UncheckedSendableBody: @unchecked Sendable {
  let run: (Range<Int>) -> Void
}
