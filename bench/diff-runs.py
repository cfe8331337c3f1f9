#!/usr/bin/env python3
"""Compares two run folders file by file, ignoring what differs between any two runs of the same spec.

    bench/diff-runs.py RUN_DIR_A RUN_DIR_B

Every file must exist in both folders and be byte-identical, except run.json and summary.json (at
any depth: a sweep's trials have their own), which are compared as JSON with these fields left out:
  run.json      start_time, end_time, heartbeat (times), pid, command_line (the binary's path)
  summary.json  wall_time_seconds, steps_per_second (times)
and a sweep's claims/*/owner files (host, pid, time), of which only the host is compared.
Run both binaries on the same spec file, so that run.json's `git` record (the spec's work tree)
is the same. Prints each difference; exit status 0 if none, 1 otherwise. Standard library only.
"""
import json
import sys
from pathlib import Path

IGNORED = {
    "run.json": {"start_time", "end_time", "heartbeat", "pid", "command_line"},
    "summary.json": {"wall_time_seconds", "steps_per_second"},
}


def files(root: Path) -> set:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    names_a, names_b = files(a), files(b)
    differences = [f"only in {a}: {n}" for n in sorted(names_a - names_b)]
    differences += [f"only in {b}: {n}" for n in sorted(names_b - names_a)]
    for name in sorted(names_a & names_b):
        bytes_a, bytes_b = (a / name).read_bytes(), (b / name).read_bytes()
        base = name.rsplit("/", 1)[-1]  # a sweep's trials have their own run.json and summary.json
        if base in IGNORED:
            ja, jb = json.loads(bytes_a), json.loads(bytes_b)
            for key in sorted(set(ja) | set(jb)):
                if key not in IGNORED[base] and ja.get(key, "<missing>") != jb.get(key, "<missing>"):
                    differences.append(f"{name}: {key}: {ja.get(key, '<missing>')!r} != {jb.get(key, '<missing>')!r}")
        elif name.startswith("claims/") and base == "owner":
            if bytes_a.split(b"\n")[0] != bytes_b.split(b"\n")[0]:
                differences.append(f"{name}: hosts differ")
        elif bytes_a != bytes_b:
            differences.append(f"{name}: contents differ ({len(bytes_a)} vs {len(bytes_b)} bytes)")
    for line in differences:
        print(line)
    print(f"{len(names_a & names_b)} files compared, {len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
