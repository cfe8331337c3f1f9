/// The control groups (cgroups) this process is in, as `/proc/self/cgroup` lists them, and the
/// directories whose files hold their limits.
///
/// cgroup v2 has one hierarchy (the `0::/path` line, mounted at `/sys/fs/cgroup`); v1 has one per
/// controller (`4:memory:/path`, mounted at `/sys/fs/cgroup/memory`). A limit set on an ancestor
/// binds too, so callers read the process's group and every ancestor up to the mount. A container
/// that mounts its own group as the mount's root while listing the host's path finds its limit at
/// the mount itself, the last directory listed.
struct ControlGroups: Equatable {
  /// The group in the v2 hierarchy, when there is one (`/user.slice/session-3.scope`).
  var unifiedPath: String?
  /// The v1 group per controller (`memory`, `cpu`, `cpuacct`).
  var controllerPaths: [String: String] = [:]
  /// Where the hierarchies are mounted.
  var mountPoint = "/sys/fs/cgroup"

  /// Parses the text of `/proc/self/cgroup` (`ID:controllers:path` per line).
  init(procSelfCgroup text: String) {
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3, fields[2].hasPrefix("/") else { continue }
      let path = String(fields[2])
      if fields[0] == "0" && fields[1].isEmpty {
        unifiedPath = path
      } else {
        for controller in fields[1].split(separator: ",") { controllerPaths[String(controller)] = path }
      }
    }
  }

  /// The process's v2 group and its ancestors, as directories, innermost first.
  var unifiedDirectories: [String] {
    guard let unifiedPath else { return [] }
    return Self.ancestors(of: unifiedPath).map { mountPoint + $0 }
  }

  /// The process's v1 group of `controller` and its ancestors, as directories, innermost first.
  func directories(of controller: String) -> [String] {
    guard let path = controllerPaths[controller] else { return [] }
    return Self.ancestors(of: path).map { "\(mountPoint)/\(controller)\($0)" }
  }

  /// `/a/b` → `/a/b`, `/a`, `` (the root, so that joining gives the mount point itself).
  static func ancestors(of path: String) -> [String] {
    var parts = path.split(separator: "/").map(String.init)
    var result: [String] = []
    while !parts.isEmpty {
      result.append("/" + parts.joined(separator: "/"))
      parts.removeLast()
    }
    result.append("")
    return result
  }
}
