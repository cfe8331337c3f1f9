#if canImport(Glibc)
  import Glibc
#endif

/// Which instruction-set extensions this CPU has beyond baseline x86-64, for kernels built for them
/// (the `HaswellKernels` module, compiled with `-target-cpu haswell`).
///
/// Swift has no `cpuid`; the flags come from `/proc/cpuinfo` (Linux lists AVX only where the kernel
/// enabled its register state). Read once per process.
public enum CPUFeatures {
  /// What `-target-cpu haswell` lets the compiler use: AVX, AVX2, FMA, F16C, BMI1/2, LZCNT
  /// (`abm`), MOVBE, POPCNT, SSE4.2.
  static let haswellFlags: Set<String> = [
    "avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "abm", "movbe", "popcnt", "sse4_2",
  ]

  /// Whether flags from `/proc/cpuinfo` include everything `HaswellKernels` may use.
  public static func supportsHaswellKernels(flags: Set<String>) -> Bool {
    #if arch(x86_64)
      haswellFlags.isSubset(of: flags)
    #else
      true  // built without `-target-cpu` elsewhere
    #endif
  }

  /// Whether this process may call `HaswellKernels`: the CPU has its instructions and the
  /// environment does not set `OPTIM_RUN_HASWELL_KERNELS=0` (for bit-for-bit reruns of older runs
  /// and A/B measurement).
  public static let haswellKernels: Bool = {
    if let value = getenv("OPTIM_RUN_HASWELL_KERNELS"), String(cString: value) == "0" { return false }
    return supportsHaswellKernels(flags: BLASCoreChoice.cpuFlags())
  }()
}
