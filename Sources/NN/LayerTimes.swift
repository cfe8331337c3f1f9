import Dispatch

/// Wall time each layer's forward and backward passes take over a run's training steps
/// (`Graph.layerTimes`): which layers a step spends its time in. Evaluation passes are not
/// counted; the clock is read twice per layer and pass, and only while timing.
public final class LayerTimes {
  /// Nanoseconds in each layer's training forward passes, by layer index.
  public private(set) var forwardNanoseconds: [UInt64]
  /// Nanoseconds in each layer's backward passes, by layer index.
  public private(set) var backwardNanoseconds: [UInt64]
  /// Training forward passes timed.
  public private(set) var forwardPasses = 0

  /// Zeroed times for `layerCount` layers.
  public init(layerCount: Int) {
    forwardNanoseconds = Array(repeating: 0, count: layerCount)
    backwardNanoseconds = Array(repeating: 0, count: layerCount)
  }

  /// The monotonic clock, in nanoseconds.
  @inline(__always)
  public static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

  func addForward(_ layer: Int, since start: UInt64) { forwardNanoseconds[layer] &+= Self.now() &- start }
  func addBackward(_ layer: Int, since start: UInt64) { backwardNanoseconds[layer] &+= Self.now() &- start }
  func countForwardPass() { forwardPasses += 1 }
}
