import Testing

@testable import Tensors

/// Short-patch convolutions computed directly on AVX2 CPUs (`SmallPatchConv2D`, kernels in
/// `HaswellKernels`): forward, kernel, bias and input gradients against the direct loops in Double
/// (`direct`, DilatedGroupedConv2DTests.swift), through `conv2dForward` / `conv2dBackward` as layers
/// call them. On a CPU without AVX2 the same checks run through the GEMM routes.
@Suite struct SmallPatchConv2DTests {
  static let cases: [DilatedGroupedCase] = [
    DilatedGroupedCase(input: [3, 10, 9, 3], filters: 32, kernel: (3, 3), padding: .valid),  // CIFAR-like
    DilatedGroupedCase(input: [2, 9, 8, 1], filters: 64, kernel: (3, 3)),  // U-Net c1-like, padded
    DilatedGroupedCase(input: [1, 7, 5, 3], filters: 16, kernel: (3, 2), stride: 2),  // batch 1, odd sizes
    DilatedGroupedCase(input: [2, 11, 10, 2], filters: 16, kernel: (3, 3), dilation: (2, 1)),
    DilatedGroupedCase(input: [2, 5, 3, 3], filters: 16, kernel: (3, 3)),  // rows of 3 pixels (< 4)
    DilatedGroupedCase(input: [2, 6, 7, 8], filters: 16, kernel: (2, 2)),  // k = 32: the last that applies
    DilatedGroupedCase(input: [2, 40, 37, 1], filters: 16, kernel: (3, 3)),  // 80 rows: three row groups
  ]

  // Tolerance: float32 sums of at most 33 products (forward) and of ≤ 3,000 (kernel gradient) of
  // magnitude ≤ 0.5 against Double loops.
  @Test(arguments: cases) func matchesDirectLoops(c: DilatedGroupedCase) throws {
    let g = try c.geometry()
    #expect(SmallPatchConv2D.applies(g))
    #expect(SmallPatchConv2D.runs(g) == CPUFeatures.haswellKernels)
    let n = c.input[0]
    let x = sinTensor(c.input, frequency: 0.71), w = cosTensor(g.kernelShape, frequency: 0.13)
    let b = sinTensor([c.filters], frequency: 1.3)
    let r = sinTensor(g.outputShape(batch: n), frequency: 0.29)
    let expected = direct(x, w, b, r, g)
    let sums = (0..<c.filters).map { o in
      Float(stride(from: o, to: r.count, by: c.filters).reduce(0.0) { $0 + Double(r.buffer[$1]) })
    }
    // Default limit (one chunk) and 4 bytes (one sample per padded chunk).
    for byteLimit in [Conv2DWorkspace.defaultByteLimit, 4] {
      let ws = Conv2DWorkspace(byteLimit: byteLimit)
      ws.reserve(g, batch: n)
      let reserved = ws.allocatedBytes
      let y = Tensor(repeating: .nan, shape: g.outputShape(batch: n))  // overwritten
      conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: ws)
      expectClose(y.toArray(), expected.y, absolute: 1e-5, relative: 1e-5, "y, limit \(byteLimit)")

      let plain = Tensor(repeating: .nan, shape: g.outputShape(batch: n))
      conv2dForward(input: x, kernel: w, bias: nil, output: plain, geometry: g, workspace: ws)
      let unbiased = expected.y.enumerated().map { $0.element - b.buffer[$0.offset % c.filters] }
      expectClose(plain.toArray(), unbiased, absolute: 1e-5, relative: 1e-5, "y without bias")

      let dx = Tensor(repeating: .nan, shape: x.shape)  // overwritten
      let dw = Tensor(repeating: 1, shape: w.shape), db = Tensor(repeating: 2, shape: [c.filters])
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: dx, kernelGradient: dw, biasGradient: db,
        geometry: g, workspace: ws)
      expectClose(dx.toArray(), expected.dx, absolute: 1e-5, relative: 1e-5, "dx")
      expectClose(dw.toArray().map { $0 - 1 }, expected.dw, absolute: 2e-4, relative: 1e-5, "dw")
      expectClose(db.toArray().map { $0 - 2 }, sums, absolute: 2e-4, relative: 1e-5, "db")

      // First layer: no input gradient; no bias gradient (use_bias: false); both accumulate.
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: nil, kernelGradient: dw, biasGradient: nil,
        geometry: g, workspace: ws)
      expectClose(dw.toArray().map { $0 - 1 }, expected.dw.map { 2 * $0 }, absolute: 4e-4, relative: 1e-5, "2 dw")
      expectClose(db.toArray().map { $0 - 2 }, sums, absolute: 2e-4, relative: 1e-5, "db unchanged")
      #expect(ws.allocatedBytes == reserved, "reserve covers forward and backward")
    }
  }

  /// Same inputs, same bits: the kernel gradient's row groups are fixed by the sizes, not by the
  /// threads or the run.
  @Test func repeatsExactly() throws {
    let c = DilatedGroupedCase(input: [4, 33, 31, 1], filters: 32, kernel: (3, 3))
    let g = try c.geometry()
    let x = sinTensor(c.input, frequency: 0.37), w = cosTensor(g.kernelShape, frequency: 0.11)
    let b = cosTensor([c.filters], frequency: 0.7)
    let r = sinTensor(g.outputShape(batch: 4), frequency: 0.23)
    var runs: [[Float]] = []
    for _ in 0..<2 {
      let ws = Conv2DWorkspace()
      let y = Tensor(repeating: .nan, shape: g.outputShape(batch: 4))
      conv2dForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: ws)
      let dw = Tensor(zeros: w.shape), db = Tensor(zeros: b.shape)
      conv2dBackward(
        input: x, kernel: w, outputGradient: r, inputGradient: nil, kernelGradient: dw, biasGradient: db,
        geometry: g, workspace: ws)
      runs.append(y.toArray() + dw.toArray() + db.toArray())
    }
    #expect(runs[0] == runs[1])
  }

  @Test func routeBoundaries() throws {
    func applies(_ c: DilatedGroupedCase) throws -> Bool { SmallPatchConv2D.applies(try c.geometry()) }
    #expect(try applies(DilatedGroupedCase(input: [1, 8, 8, 8], filters: 16, kernel: (2, 2))))  // k = 32
    #expect(try !applies(DilatedGroupedCase(input: [1, 8, 8, 4], filters: 16, kernel: (3, 3))))  // k = 36
    #expect(try !applies(DilatedGroupedCase(input: [1, 8, 8, 3], filters: 24, kernel: (3, 3))))  // 24 filters
    #expect(try !applies(DilatedGroupedCase(input: [1, 8, 8, 2], filters: 16, kernel: (3, 3), groups: 2)))
    #expect(try !applies(DilatedGroupedCase(input: [1, 8, 8, 3], filters: 16, kernel: (1, 1))))  // pointwise
    #expect(SmallPatchConv2D.rowsPerGroup(80) == 32)
    #expect(SmallPatchConv2D.rowsPerGroup(64 * 32 + 1) == 33)
  }

  @Test func cpuFlagsChooseTheKernels() {
    let haswell = CPUFeatures.haswellFlags
    #expect(CPUFeatures.supportsHaswellKernels(flags: haswell.union(["avx512f", "sse2"])))
    #if arch(x86_64)
      #expect(!CPUFeatures.supportsHaswellKernels(flags: haswell.subtracting(["fma"])))
      #expect(!CPUFeatures.supportsHaswellKernels(flags: haswell.subtracting(["avx2"])))
      #expect(!CPUFeatures.supportsHaswellKernels(flags: []))
    #endif
    // A real /proc/cpuinfo line (this project's Zen 4 machine, KVM guest), read as optim-run reads it.
    let zen4 =
      "processor\t: 0\nflags\t\t: "
        + "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr "
        + "sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl "
        + "xtopology nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid "
        + "sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand "
        + "hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw "
        + "topoext cpuid_fault vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid avx512f "
        + "avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl "
        + "xsaveopt xsavec xgetbv1 xsaves avx512_bf16 clzero xsaveerptr arat avx512vbmi umip "
        + "avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid fsrm "
        + "\n"
    #expect(CPUFeatures.supportsHaswellKernels(flags: BLASCoreChoice.cpuFlags(cpuinfo: zen4)))
    #if arch(x86_64)
      let noAVX2 = zen4.replacing(" avx2 ", with: " ")
      #expect(!CPUFeatures.supportsHaswellKernels(flags: BLASCoreChoice.cpuFlags(cpuinfo: noAVX2)))
    #endif
    // This process's choice follows this CPU's flags (the test environment does not switch it off).
    #expect(CPUFeatures.haswellKernels == CPUFeatures.supportsHaswellKernels(flags: BLASCoreChoice.cpuFlags()))
  }
}
