import Datasets
import Foundation
import Testing

/// A tar.gz built by Python's `tarfile` (ustar) and `gzip`: `cifar-10-batches-bin/` with the five
/// training batches and the test batch, two records each. Record r of file f has label (2f + r) % 10
/// and CHW pixel k = (31 k + 7 r + f) % 256. Bytes, MD5 and NHWC values printed by
/// `scripts/reference/datasets_reference.py`.
enum CIFAR10Fixtures {
  static let archive =
    "H4sIAAAAAAACA+3ZVWxTYRyG8XY+3F2Ga7dz2tMNd3d3GF23sSID2g6H4e7u7u7u7u7u7u7QjLtBQ0KW05DveW7a9Kb55Z98N6/ZEm6y6mRJF2KymyPCbLoQS2SAJm6THAUZjTGfjmJ//v5dlhW9ovEzalQoymY3WR1/rxEz85/uH2qym4JjfgiW/R0/xMH9AxXFyf1lRZL0se6vKJJR4ydxfxXKXKxptymbL31MHVjXPmb1qZeJ/au2HrL40EPvnGVD+8zedfNHpqJNuk7edPFDKmMd2+hVJ18k0lVpNXjRwQdeOcqYe8/aeeN7xiKNu0zaeOF9SqW2ddTKE88T5q/cctDCA/c9s5cO6TVzx/VvGQo36jxxw/l3KQy12o9ccfxZgnyVLAMX7L/nka2UqeeM7de+pi/UsNOE9efeJtfXbDdi+bGn8fNWjBgwf99d96wlm0dP33b1S7qCDTqOX3f2TTK5Rtvhy44+iZenQov+8/becctSIrjHtK1XPqctUL/DuLVnXieVqkcOW3rksW/u8uH95u65rfUr3qz71C2XP6UJqhc1ds3pV0kCqrUZuuTwI59c5cL6ztl9Cz9+/Pjx48ePHz9+kfxa7owfP378+PHjx48fvzh+DQnc3/Y/vav2v0D2PzVy4+HEjx8/fvz48ePHj18cvzt3xo8fP378+PHjx49fHD8bGPuf8/3P4Kr9L4j9T408eDjx48ePHz9+/Pjx4xfH78md8ePHjx8/fvz48eMXx88Gxv7nfP9TXLT/yRL7nxp58XDix48fP378+PHjxy+O35s748ePHz9+/Pjx48cvjp8NjP3P+f5ndNX+J7P/qZEPDyd+/Pjx48ePHz9+/OL4fbkzfvz48ePHjx8/fvzi+NnA2P9i7X/2MJv91/4XB+vfP+1/eoOB/U+VeDjx48ePHz9+/Pjx4xfHr+XO+PHjx48fP378+PGL42cDIyIiIiIiIiIiIiIiIiIi+t/7CfIOk/0AyAAA"
  static let archiveMD5 = "7946260c50c35030943f11b8e7d5c70e"
  /// The same members in GNU tar format, plus a member whose 125-character name needs a GNU
  /// long-name entry.
  static let gnuArchive =
    "H4sIAAAAAAACA+3ZVUxbUQCH8eIwd5fOldLb3rbzMTfmrqwU64Cy0bIxd3d3d3d3d3d3d3fptmzJ2PqyQJtwv+8F0hfyy+EcSP4GY7A+yltQegfoLYbQILN3gNHkI4vblNZ0Gs2Pr9Zif/37e0FQa0WZXCOzQ9Fmiz5KLpdJNIWPwsfXL9IU4mc0hcXTz7Bx7r/PXKVSxfpd0Ok0gkzux/nHe4Z/3f8YB6WwxFhklNDO//ul1oqi7fdfEP68/2q1TquVyZXc/3gv3Pr0y036iCCuAvf/1/0P1Fv0/j8+8BcU1g/i4O+/7fsviNb/AGL9/yeqRQ333z5lL9W808QN59+l19a3jFxx/FlyRfXwgQv23/PIWyGw54zt175mK9ms44T1596m09Qzj1h+7Gkyb7+wAfP33XXPU97QY/q2q1+ylmjaYfy6s2/SinWjhi87+iRp4Wqt+s/be8ctd7mA7tO2XvmcpXiT9uPWnnmdRl2nzbClRx4nKVTV2G/untuuucrqu03dcvlT5mKNY8auOf0qtap266FLDj9KXLBKaN85u2+55CzTsuuUzZc+ZiraqN2Y1adephJqRQ5ZfOhhogKVQ/rM3nXTOYevf5fJmy5+yFikYdvRq06+SKmsaRq86OADr/yVgnvP2nnDSV66RedJGy+8z6BrED1q5YnnKXxqRAxaeOC+Z76KQb1m7riOHz9+/Pjx48ePH7+U/E6cM378+PHjx48fP3780vGzgbH/2d7/VI7a/9j/7ZIzDyd+/Pjx48ePHz9+/NLxu3DO+PHjx48fP378+PFLx88Gxv5ne/9TO2r/07H/2SNXHk78+PHjx48fP378+KXjd+Oc8ePHjx8/fvz48eOXjp8NjP3P9v4nOmj/0yjZ/+yROw8nfvz48ePHjx8/fvzS8Xtwzvjx48ePHz9+/PjxS8fPBsb+Z3v/0zhq/xPY/+yRJw8nfvz48ePHjx8/fvzS8Xtxzvjx48ePHz9+/PjxS8fPBsb+F2v/swSZLT/3vzhY//5r/xN0avY/u8TDiR8/fvz48ePHjx+/dPxOnDN+/Pjx48ePHz9+/NLxs4ERERERERERERERESW0vgGf6dFVAMgAAA=="
  static let gnuArchiveMD5 = "97717173a39fb8ffd0d94672ccd52711"
}

@Suite struct CIFAR10Tests {
  /// One record whose pixel at (channel c, row i, column j) is (c · 100 + i + j) % 256.
  static func record(label: UInt8) -> [UInt8] {
    var bytes: [UInt8] = [label]
    for c in 0..<3 {
      for i in 0..<32 {
        for j in 0..<32 { bytes.append(UInt8((c * 100 + i + j) % 256)) }
      }
    }
    return bytes
  }

  @Test func convertsCHWRecordsToNHWC() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("data_batch_1.bin", Self.record(label: 3) + Self.record(label: 9))
    let split = try CIFAR10Reader.read(path: path)
    #expect(split.x.shape == [2, 32, 32, 3])
    #expect(split.y.toArray() == [3, 9])
    let x = split.x.toArray()
    for (i, j, c) in [(0, 0, 0), (5, 7, 2), (31, 31, 1), (12, 0, 2)] {
      #expect(x[3072 + (i * 32 + j) * 3 + c] == Float((c * 100 + i + j) % 256))
    }
  }

  @Test func wrongRecordSizeAndBadLabelsAreErrors() throws {
    let folder = try TemporaryFolder()
    let odd = try folder.write("data_batch_3.bin", Self.record(label: 1) + [0])
    #expect(throws: DataError(path: odd, "size 3074 is not a multiple of the 3073-byte record")) {
      try CIFAR10Reader.read(path: odd)
    }
    let bad = try folder.write("b.bin", Self.record(label: 1) + Self.record(label: 11))
    #expect(throws: DataError(path: bad, "label 11 out of range 0..9 in record 1")) {
      try CIFAR10Reader.read(path: bad)
    }
    let empty = try folder.write("e.bin", [])
    #expect(throws: DataError.self) { try CIFAR10Reader.read(path: empty) }
  }

  @Test func localFolderWithoutDownloadSaysWhereToPutTheFiles() throws {
    let folder = try TemporaryFolder()
    let source = CIFAR10Source(directory: folder.path + "/cifar", cacheDirectory: folder.path + "/cache")
    let error = #expect(throws: DataError.self) { try source.load() }
    #expect(error?.path == folder.path + "/cifar")
    #expect(error?.message.contains("put the binary version") == true)
    #expect(error?.message.contains("download: true") == true)

    try folder.write("cifar/data_batch_1.bin", Self.record(label: 0))
    let partial = #expect(throws: DataError.self) { try source.load() }
    #expect(partial?.path == folder.path + "/cifar/data_batch_2.bin")
  }

  @Test(arguments: [
    (CIFAR10Fixtures.archive, CIFAR10Fixtures.archiveMD5),
    (CIFAR10Fixtures.gnuArchive, CIFAR10Fixtures.gnuArchiveMD5),
  ])
  func downloadsVerifiesUnpacksAndThenUsesTheCache(archive: String, md5: String) throws {
    let folder = try TemporaryFolder()
    let server = try LoopbackHTTPServer(body: [UInt8](Data(base64Encoded: archive)!))
    defer { server.stop() }
    let source = CIFAR10Source(
      download: true, url: "http://127.0.0.1:\(server.port)/cifar-10-binary.tar.gz",
      md5: md5,
      cacheDirectory: folder.path)
    let dataset = try Dataset.load(DataConfiguration(source: .cifar10(source), seed: 0))
    #expect(dataset.train.x.shape == [10, 32, 32, 3])
    #expect(dataset.train.y.toArray() == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    #expect(dataset.test?.y.toArray() == [0, 1])
    let x = dataset.train.x.toArray()
    // x_train[n, i, j, c] from numpy's transpose(0, 2, 3, 1) of the records.
    for (n, i, j, c, v) in [(0, 0, 0, 0, 0), (1, 5, 7, 2, 64), (9, 31, 30, 1, 205), (4, 12, 0, 2, 130)] {
      #expect(x[((n * 32 + i) * 32 + j) * 3 + c] == Float(v))
    }
    #expect(FileManager.default.fileExists(atPath: folder.path + "/cifar-10-batches-bin/test_batch.bin"))
    #expect(FileManager.default.fileExists(atPath: folder.path + "/cifar-10-binary.tar.gz"))
    #expect(dataset.files.count == 6)
    #expect(server.requests == 1)
    _ = try source.load()
    #expect(server.requests == 1)  // second load reads the cache
  }

  @Test func badChecksumSavesNothing() throws {
    let folder = try TemporaryFolder()
    let server = try LoopbackHTTPServer(body: [UInt8](Data(base64Encoded: CIFAR10Fixtures.archive)!))
    defer { server.stop() }
    let url = "http://127.0.0.1:\(server.port)/cifar-10-binary.tar.gz"
    let source = CIFAR10Source(
      download: true, url: url, md5: String(repeating: "0", count: 32), cacheDirectory: folder.path)
    #expect(
      throws: DataError(
        path: url,
        "MD5 mismatch: expected 00000000000000000000000000000000, found \(CIFAR10Fixtures.archiveMD5) (nothing was saved)"
      )
    ) { try source.load() }
    #expect(!FileManager.default.fileExists(atPath: folder.path + "/cifar-10-binary.tar.gz"))
  }

  @Test func serverThatIsNotThereOrAnswers404() throws {
    let folder = try TemporaryFolder()
    let url = "http://127.0.0.1:\(try LoopbackHTTPServer.unusedPort())/cifar-10-binary.tar.gz"
    let source = CIFAR10Source(download: true, url: url, cacheDirectory: folder.path)
    let error = #expect(throws: DataError.self) { try source.load() }
    #expect(error?.path == url)
    #expect(error?.message.hasPrefix("download failed") == true)
    // The error says where a copy obtained by hand can go.
    #expect(
      error?.message.hasSuffix(
        "; to install it by hand, put the unpacked batch files (data_batch_1.bin … test_batch.bin) in "
          + "\(folder.path)/cifar-10-batches-bin, or the archive at \(folder.path)/cifar-10-binary.tar.gz") == true)

    let server = try LoopbackHTTPServer(status: "404 Not Found", body: Array("missing".utf8))
    defer { server.stop() }
    let missing = CIFAR10Source(
      download: true, url: "http://127.0.0.1:\(server.port)/x.tar.gz", cacheDirectory: folder.path)
    let notFound = #expect(throws: DataError.self) { try missing.load() }
    #expect(notFound?.message.hasPrefix("download failed: HTTP status 404; to install it by hand, put") == true)
  }
}
