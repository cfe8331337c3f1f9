import Datasets
import Foundation
import Reporting
import Tensors
import Testing
import _TestSupport

/// `.npy` and `.npz` files as NumPy reads them: our own reader, and numpy itself.
@Suite("NumPy writer")
struct NumPyWriterTests {
  @Test func npyAndNpzReadBackWithOurReaders() throws {
    let t = Tensor(shape: [2, 3], values: [1, -2.5, 3e-8, .greatestFiniteMagnitude, 0, -0.0])
    let array = try NPYReader.parse(NumPyWriter.npy(t), path: "t.npy")
    #expect(array.dtype == .float32 && array.shape == [2, 3])
    #expect(array.tensor.toArray() == t.toArray())

    let folder = try makeTemporaryFolder()
    let url = folder.appendingPathComponent("s.npz")
    try Data(
      NumPyWriter.npz([
        ("train", [4], .int64([3, 0, 7, 1 << 40])), ("test", [0], .int64([])), ("x", [2, 3], .float32(t.toArray())),
      ])
    ).write(to: url)
    let arrays = try NPZReader.read(path: url.path)
    #expect(Set(arrays.keys) == ["train", "test", "x"])
    #expect(arrays["train"]?.dtype == .int64)
    #expect(arrays["train"]?.tensor.toArray() == [3, 0, 7, Float(1 << 40)])
    #expect(arrays["test"]?.shape == [0])
    #expect(arrays["x"]?.tensor.toArray() == t.toArray())
  }

  @Test func numpyReadsTheSameValues() throws {
    let folder = try makeTemporaryFolder()
    let npy = folder.appendingPathComponent("a.npy"), npz = folder.appendingPathComponent("b.npz")
    try Data(NumPyWriter.npy(shape: [3], values: .float32([0.1, -1, 65504.5]))).write(to: npy)
    try Data(NumPyWriter.npz([("rows", [2, 2], .int64([5, -6, 7, 8])), ("one", [1], .float32([2]))])).write(to: npz)
    let r = try TestPython.run(
      code: """
        import sys, zipfile, numpy as np
        a = np.load(sys.argv[1]); z = np.load(sys.argv[2])
        assert a.dtype == np.float32 and a.shape == (3,) and a.tolist() == [np.float32(0.1), -1.0, 65504.5], a
        assert z["rows"].dtype == np.int64 and z["rows"].tolist() == [[5, -6], [7, 8]], z["rows"]
        assert z["one"].tolist() == [2.0] and sorted(z.files) == ["one", "rows"]
        assert zipfile.ZipFile(sys.argv[2]).testzip() is None  # every member's CRC checks
        print("ok")
        """, arguments: [npy.path, npz.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "ok\n")
  }
}
