#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `byteCount` bytes aligned to 64 (a cache line, an AVX-512 vector), from `posix_memalign`; free
/// them with `freeAlignedMemory`.
///
/// Swift's own `allocate` traps when memory runs out (`ulimit -v`, a cgroup limit); here a failure
/// goes to `Tensor.allocationFailureHandler` with the size and `what` (or the current
/// `AllocationContext`), which ends the process with a message instead of a crash.
///
/// Blocks of at least `hugePageThreshold` bytes are aligned to and rounded up to 2 MiB and marked
/// `MADV_HUGEPAGE` (Linux, transparent huge pages in `madvise` mode): the activations, im2col
/// workspaces and predict's buffers are tens of MiB, and with 4 KiB pages their first touch cost
/// one page fault per 4 KiB (42 % of a 256-image `optim-run predict`, see docs/performance.md).
func allocateAlignedMemory(byteCount: Int, for what: @autoclosure () -> String) -> UnsafeMutableRawPointer {
  var memory: UnsafeMutableRawPointer?
  let huge = byteCount >= hugePageThreshold
  let size = huge ? (byteCount + hugePageSize - 1) / hugePageSize * hugePageSize : max(byteCount, 1)
  guard posix_memalign(&memory, huge ? hugePageSize : 64, size) == 0, let memory else {
    Tensor.allocationFailureHandler(byteCount, AllocationContext.current ?? what())
  }
  #if os(Linux)
    // Advice only: without transparent huge pages (or `never`) the call fails and changes nothing.
    if huge { _ = madvise(memory, size, 14 /* MADV_HUGEPAGE */) }
  #endif
  return memory
}

/// The size of a transparent huge page on x86-64 and most aarch64 kernels.
let hugePageSize = 2 << 20
/// Blocks from this size on get huge pages (at most 2 MiB of rounding each, ≤ 25 %).
let hugePageThreshold = 8 << 20

/// Returns memory from `allocateAlignedMemory` to the system.
func freeAlignedMemory(_ memory: UnsafeMutableRawPointer?) {
  free(memory)
}
