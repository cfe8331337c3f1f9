import Tensors
import Testing

/// When optim-run overrides OpenBLAS's kernel family, and with which (see `BLASCoreChoice`).
@Suite struct BLASCoreChoiceTests {
  static let emeraldRapids =
    "fpu sse sse2 ssse3 sse4_1 sse4_2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16 amx_tile"
  static let skylakeX = "sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl"
  static let haswell = "sse2 avx avx2 fma"
  static let sandyBridge = "sse2 avx"

  static func flags(_ s: String) -> Set<String> { Set(s.split(separator: " ").map(String.init)) }

  @Test func familyFollowsTheFlags() {
    #expect(BLASCoreChoice.family(forFlags: Self.flags(Self.emeraldRapids)) == "Cooperlake")
    #expect(BLASCoreChoice.family(forFlags: Self.flags(Self.skylakeX)) == "SkylakeX")
    #expect(BLASCoreChoice.family(forFlags: Self.flags(Self.haswell)) == "Haswell")
    #expect(BLASCoreChoice.family(forFlags: Self.flags(Self.sandyBridge)) == nil)
    // AVX-512 without BW/VL (Knights Landing) is not enough for the Skylake-X kernels.
    #expect(BLASCoreChoice.family(forFlags: Self.flags("avx2 fma avx512f avx512cd")) == "Haswell")
  }

  @Test func overridesOnlyAFallbackTheUserDidNotChoose() {
    let er = Self.flags(Self.emeraldRapids)
    // What Debian's OpenBLAS 0.3.21 does on an Emerald Rapids Xeon: Prescott.
    #expect(BLASCoreChoice.override(detected: "Prescott", environment: [:], cpuFlags: er) == "Cooperlake")
    // A family OpenBLAS knows is left alone, as is the user's own choice.
    #expect(BLASCoreChoice.override(detected: "Cooperlake", environment: [:], cpuFlags: er) == nil)
    #expect(BLASCoreChoice.override(detected: "Haswell", environment: [:], cpuFlags: er) == nil)
    #expect(
      BLASCoreChoice.override(detected: "Prescott", environment: ["OPENBLAS_CORETYPE": "Prescott"], cpuFlags: er)
        == nil)
    // A real Sandy Bridge is detected as such and has nothing better.
    #expect(
      BLASCoreChoice.override(detected: "Sandybridge", environment: [:], cpuFlags: Self.flags(Self.sandyBridge))
        == nil)
  }

  /// Under a memory cap OpenBLAS must not start its workers (they hang the process at exit when
  /// their buffers cannot be allocated); one pass sets both variables.
  @Test func aMemoryCapAsksForOneOpenBLASThread() {
    let er = Self.flags(Self.emeraldRapids)
    #expect(
      BLASCoreChoice.environmentChanges(detected: "Cooperlake", environment: [:], cpuFlags: er, memoryCapped: false)
        .isEmpty)
    #expect(
      BLASCoreChoice.environmentChanges(detected: "Cooperlake", environment: [:], cpuFlags: er, memoryCapped: true)
        == ["OPENBLAS_NUM_THREADS": "1"])
    #expect(
      BLASCoreChoice.environmentChanges(
        detected: "Cooperlake", environment: ["OPENBLAS_NUM_THREADS": "1"], cpuFlags: er, memoryCapped: true
      ).isEmpty)
    #expect(
      BLASCoreChoice.environmentChanges(
        detected: "Prescott", environment: ["OPENBLAS_NUM_THREADS": "4"], cpuFlags: er, memoryCapped: true)
        == ["OPENBLAS_NUM_THREADS": "1", "OPENBLAS_CORETYPE": "Cooperlake"])
  }

  @Test func flagsAreReadFromTheFirstProcessor() {
    let cpuinfo = "processor\t: 0\nmodel\t\t: 207\nflags\t\t: fpu avx2 fma\n\nprocessor\t: 1\nflags\t\t: sse2\n"
    #expect(BLASCoreChoice.cpuFlags(cpuinfo: cpuinfo) == ["fpu", "avx2", "fma"])
    #expect(BLASCoreChoice.cpuFlags(cpuinfo: nil).isEmpty)
  }
}

/// Stopping OpenBLAS's idle workers leaves it on one thread, computing as before.
@Suite struct BLASIdleWorkersTests {
  @Test func gemmIsRightAfterTheWorkersStop() {
    BLASCoreChoice.stopIdleWorkerThreads()
    BLASCoreChoice.stopIdleWorkerThreads()  // twice is harmless
    #expect(BLASThreads.openBLASThreads == 1)
    // 2×3 · 3×2 by hand.
    let a: [Float] = [1, 2, 3, 4, 5, 6]
    let b: [Float] = [7, 8, 9, 10, 11, 12]
    var c = [Float](repeating: -1, count: 4)
    sgemm(m: 2, n: 2, k: 3, a: a, lda: 3, b: b, ldb: 2, c: &c, ldc: 2)
    #expect(c == [58, 64, 139, 154])
    #expect(BLASThreads.openBLASThreads == 1)
  }
}
