"""Benchmark: importing a data set whose travel table has 1,000,000 bad rows, as a user runs it.

Every travel row is wrong three ways (an unknown student, an unknown practice,
minutes that are not a number), which once printed 3,000,000 lines. Times
``python -m scheduler import`` in a fresh process and prints, per run, the wall
time, the child's peak memory (max RSS) and the lines and bytes of output,
then the medians against the bars (under 60 s, under 1.5 GB, a few hundred
lines). With ``--baseline PATH`` (another checkout, e.g. /work/main) the same
import is run from it too, side by side, and the ratios are printed.

    .venv/bin/python benchmarks/bench_bad_rows.py [--rows 1000000] [--runs 3] [--baseline /work/main]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECONDS_BAR = 60.0
MEMORY_BAR_MB = 1536.0
LINES_BAR = 300


def make_data(folder: Path, rows: int) -> None:
    subprocess.run([sys.executable, "-m", "scheduler", "demo", str(folder), "--scale", "small"], cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True, capture_output=True)
    with (folder / "travel.csv").open("w", encoding="utf-8", newline="") as f:
        f.write("student_id,practice_code,minutes\n")
        f.writelines(f"X{i:07d},NOPE{i % 977},n/a\n" for i in range(rows))


def run_import(checkout: Path, data: Path, work: Path, n: int) -> tuple[float, float, int, int]:
    """One import in a fresh process: (seconds, peak MB, output lines, output bytes)."""
    db = work / f"run-{checkout.name}-{n}.db"
    out_path = work / "output.txt"
    with out_path.open("wb") as out:
        start = time.perf_counter()
        # a fresh process per run, so RUSAGE_CHILDREN's max RSS is this child's (taken as a difference)
        probe = (f"import resource, subprocess, sys; "
                 f"r = subprocess.run([sys.executable, '-m', 'scheduler', 'import', {str(data)!r}, '--db', {str(db)!r}]); "
                 f"print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)")
        done = subprocess.run([sys.executable, "-c", probe], cwd=checkout, stdout=out, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(checkout), "PYTHONWARNINGS": "ignore"})
        seconds = time.perf_counter() - start
    stderr = done.stderr.decode("utf-8", "replace").rstrip().splitlines()
    peak_kb = int(stderr[-1])
    body = out_path.read_bytes() + "\n".join(stderr[:-1]).encode()
    lines = body.count(b"\n") + (1 if body and not body.endswith(b"\n") else 0)
    return seconds, peak_kb / 1024, lines, len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout to run side by side (e.g. /work/main)")
    args = parser.parse_args()
    checkouts = [("this", ROOT)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
    with tempfile.TemporaryDirectory(prefix="bench-bad-rows-") as tmp:
        work = Path(tmp)
        data = work / "data"
        make_data(data, args.rows)
        print(f"travel.csv: {args.rows:,} bad rows, {(data / 'travel.csv').stat().st_size / 1e6:.0f} MB")
        results: dict[str, list[tuple[float, float, int, int]]] = {label: [] for label, _ in checkouts}
        for n in range(args.runs):
            for label, checkout in checkouts:  # interleaved, so both see the same machine load
                r = run_import(checkout, data, work, n)
                results[label].append(r)
                print(f"  run {n + 1} {label:<8} {r[0]:6.1f} s  peak {r[1]:7.0f} MB  {r[2]:>10,} lines  "
                      f"{r[3] / 1e6:8.2f} MB of output", flush=True)
    medians = {}
    for label, rows in results.items():
        medians[label] = tuple(statistics.median(r[i] for r in rows) for i in range(4))
        s, mb, lines, size = medians[label]
        print(f"median {label:<8} {s:6.1f} s  peak {mb:7.0f} MB  {lines:>10,.0f} lines  {size / 1e6:8.2f} MB")
    s, mb, lines, _ = medians["this"]
    print(f"bars: time {s:.1f} s < {SECONDS_BAR:.0f} s: {'yes' if s < SECONDS_BAR else 'NO'}; "
          f"peak {mb:.0f} MB < {MEMORY_BAR_MB:.0f} MB: {'yes' if mb < MEMORY_BAR_MB else 'NO'}; "
          f"{lines:.0f} lines <= {LINES_BAR}: {'yes' if lines <= LINES_BAR else 'NO'}")
    if "baseline" in medians:
        b = medians["baseline"]
        print(f"ratios this/baseline: time {s / b[0]:.2f}, peak memory {mb / b[1]:.2f}, lines {lines / max(b[2], 1):.6f}")


if __name__ == "__main__":
    main()
