#if canImport(Glibc)
  import Glibc
#endif

/// Scratch memory for convolution (the im2col matrix of one chunk of the batch), reused across
/// steps so that forward and backward allocate nothing after the first call.
///
/// The batch is processed in chunks whose im2col matrix fits in `byteLimit` (at least one sample per
/// chunk). One workspace may be shared by every convolution of a graph that runs layers one at a
/// time; it grows to the largest request and keeps that size.
public final class Conv2DWorkspace: @unchecked Sendable {
  /// The default bound on the im2col matrix: 64 MB.
  public static let defaultByteLimit = 64 << 20

  /// Upper bound on the bytes of one chunk's im2col matrix (exceeded only by a single sample).
  public let byteLimit: Int
  /// Whether stride-1 3×3 convolutions may run as Winograd F(m×m, 3×3) (`WinogradConv2D`).
  public let allowsWinograd: Bool
  /// Winograd's output tile side m: 4 (F(4×4, 3×3)) or 2 (F(2×2, 3×3)).
  public let winogradTile: Int

  /// Winograd's default: on, unless the environment sets `OPTIM_RUN_WINOGRAD=0` (read once).
  public static let winogradByDefault: Bool = winogradSetting != "0"

  /// The default tile: F(4×4, 3×3), or F(2×2, 3×3) when the environment sets `OPTIM_RUN_WINOGRAD=2`
  /// (for a bit-for-bit rerun of a run made before F(4×4) existed).
  public static let winogradTileByDefault: Int = winogradSetting == "2" ? 2 : 4

  private static let winogradSetting: String? = getenv("OPTIM_RUN_WINOGRAD").map { String(cString: $0) }
  private var storage: UnsafeMutablePointer<Float>?
  private var capacity = 0

  /// Creates an empty workspace; memory is taken on first use or by `reserve`.
  public init(
    byteLimit: Int = Conv2DWorkspace.defaultByteLimit, allowsWinograd: Bool = Conv2DWorkspace.winogradByDefault,
    winogradTile: Int = Conv2DWorkspace.winogradTileByDefault
  ) {
    precondition(byteLimit > 0)
    precondition(WinogradConv2D.outputTiles.contains(winogradTile), "no Winograd algorithm for \(winogradTile)")
    self.byteLimit = byteLimit
    self.allowsWinograd = allowsWinograd
    self.winogradTile = winogradTile
  }

  /// Whether `geometry` runs as Winograd F(m×m, 3×3) with this workspace.
  public func usesWinograd(_ geometry: Conv2DGeometry) -> Bool {
    allowsWinograd && WinogradConv2D.applies(geometry)
  }

  deinit { freeAlignedMemory(storage) }

  /// Number of samples processed per GEMM for `geometry` and a batch of `batch`.
  public func samplesPerChunk(_ geometry: Conv2DGeometry, batch: Int) -> Int {
    let perSample = geometry.outputHeight * geometry.outputWidth * geometry.patchSize
    let fit = byteLimit / MemoryLayout<Float>.stride / max(perSample, 1)
    return max(1, min(batch, fit))
  }

  /// Allocates now what a forward or backward pass of `geometry` at `batch` will need.
  public func reserve(_ geometry: Conv2DGeometry, batch: Int) {
    if batch == 0 { return }
    if PointwiseGEMV.applies(geometry) {
      let rows = batch * geometry.height.input * geometry.width.input
      _ = columns(count: PointwiseGEMV.workspaceFloats(rows: rows, inputChannels: geometry.inputChannels))
    }
    if geometry.isPointwise { return }
    if usesWinograd(geometry) {
      _ = columns(
        count: WinogradConv2D.workspaceFloats(geometry, tile: winogradTile, batch: batch, byteLimit: byteLimit))
      return
    }
    if SmallPatchConv2D.runs(geometry) && !ShiftedConv2D.applies(geometry) {
      _ = columns(count: SmallPatchConv2D.workspaceFloats(geometry, batch: batch, byteLimit: byteLimit))
    }
    if BiasColumn.applies(geometry) && !ShiftedConv2D.applies(geometry) {
      _ = columns(count: BiasColumn.workspaceFloats(geometry, batch: batch, byteLimit: byteLimit))
    }
    if FlippedConv2D.applies(geometry) {
      _ = columns(count: FlippedConv2D.workspaceFloats(geometry, batch: batch, byteLimit: byteLimit))
    }
    if ShiftedConv2D.applies(geometry) {
      let chunk = ShiftedConv2D.samplesPerChunk(geometry, batch: batch, byteLimit: byteLimit)
      _ = columns(count: chunk * ShiftedConv2D.floatsPerSample(geometry))
      return
    }
    let perSample = geometry.outputHeight * geometry.outputWidth * geometry.patchSize
    _ = columns(count: samplesPerChunk(geometry, batch: batch) * perSample)
  }

  /// Bytes currently held.
  public var allocatedBytes: Int { capacity * MemoryLayout<Float>.stride }

  /// A buffer of at least `count` floats (contents undefined), grown if needed.
  func columns(count: Int) -> UnsafeMutablePointer<Float> {
    if count > capacity || storage == nil {
      freeAlignedMemory(storage)
      storage = nil
      let n = max(count, 1)
      let raw = allocateAlignedMemory(
        byteCount: n * MemoryLayout<Float>.stride, for: "a convolution's workspace")
      storage = raw.bindMemory(to: Float.self, capacity: n)
      capacity = n
    }
    return storage!
  }
}
