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
func allocateAlignedMemory(byteCount: Int, for what: @autoclosure () -> String) -> UnsafeMutableRawPointer {
  var memory: UnsafeMutableRawPointer?
  guard posix_memalign(&memory, 64, max(byteCount, 1)) == 0, let memory else {
    Tensor.allocationFailureHandler(byteCount, AllocationContext.current ?? what())
  }
  return memory
}

/// Returns memory from `allocateAlignedMemory` to the system.
func freeAlignedMemory(_ memory: UnsafeMutableRawPointer?) {
  free(memory)
}
