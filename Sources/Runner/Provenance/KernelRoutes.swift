import Reporting
import Tensors

extension RunManifest {
  /// Records which convolution routes this process takes (each changes results in the last bits, so
  /// a bit-for-bit rerun needs the same): Winograd and its tile, and the AVX2 direct kernels.
  mutating func recordKernelRoutes() {
    winograd = Conv2DWorkspace.winogradByDefault
    winogradTile = Conv2DWorkspace.winogradByDefault ? Conv2DWorkspace.winogradTileByDefault : nil
    haswellKernels = CPUFeatures.haswellKernels
  }
}
