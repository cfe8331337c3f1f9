import Foundation
import Tensors

/// CIFAR-10, binary version: five training batches and a test batch, found locally or downloaded
/// once into the cache folder (MD5-checked, gunzipped and untarred by our own code).
public struct CIFAR10Source: Sendable, Equatable {
  /// The published archive.
  public static let defaultURL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
  /// The archive's published MD5.
  public static let defaultMD5 = "c32a1d4ab5d03f1284b67883e8d87530"
  /// The folder the archive unpacks to.
  public static let folderName = "cifar-10-batches-bin"
  /// The training batch files, in order.
  public static let trainFiles = (1...5).map { "data_batch_\($0).bin" }
  /// The test batch file.
  public static let testFile = "test_batch.bin"

  /// The folder holding the `.bin` files (or holding `cifar-10-batches-bin/`); `nil` uses the cache.
  public var directory: String?
  /// Whether to download the archive when no local copy exists.
  public var download: Bool
  /// Where to download from (tests point it at a loopback server).
  public var url: String
  /// The MD5 the archive must have.
  public var md5: String
  /// The cache folder; `nil` is `$XDG_CACHE_HOME/optim-run` or `~/.cache/optim-run`.
  public var cacheDirectory: String?

  /// Describes CIFAR-10 in `directory` (or the cache), downloading it if allowed.
  public init(
    directory: String? = nil, download: Bool = false, url: String = CIFAR10Source.defaultURL,
    md5: String = CIFAR10Source.defaultMD5, cacheDirectory: String? = nil
  ) {
    self.directory = directory
    self.download = download
    self.url = url
    self.md5 = md5
    self.cacheDirectory = cacheDirectory
  }

  /// `$XDG_CACHE_HOME/optim-run`, or `~/.cache/optim-run`.
  public static func defaultCacheDirectory() -> String {
    let environment = ProcessInfo.processInfo.environment
    if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return FileBytes.join(xdg, "optim-run") }
    let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
    return FileBytes.join(FileBytes.join(home, ".cache"), "optim-run")
  }

  /// The resolved cache folder.
  public var cache: String { cacheDirectory ?? Self.defaultCacheDirectory() }

  /// Reads the training (50 000 in the real data) and test samples.
  public func load() throws -> (train: Split, test: Split, files: [DataFile]) {
    let folder = try locateOrFetch()
    var files: [DataFile] = []
    func part(_ names: [String]) throws -> Split {
      let paths = names.map { FileBytes.join(folder, $0) }
      let contents = try paths.map { try FileBytes.read($0) }
      files += zip(paths, contents).map { DataFile(path: $0, bytes: $1.count) }
      return try CIFAR10Reader.parse(contents, paths: paths)
    }
    return (try part(Self.trainFiles), try part([Self.testFile]), files)
  }

  /// The folder holding the six batch files: the given directory, its `cifar-10-batches-bin`, the
  /// cache, or (with `download`) a fresh download into the cache.
  func locateOrFetch() throws -> String {
    var candidates: [String] = []
    if let directory { candidates += [directory, FileBytes.join(directory, Self.folderName)] }
    let cached = FileBytes.join(cache, Self.folderName)
    candidates.append(cached)
    for folder in candidates where FileBytes.exists(FileBytes.join(folder, Self.trainFiles[0])) {
      for name in Self.trainFiles + [Self.testFile] where !FileBytes.exists(FileBytes.join(folder, name)) {
        throw DataError(
          path: FileBytes.join(folder, name), "cifar10: missing batch file (the folder has data_batch_1.bin)")
      }
      return folder
    }
    guard download else {
      throw DataError(
        path: directory ?? cached,
        "cifar10: data_batch_1.bin … data_batch_5.bin and test_batch.bin not found; put the binary version "
          + "(\(url), unpacked) in \(directory ?? cached), or set download: true to fetch it into \(cache)")
    }
    try fetch(into: cache)
    return cached
  }

  /// Downloads (unless already cached) and verifies the archive, then unpacks the batch files into
  /// `cache/cifar-10-batches-bin`, each written atomically.
  func fetch(into cache: String) throws {
    let archivePath = FileBytes.join(cache, "cifar-10-binary.tar.gz")
    let archive: [UInt8]
    if FileBytes.exists(archivePath) {
      archive = try FileBytes.read(archivePath)
      try verify(archive, source: archivePath, remedy: "delete it to download again")
    } else {
      do {
        archive = try HTTPDownload.get(url)
      } catch let error as DataError {
        // Offline, blocked or moved: say where a copy obtained elsewhere can go.
        throw DataError(
          path: error.path,
          error.message + "; to install it by hand, put the unpacked batch files (data_batch_1.bin … "
            + "test_batch.bin) in \(FileBytes.join(cache, Self.folderName))"
            + (directory.map { " or \($0)" } ?? "") + ", or the archive at \(archivePath)")
      }
      try verify(archive, source: url, remedy: "nothing was saved")
      try FileBytes.writeAtomically(archive, to: archivePath)
    }
    let tar = try Inflate.gunzip(archive, path: archivePath)
    let members = try TarArchive.members(tar, path: archivePath)
    let wanted = Set(Self.trainFiles + [Self.testFile])
    var written = Set<String>()
    for member in members {
      let parts = member.name.split(separator: "/")
      guard parts.count == 2, parts[0] == Self.folderName, wanted.contains(String(parts[1])) else { continue }
      try FileBytes.writeAtomically(
        tar[member.range], to: FileBytes.join(FileBytes.join(cache, Self.folderName), String(parts[1])))
      written.insert(String(parts[1]))
    }
    let missing = wanted.subtracting(written).sorted()
    guard missing.isEmpty else {
      throw DataError(
        path: archivePath, "the archive lacks \(Self.folderName)/\(missing.joined(separator: ", "))")
    }
  }

  private func verify(_ archive: [UInt8], source: String, remedy: String) throws {
    let found = MD5.hex(of: archive)
    guard found == md5.lowercased() else {
      throw DataError(path: source, "MD5 mismatch: expected \(md5), found \(found) (\(remedy))")
    }
  }
}
