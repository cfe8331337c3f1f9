"""Prints bench/compare-keras.sh's markdown tables from the raw outputs of one run.

    python table.py WORK_DIR --sides "keras optim-run [before]" --cifar-samples N --unet-steps-per-epoch N

WORK_DIR holds results.tsv (workload, side, round, name per successful process), <name>.out (the
process's standard output), <name>.time (GNU time's "%e %U %S %M"), roofline-start.txt,
roofline-end.txt (bench/layers --roofline-only) and cifar-summary.json (optim-run summary --format json).
Definitions: bench/keras/README.md.
"""

import argparse
import json
import os
import re
import statistics

# workload: (what the figure is, unit, higher is better, goal ratio optim-run / Keras or None)
WORKLOADS = {
    "cifar": ("CIFAR CNN training, batch 32, synthetic [32, 32, 3]: images/s, steady state "
              "(samples ÷ median wall time of epochs 2..)", "images/s", True, 3.0),
    "unet": ("U-Net 128²×1 training, batch 16: s per step, steady state "
             "(median wall time of epochs 2.. ÷ steps per epoch)", "s", False, 2.0),
    "predict": ("CIFAR CNN inference, 10,240 images at batch 256: whole process, s", "s", False, 2.5),
    "mlp": ("MLP 10→64→32→1, 50 epochs × 1000 samples: whole process, s", "s", False, 50.0),
    "text": ("text bag-of-words, 100 epochs with validation: whole process (vectorizing included), s", "s", False,
             50.0),
    "digits": ("digits CNN (specs/digits_cnn.yaml, 15 epochs): whole process, s", "s", False, None),
}


def epoch_seconds(path, side):
    with open(path) as f:
        lines = [line for line in f if line.strip()]
    if side == "keras":
        return json.loads(lines[-1])["epoch_seconds"]
    events = [json.loads(line) for line in lines if line.startswith("{")]
    return [e["seconds"] for e in events if e.get("event") == "epoch"]


def steady(seconds):
    """The median epoch after the first (the first includes Keras's tracing and warm-up on both sides)."""
    return statistics.median(seconds[1:] if len(seconds) > 1 else seconds)


def measure(work, workload, side, name, a):
    with open(os.path.join(work, name + ".time")) as f:
        wall, user, system, peak_kb = (float(v) for v in f.read().split()[-4:])
    out = os.path.join(work, name + ".out")
    if workload == "cifar":
        value = a.cifar_samples / steady(epoch_seconds(out, side))
    elif workload == "unet":
        value = steady(epoch_seconds(out, side)) / a.unet_steps_per_epoch
    else:
        value = wall
    return {"value": value, "wall": wall, "cpu": user + system, "peak_mib": peak_kb / 1024}


def roofline(path):
    text = open(path).read()
    gflops = float(re.search(r"GEMM roofline: .*?: *([0-9.]+) GFLOP/s", text).group(1))
    core = re.search(r"openblas: core (\S+),", text)
    return gflops, core.group(1) if core else "?"


def useful_flops_per_image(summary_path):
    """Training FLOPs per image: forward multiply-adds × 2 × 3 (forward, input and kernel gradients),
    × 2 instead of 3 for the first layer (no input gradient). Multiply-adds of a conv2d or dense
    layer = output elements × fan-in, and fan-in = parameters ÷ output channels − 1 (the bias)."""
    summary = json.load(open(summary_path))
    total, first = 0, True
    for layer in summary["layers"]:
        if layer["type"] not in ("conv2d", "dense"):
            continue
        channels = layer["output_shape"][-1]
        macs = 1
        for d in layer["output_shape"]:
            macs *= d
        macs *= layer["parameters"] // channels - 1
        total += macs * 2 * (2 if first else 3)
        first = False
    return total


def fmt(x, unit=""):
    if x is None:
        return "—"
    if unit == "images/s" or x >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}" if x < 10 else f"{x:.1f}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("work")
    p.add_argument("--sides", default="keras optim-run")
    p.add_argument("--cifar-samples", type=int, default=2048)
    p.add_argument("--unet-steps-per-epoch", type=int, default=2)
    a = p.parse_args()
    sides = a.sides.split()
    runs, rounds = {}, {}
    with open(os.path.join(a.work, "results.tsv")) as f:
        for line in f:
            workload, side, r, name = line.rstrip("\n").split("\t")
            m = measure(a.work, workload, side, name, a)
            runs.setdefault((workload, side), []).append(m)
            rounds.setdefault((workload, side), {})[r] = m["value"]
    med = {k: {f: statistics.median(r[f] for r in v) for f in v[0]} for k, v in runs.items()}
    workloads = [w for w in WORKLOADS if any((w, s) in runs for s in sides)]
    others = sides[1:]

    start, core = roofline(os.path.join(a.work, "roofline-start.txt"))
    end, _ = roofline(os.path.join(a.work, "roofline-end.txt"))
    print(f"cblas_sgemm NN 2048³ roofline (OpenBLAS core {core}, its own threads): start {start:.1f}, "
          f"end {end:.1f} GFLOP/s\n")

    def ratio(w, side):
        k, o = med.get((w, "keras")), med.get((w, side))
        if not k or not o:
            return None
        return o["value"] / k["value"] if WORKLOADS[w][2] else k["value"] / o["value"]

    before = "before" in others
    head = ["workload", "figure", "Keras"] + others + [f"{s} faster than Keras by" for s in others]
    head += ["optim-run faster than before by"] if before else []
    head += ["goal", "met"]
    print("| " + " | ".join(head) + " |")
    print("|" + " --- |" * len(head))
    for w in workloads:
        what, unit, _, goal = WORKLOADS[w]
        cells = [w, what] + [fmt(med[(w, s)]["value"], unit) if (w, s) in med else "—" for s in sides]
        cells += [f"{ratio(w, s):.2f}×" if ratio(w, s) else "—" for s in others]
        if before:
            o, b = med.get((w, "optim-run")), med.get((w, "before"))
            speedup = None if not o or not b else (
                o["value"] / b["value"] if WORKLOADS[w][2] else b["value"] / o["value"])
            cells += [f"{speedup:.2f}×" if speedup else "—"]
        if goal is not None:
            r = ratio(w, "optim-run")
            cells += [f"≥ {goal:g}× Keras", "yes" if r and r >= goal else "no"]
        else:
            v = med.get((w, "optim-run"), {}).get("value")
            cells += ["optim-run < 0.5 s", "yes" if v is not None and v < 0.5 else "no"]
        print("| " + " | ".join(cells) + " |")
    if ("cifar", "optim-run") in med:
        flops = useful_flops_per_image(os.path.join(a.work, "cifar-summary.json"))
        mean = (start + end) / 2
        cells = ["cifar (roofline)", f"images/s × {flops:,} useful FLOPs per image ÷ roofline (mean of start "
                 f"and end, {mean:.1f} GFLOP/s; in brackets ÷ the start's and ÷ the end's)", "—"]
        rates = [med[("cifar", s)]["value"] * flops / 1e9 if ("cifar", s) in med else None for s in others]
        cells += [f"{r / mean:.2f} ({r / start:.2f}, {r / end:.2f})" if r is not None else "—" for r in rates]
        cells += ["" for _ in others] + ([""] if before else [])
        cells += ["≥ 0.6 of the roofline", "yes" if rates[0] is not None and rates[0] / mean >= 0.6 else "no"]
        print("| " + " | ".join(cells) + " |")

    print("\nPeak resident memory (GNU time %M, whole process), median MiB; goal: optim-run ≤ Keras\n")
    head = ["workload", "Keras"] + others + ["met"]
    print("| " + " | ".join(head) + " |")
    print("|" + " --- |" * len(head))
    for w in workloads:
        peaks = [med[(w, s)]["peak_mib"] if (w, s) in med else None for s in sides]
        met = peaks[0] is not None and peaks[1] is not None and peaks[1] <= peaks[0]
        print("| " + " | ".join([w] + [f"{x:,.0f}" if x is not None else "—" for x in peaks] +
                                ["yes" if met else "no"]) + " |")

    print("\nWhole-process CPU time (user + sys), median s: less disturbed by the machine's load than wall time, "
          "but it counts start-up and the first epoch, and not time spent waiting for a core\n")
    head = ["workload", "Keras"] + others + [f"Keras ÷ {s}" for s in others]
    print("| " + " | ".join(head) + " |")
    print("|" + " --- |" * len(head))
    for w in workloads:
        cpus = [med[(w, s)]["cpu"] if (w, s) in med else None for s in sides]
        cells = [w] + [f"{x:.2f}" if x is not None else "—" for x in cpus]
        cells += [f"{cpus[0] / x:.2f}×" if cpus[0] is not None and x else "—" for x in cpus[1:]]
        print("| " + " | ".join(cells) + " |")

    print("\nEvery process (figure; wall s; CPU s = user + sys), in round order, and the ratio to Keras of "
          "each round (the load drifts less within a round than across rounds):\n")
    for w in workloads:
        for s in sides:
            if (w, s) in runs:
                items = "; ".join(f"{fmt(r['value'], WORKLOADS[w][1])}, {r['wall']:.2f} s, CPU {r['cpu']:.2f} s"
                                  for r in runs[(w, s)])
                print(f"- {w}, {s}: {items}")
        for s in others:
            k, o = rounds.get((w, "keras"), {}), rounds.get((w, s), {})
            both = sorted(set(k) & set(o))
            if both:
                per = [o[r] / k[r] if WORKLOADS[w][2] else k[r] / o[r] for r in both]
                print(f"- {w}, {s} faster than Keras by, per round: " + ", ".join(f"{x:.2f}×" for x in per)
                      + f" (median {statistics.median(per):.2f}×)")
    if "mlp" in workloads:
        print("\nmlp: optim-run's run also writes its per-step, per-parameter learning-rate history "
              "(the spec's lr_history callback) and its run folder; Keras's writes nothing.")


if __name__ == "__main__":
    main()
