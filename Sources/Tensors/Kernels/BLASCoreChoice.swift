#if canImport(Glibc)
  import Glibc
#endif

/// Chooses OpenBLAS's kernel family when its own CPU detection falls back to a generic one.
///
/// OpenBLAS 0.3.21 (Debian 12's) does not know CPUs newer than itself: on an Emerald Rapids Xeon
/// (family 6, model 207) it picks `Prescott`, the SSE3 kernels, and GEMM runs at a third of the
/// speed its AVX-512 kernels reach on the same machine (docs/performance.md). OpenBLAS reads
/// `OPENBLAS_CORETYPE` once, when the library is loaded, so the only way to correct it from inside
/// is to set the variable and execute the program again (`reexecIfNeeded`).
public enum BLASCoreChoice {
  /// OpenBLAS's generic or old families: a CPU detected as one of these may support better kernels.
  static let fallbacks: Set<String> = [
    "Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai", "Coppermine", "Northwood",
    "Banias", "Sandybridge",
  ]

  /// The best family a CPU with these `/proc/cpuinfo` flags can run, or nil for none we choose.
  ///
  /// The AVX-512 families need the F, CD, BW, DQ and VL subsets (Skylake-X and later); `Cooperlake`
  /// is what OpenBLAS picks itself for AVX-512 CPUs with BF16 (Zen 4 included).
  public static func family(forFlags flags: Set<String>) -> String? {
    if ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) {
      return flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX"
    }
    if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
    return nil
  }

  /// The family to force: only when the user has not set `OPENBLAS_CORETYPE`, OpenBLAS chose a
  /// fallback family, and the CPU supports a better one.
  public static func override(detected: String, environment: [String: String], cpuFlags: Set<String>)
    -> String?
  {
    guard environment["OPENBLAS_CORETYPE"] == nil, fallbacks.contains(detected),
      let better = family(forFlags: cpuFlags), better != detected
    else { return nil }
    return better
  }

  /// The flags of the first CPU in `/proc/cpuinfo` (empty where there is no such file).
  public static func cpuFlags(cpuinfo: String? = readCPUInfo()) -> Set<String> {
    guard let cpuinfo else { return [] }
    for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }
    return []
  }

  /// The variables to set before OpenBLAS loads again: `OPENBLAS_CORETYPE` when `override` says
  /// so, and `OPENBLAS_NUM_THREADS=1` when the address space or data segment is capped.
  ///
  /// OpenBLAS starts its worker threads when it loads, and each allocates a 128 MiB buffer. Under
  /// `ulimit -v` of about 200 MB that allocation fails, the worker retries for ever, and the
  /// process hangs at exit, where OpenBLAS joins its workers (seen with `optim-run --version`).
  /// optim-run sets OpenBLAS to one thread on first use anyway (`BLASThreads`), so the workers
  /// are never used: not starting them changes no result.
  public static func environmentChanges(
    detected: String, environment: [String: String], cpuFlags: Set<String>, memoryCapped: Bool
  ) -> [String: String] {
    var changes: [String: String] = [:]
    if let family = override(detected: detected, environment: environment, cpuFlags: cpuFlags) {
      changes["OPENBLAS_CORETYPE"] = family
    }
    if memoryCapped, environment["OPENBLAS_NUM_THREADS"] != "1" { changes["OPENBLAS_NUM_THREADS"] = "1" }
    return changes
  }

  /// Sets the variables of `environmentChanges` and executes this program again with the same
  /// arguments when there are any; returns (changing nothing else) when not, or when the exec
  /// fails. Call it first thing in `main`, before any thread of ours starts.
  public static func reexecIfNeeded() {
    #if os(Linux)
      var environment: [String: String] = [:]
      for name in ["OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS"] {
        if let value = getenv(name) { environment[name] = String(cString: value) }
      }
      // /proc/cpuinfo is read only when its flags can matter (a fallback family was detected).
      let detected = BLASThreads.coreName
      let changes = environmentChanges(
        detected: detected, environment: environment,
        cpuFlags: fallbacks.contains(detected) ? cpuFlags() : [], memoryCapped: memoryCapped())
      guard !changes.isEmpty else { return }
      for (name, value) in changes { setenv(name, value, 1) }
      execv("/proc/self/exe", CommandLine.unsafeArgv)
      // Only reached when the exec failed: carry on as loaded.
      for name in changes.keys {
        if let old = environment[name] { setenv(name, old, 1) } else { unsetenv(name) }
      }
    #endif
  }

  /// Sets OpenBLAS to one thread and stops the worker threads it started when it loaded.
  ///
  /// optim-run never uses those workers (`BLASThreads`: one OpenBLAS thread, `sgemm` splits large
  /// products itself), but the pthread build starts them at load, and each spins on `sched_yield`
  /// for about 2^28 cycles (0.1 s) before it sleeps: most of a core during the first tenth of a
  /// second, which was 15 % of the CPU time of a 0.2 s training run on 2 vCPUs. Call it once, early
  /// in `main`, after `reexecIfNeeded`. A BLAS without `blas_thread_shutdown_` is only set to one
  /// thread; OpenBLAS starts its workers again by itself if threads are ever asked for again.
  public static func stopIdleWorkerThreads() {
    // Set the thread count first (as `sgemm` would on first use): OpenBLAS 0.3.21's
    // `openblas_set_num_threads` starts the workers again when they are not running.
    precondition(BLASThreads.configured)
    #if os(Linux)
      guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "blas_thread_shutdown_") else { return }
      let shutdown = unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)
      _ = shutdown()
    #endif
  }

  /// Whether `RLIMIT_AS` or `RLIMIT_DATA` caps this process.
  static func memoryCapped() -> Bool {
    MemoryLimits.resourceLimit(.addressSpace) != nil || MemoryLimits.resourceLimit(.dataSegment) != nil
  }

  /// The text of `/proc/cpuinfo`, or nil where there is none. The first processor's block is
  /// enough: reading stops at 64 KiB.
  public static func readCPUInfo() -> String? { readSystemTextFile("/proc/cpuinfo", limit: 1 << 16) }
}
