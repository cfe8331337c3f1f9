"""Writes the seed inputs of the fuzz targets into fuzz/corpus/TARGET (run once; the results are
checked in). Binary seeds are made with the reference libraries (numpy, safetensors, tarfile,
zipfile, gzip), so the fuzzers start from files the real writers produce. The `state` target's
seeds come from the target itself (OPTIM_RUN_FUZZ_WRITE_SEEDS, see scripts/fuzz.sh).

    .venv/bin/python fuzz/make-seeds.py
"""
import glob, gzip, io, json, os, struct, tarfile, zipfile
import numpy as np
from safetensors.numpy import save as st_save

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(root, "fuzz", "corpus")

def put(target, name, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

# spec: every shipped spec, and a few with `--set` lines after the marker.
for path in sorted(glob.glob(os.path.join(root, "specs", "*.yaml"))):
    text = open(path).read()
    put("spec", os.path.basename(path), text)
put("spec", "digits_cnn_set.yaml", open(os.path.join(root, "specs", "digits_cnn.yaml")).read()
    + "\n#--set\noptimizer.learning_rate=0.01\ntrain.epochs=2\noptimizer={type: sgd, momentum: 0.9}\n")
put("spec", "anchors.yaml", """name: anchors
base: &opt {type: adam, learning_rate: 0.001}
data: {type: synthetic, task: classification, samples: 64, shape: [4], classes: 2}
model: {layers: [{dense: {units: 4, activation: relu}}, {dense: {units: 2, activation: softmax}}]}
optimizer: {<<: *opt, beta_1: 0.8}
train: {epochs: 1, batch_size: 8}
""")

# The hostile forms the loader's limits are for (see YAMLTests): aliases that expand
# exponentially, deep nesting, a sweep over many values.
put("spec", "alias-expansion.yaml", "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n")
put("spec", "deep-nesting.yaml", "name: deep\nx: " + "[" * 300 + "]" * 300 + "\n")
put("spec", "sweep-grid.yaml", open(os.path.join(root, "specs", "grid_search.yaml")).read()
    + "\n#--set\ntrain.epochs=3\nsweep.mode=max\n")

# expression: the formulas of the docs and a few more.
for i, f in enumerate([
    "epoch < 50 ? lr : lr * exp(-0.1)", "epoch < 10 ? lr : lr * 0.9", "initial_lr * 0.5 ^ floor(epoch / 10)",
    "max(1e-5, initial_lr * cos(3.14159 * step / 1000))", "-2^2 + abs(-3) - sqrt(4) / log(10)",
    "not (epoch >= 3 and step != 2) or lr == 0.1", "min(lr, ceil(0.5)) * sin(epoch)",
]):
    put("expression", f"formula-{i}.txt", f)

# npy: dtypes and layouts NumPy writes.
def npy(a, **kw):
    b = io.BytesIO(); np.save(b, a, **kw); return b.getvalue()
put("npy", "f4.npy", npy(np.arange(12, dtype="<f4").reshape(3, 4)))
put("npy", "f8.npy", npy(np.linspace(0, 1, 6).reshape(2, 3)))
put("npy", "u1.npy", npy(np.arange(16, dtype=np.uint8).reshape(2, 2, 4)))
put("npy", "i4.npy", npy(np.array([0, 1, 2, 1], dtype="<i4")))
put("npy", "i8.npy", npy(np.array([[5], [7]], dtype="<i8")))
put("npy", "be-f4.npy", npy(np.arange(4, dtype=">f4")))
put("npy", "fortran.npy", npy(np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3))))
put("npy", "bool.npy", npy(np.array([True, False])))
put("npy", "scalar.npy", npy(np.float32(3.5)))
put("npy", "digits-head.npy", npy(np.load(os.path.join(root, "data", "digits", "x.npy"))[:3]))

# npz: stored and deflated archives, and one with zip64 extra fields.
def npz(compressed, **arrays):
    b = io.BytesIO(); (np.savez_compressed if compressed else np.savez)(b, **arrays); return b.getvalue()
x = np.arange(20, dtype="<f4").reshape(5, 4); y = np.array([0, 1, 0, 1, 1], dtype="<i8")
put("npz", "stored.npz", npz(False, x=x, y=y))
put("npz", "deflated.npz", npz(True, x=x, y=y))
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("x.npy", "w", force_zip64=True) as f: f.write(npy(x))
put("npz", "zip64.npz", b.getvalue())

# idx: MNIST-style images and labels, raw and gzip, and the other element types.
def idx(a, code):
    return bytes([0, 0, code, a.ndim]) + b"".join(struct.pack(">i", d) for d in a.shape) + a.tobytes()
images = np.arange(2 * 4 * 4, dtype=np.uint8).reshape(2, 4, 4)
put("idx", "images-idx3-ubyte", idx(images, 0x08))
put("idx", "labels-idx1-ubyte", idx(np.array([3, 7], dtype=np.uint8), 0x08))
put("idx", "images-idx3-ubyte.gz", gzip.compress(idx(images, 0x08), mtime=0))
put("idx", "f4-idx2", idx(np.arange(6, dtype=">f4").reshape(2, 3), 0x0D))
put("idx", "i2-idx1", idx(np.array([1, -2, 3], dtype=">i2"), 0x0B))
put("idx", "f8-idx1", idx(np.array([0.5, 1.5], dtype=">f8"), 0x0E))

# csv: one choice byte (delimiter, features, target name; see FuzzCSV), then the file.
iris = open(os.path.join(root, "data", "iris.csv")).read().splitlines()
put("csv", "iris-head.csv", b"\x00" + ("\n".join(iris[:6]) + "\n").encode())
put("csv", "features.csv", b"\x04" + b"a,b,c,target\n1,2,3,0\n4,5,6,1\n")
put("csv", "semicolon-y.csv", b"\x09" + b"\xef\xbb\xbfy;x\n\"1\";2.5\n0;-1e3\n")
put("csv", "tab-quoted.csv", b"\x02" + b"target\ta\tb\n1\t\"2\"\"\"\t3\n\n0\t4\t5\n")

# tar: ustar and GNU archives, with a long member name.
def tar(fmt):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=fmt) as t:
        for name, data in [("cifar-10-batches-bin/data_batch_1.bin", bytes(range(64))),
                           ("d/" + "long-name-" * 12 + ".bin", b"abc")]:
            info = tarfile.TarInfo(name); info.size = len(data); info.mtime = 0
            t.addfile(info, io.BytesIO(data))
        d = tarfile.TarInfo("folder"); d.type = tarfile.DIRTYPE; d.mtime = 0; t.addfile(d)
    return b.getvalue()
put("tar", "ustar.tar", tar(tarfile.USTAR_FORMAT) if False else tar(tarfile.GNU_FORMAT))
put("tar", "pax.tar", tar(tarfile.PAX_FORMAT))

# safetensors: the fuzz model's parameters (FuzzSafeTensors), a wrong shape, and other dtypes.
rng = np.random.default_rng(0)
params = {"dense/kernel": rng.standard_normal((4, 3), dtype=np.float32), "dense/bias": np.zeros(3, np.float32),
          "dense_1/kernel": rng.standard_normal((3, 2), dtype=np.float32), "dense_1/bias": np.ones(2, np.float32)}
put("safetensors", "model.safetensors", st_save(params, metadata={"format": "pt"}))
put("safetensors", "wrong-shape.safetensors", st_save({**params, "dense/bias": np.zeros(4, np.float32)}))
put("safetensors", "f64.safetensors", st_save({"dense/bias": np.zeros(3, np.float64)}))
put("safetensors", "f16-i32.safetensors", st_save({"a": np.zeros(2, np.float16), "b": np.arange(3, dtype=np.int32)}))

# run-files: one choice byte (even: run.json, odd: model.json), then the file.
run = {"name": "digits_cnn", "status": "completed", "spec_hash": "ab" * 32, "seed": 42, "tool_version": "0.1.0",
       "command_line": ["optim-run", "specs/digits_cnn.yaml"], "overrides": [], "start_time": "2026-12-07T01:02:03Z",
       "end_time": "2026-12-07T01:02:05Z", "heartbeat": "2026-12-07T01:02:05Z", "host": "h", "pid": 1234,
       "threads": 2, "threads_source": "cpus", "blas_core": "Zen", "exit_reason": None,
       "datasets": [{"path": "/data/x.npy", "size_bytes": 10, "sha256": "00" * 32}],
       "git": {"commit": "c" * 40, "branch": "main", "dirty": False, "root": "/r", "spec_file": "specs/a.yaml"},
       "resumes": [{"time": "2026-12-07T01:02:04Z", "from_epoch": 1, "from_step_in_epoch": 0,
                    "from_global_step": 45, "command_line": ["optim-run", "resume", "runs/x"]}]}
put("run-files", "run.json", b"\x00" + json.dumps(run, indent=2).encode())

# The spec target's dictionary: every key and enum value of the schema, and YAML's own tokens.
schema = json.load(open(os.path.join(root, "docs", "optim-run.schema.json")))
words = set()
def walk(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "properties" and isinstance(v, dict): words.update(v.keys())
            if k in ("enum", "const"):
                for e in (v if isinstance(v, list) else [v]):
                    if isinstance(e, str): words.add(e)
            walk(v)
    elif isinstance(node, list):
        for v in node: walk(v)
walk(schema)
yaml_tokens = ["---", "...", "&a", "*a", "<<:", "!!str", "!!int", "!!float", "!!map", "!!seq", "? ", ": ", "- ",
               "{", "}", "[", "]", "|", ">", "'", "\"", "#", "~", "null", "true", "false", ".inf", "-.inf", ".nan",
               "0x", "0o", "1e-3", "\n  ", "%YAML 1.2", "%TAG", "#--set"]
os.makedirs(os.path.join(root, "fuzz", "dictionaries"), exist_ok=True)
with open(os.path.join(root, "fuzz", "dictionaries", "spec.dict"), "w") as f:
    f.write("# Generated by fuzz/make-seeds.py from docs/optim-run.schema.json: keys, enum values, YAML tokens.\n")
    for w in sorted(words) + yaml_tokens:
        f.write('"' + "".join(c if c.isprintable() and c not in '\\"' else "\\x%02X" % ord(c) for c in w) + '"\n')
