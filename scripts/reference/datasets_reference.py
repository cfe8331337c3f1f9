#!/usr/bin/env python3
"""Reference fixtures and golden values for Tests/DatasetsTests.

Run: python3 scripts/reference/datasets_reference.py
Prints base64 file bytes written by numpy / gzip / tarfile and the numbers the Swift tests check.
The tests embed what this script printed; they never run Python themselves.
"""
import base64
import gzip
import hashlib
import io
import re
import tarfile

import numpy as np


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def npy_bytes(array, version=None) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, version=version)
    return buf.getvalue()


print("# npy files written by numpy (NPYReaderTests)")
npy = {
    "uint8_v1": (np.array([[0, 1, 2], [253, 254, 255]], dtype=np.uint8), (1, 0)),
    "int32_v1": (np.array([-2147483648, -1, 0, 7, 2147483647], dtype="<i4"), (1, 0)),
    "int64_v2": (np.array([[-5, 0], [3, 1 << 40]], dtype="<i8"), (2, 0)),
    "float32_v1": (np.array([[[1.5, -2.25]], [[3.0e-3, 1.0e30]]], dtype="<f4"), (1, 0)),
    "float64_v1": (np.array([0.1, -1.0e-300, 12345.678], dtype="<f8"), (1, 0)),
    "bigendian": (np.array([1.0, 2.0], dtype=">f4"), (1, 0)),
    "fortran": (np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)), (1, 0)),
}
for name, (a, v) in npy.items():
    print(name, a.shape, a.dtype.str, "float32 values:", a.astype(np.float32).ravel(order="C").tolist())
    print("  ", b64(npy_bytes(a, version=v)))

print("\n# npz files (NPZReaderTests): x float32 3x2, y int64 3; also a key 'labels'")
x = np.array([[1.0, 2.0], [3.5, -4.0], [0.25, 1.0e6]], dtype=np.float32)
y = np.array([2, 0, 1], dtype=np.int64)
for name, save in (("stored", np.savez), ("deflated", np.savez_compressed)):
    buf = io.BytesIO()
    save(buf, x=x, y=y, labels=y + 10)
    print(name, b64(buf.getvalue()))

print("\n# IDX (IDXReaderTests): 3 images 2x2 ubyte, labels 3 ubyte, gzip with mtime 0")
images = np.array([[[0, 255], [17, 34]], [[1, 2], [3, 4]], [[200, 100], [50, 25]]], dtype=np.uint8)
labels = np.array([7, 0, 9], dtype=np.uint8)
idx_images = bytes([0, 0, 0x08, 3]) + np.array([3, 2, 2], dtype=">i4").tobytes() + images.tobytes()
idx_labels = bytes([0, 0, 0x08, 1]) + np.array([3], dtype=">i4").tobytes() + labels.tobytes()
print("images.gz", b64(gzip.compress(idx_images, mtime=0)))
print("labels.gz", b64(gzip.compress(idx_labels, mtime=0)))

print("\n# CIFAR-10 tar.gz (CIFAR10DownloadTests): 2 records per batch file")
def cifar_batch(file_index: int) -> bytes:
    out = bytearray()
    for r in range(2):
        out.append((file_index * 2 + r) % 10)
        k = np.arange(3072)
        out += ((k * 31 + r * 7 + file_index) % 256).astype(np.uint8).tobytes()
    return bytes(out)

names = [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]
# ustar (POSIX), and GNU format (as GNU tar writes; "ustar  " magic) with a long-named extra member
# that needs a GNU long-name ('L') entry.
for label, fmt in (("archive", tarfile.USTAR_FORMAT), ("gnu archive", tarfile.GNU_FORMAT)):
    tar_buf = io.BytesIO()
    with tarfile.open(fileobj=tar_buf, mode="w", format=fmt) as tar:
        d = tarfile.TarInfo("cifar-10-batches-bin")
        d.type = tarfile.DIRTYPE
        d.mode = 0o755
        tar.addfile(d)
        members = [(f"cifar-10-batches-bin/{n}", cifar_batch(i)) for i, n in enumerate(names)]
        if fmt == tarfile.GNU_FORMAT:
            members.insert(0, ("cifar-10-batches-bin/" + "x" * 120 + ".txt", b"long name"))
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    archive = gzip.compress(tar_buf.getvalue(), mtime=0)
    print(label, b64(archive))
    print(label, "md5", hashlib.md5(archive).hexdigest(), "bytes", len(archive))
train = np.concatenate([np.frombuffer(cifar_batch(i), np.uint8).reshape(2, 3073) for i in range(5)])
x_train = train[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
print("y_train", train[:, 0].tolist())
for idx in ((0, 0, 0, 0), (1, 5, 7, 2), (9, 31, 30, 1), (4, 12, 0, 2)):
    print("x_train", idx, int(x_train[idx]))

print("\n# CountVectorizer defaults (TextVectorizerTests): lowercase, token_pattern (?u)\\b\\w\\w+\\b")
texts = ["I love this movie", "This movie is GREAT, great!", "Terrible movie_2 a b", "Ünïcode café 42 x"]
tokens = [re.findall(r"(?u)\b\w\w+\b", t.lower()) for t in texts]
vocab = sorted(set(t for ts in tokens for t in ts))
print("vocabulary", vocab)
counts = [[ts.count(v) for v in vocab] for ts in tokens]
print("counts", counts)

print("\n# standardize (PreprocessingTests): statistics from the training rows only, population std")
train_x = np.array([[1.0, 10.0, 5.0], [2.0, 20.0, 5.0], [4.0, 60.0, 5.0]])
test_x = np.array([[3.0, 0.0, 6.0]])
mean, std = train_x.mean(0), train_x.std(0)
std[std == 0] = 1.0
print("train", ((train_x - mean) / std).round(7).tolist())
print("test", ((test_x - mean) / std).round(7).tolist())
