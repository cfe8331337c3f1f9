/// One limit on the memory this process may still take, and what it leaves.
///
/// The process may be held below the machine's memory by its resource limits (`ulimit -v`,
/// `ulimit -d`) or by its control group (a container's or a systemd unit's memory limit); each
/// leaves the limit minus what is already in use under it.
public struct MemoryLimit: Sendable, Equatable {
  /// Where a limit comes from.
  public enum Source: Sendable, Equatable, CaseIterable {
    /// The machine's physical memory.
    case physicalMemory
    /// `RLIMIT_AS`, which caps the process's total address space (`ulimit -v`).
    case addressSpace
    /// `RLIMIT_DATA`, which caps its data segment and private mappings (`ulimit -d`).
    case dataSegment
    /// A cgroup v2 `memory.max` of the process's group or an ancestor.
    case cgroupV2
    /// A cgroup v1 `memory.limit_in_bytes` of the process's group or an ancestor.
    case cgroupV1
    /// A cap set by a program that embeds these modules (`MemoryLimits.setEmbedderCap`): the
    /// fuzzers hold every allocation below their own memory limit this way.
    case embedderCap

    /// How messages name the limit, with the way to change it where there is one.
    public var name: String {
      switch self {
      case .physicalMemory: "physical memory"
      case .addressSpace: "RLIMIT_AS, ulimit -v"
      case .dataSegment: "RLIMIT_DATA, ulimit -d"
      case .cgroupV2: "cgroup memory.max"
      case .cgroupV1: "cgroup memory.limit_in_bytes"
      case .embedderCap: "the embedding program's cap"
      }
    }
  }

  /// The limit.
  public var source: Source
  /// Bytes the process may still take under it (for physical memory: all of it).
  public var bytes: Int

  /// A limit of `source` leaving `bytes` (negative values count as 0).
  public init(_ source: Source, bytes: Int) {
    self.source = source
    self.bytes = max(bytes, 0)
  }

  /// What the limit leaves, as the end of a sentence: `this machine has 7.75 GB of memory`, or
  /// `the process may use 412.00 MB more (RLIMIT_AS, ulimit -v)`.
  public var availability: String {
    let amount = MemoryBudget.readable(bytes)
    if source == .physicalMemory { return "this machine has \(amount) of memory" }
    return "the process may use \(amount) more (\(source.name))"
  }
}
