"""Benchmark: importing the full demo set and asking ``info``, as a user runs them.

Generates the full demo data set once (2,000 students, 472 practices, a
travel table of 944,000 rows) as a CSV folder and as one .xlsx workbook, then
times ``python -m scheduler import`` into fresh databases and ``info --json``
as fresh processes, and prints medians against the bars (import < 10 s,
info < 1 s) with the row counts, which must match between CSV and .xlsx.

    .venv/bin/python benchmarks/bench_import.py [--runs 3] [--info-runs 5] [--xlsx-runs 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORT_BAR_S = 10.0
INFO_BAR_S = 1.0


CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system) of each timed child, by label: wall time on a shared machine is noisy."""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def gp(*args: str, label: str = "") -> tuple[float, str]:
    """Runs ``python -m scheduler ARGS`` in a fresh process; returns (wall seconds, stdout)."""
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "scheduler", *args], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"`gp-placements {' '.join(args)}` failed ({done.returncode}):\n{done.stderr}")
    CPU.setdefault(label, []).append(children_cpu() - cpu)
    return seconds, done.stdout


def time_imports(source: Path, work: Path, label: str, runs: int) -> tuple[list[float], Path]:
    times, db = [], work / f"{label}-0.db"
    for i in range(runs):
        db = work / f"{label}-{i}.db"
        seconds, _ = gp("import", str(source), "--db", str(db), label=label)
        times.append(seconds)
        print(f"  import {label} run {i + 1}: {seconds:.2f} s", flush=True)
    return times, db


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="CSV imports to time (default 3)")
    parser.add_argument("--info-runs", type=int, default=5, help="info calls to time (default 5)")
    parser.add_argument("--xlsx-runs", type=int, default=1, help=".xlsx imports to time (default 1)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from scheduler import exchange
    from scheduler.services import data

    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        work = Path(tmp)
        csv_dir, xlsx = work / "demo", work / "demo.xlsx"
        start = time.perf_counter()
        dataset = data.write_demo(csv_dir, seed=1, scale="full")
        exchange.write_dataset_xlsx(dataset, xlsx)
        print(f"generated the full demo set in {time.perf_counter() - start:.1f} s: {len(dataset.students):,} students, "
              f"{len(dataset.practices):,} practices, {len(dataset.travel):,} travel rows", flush=True)

        csv_times, csv_db = time_imports(csv_dir, work, "csv", args.runs)
        info_times = []
        for _ in range(args.info_runs):
            seconds, out = gp("info", "--json", "--db", str(csv_db), label="info")
            info_times.append(seconds)
        csv_counts = json.loads(out)
        xlsx_times, xlsx_db = time_imports(xlsx, work, "xlsx", args.xlsx_runs)
        _, out = gp("info", "--json", "--db", str(xlsx_db))
        xlsx_counts = json.loads(out)

        rows = [
            ("import CSV folder", csv_times, "csv", IMPORT_BAR_S),
            ("info --json", info_times, "info", INFO_BAR_S),
            ("import .xlsx workbook", xlsx_times, "xlsx", None),
        ]
        print()
        print(f"{'measure':<24}{'median s':>10}{'cpu s':>8}{'runs':>6}{'bar s':>8}  result")
        for name, times, label, bar in rows:
            median = statistics.median(times)
            verdict = "-" if bar is None else ("pass" if median < bar else "FAIL")
            print(f"{name:<24}{median:>10.2f}{statistics.median(CPU[label]):>8.2f}{len(times):>6}"
                  f"{(f'{bar:.0f}' if bar else '-'):>8}  {verdict}")
        print("(median wall time of fresh processes; cpu = median user + system seconds of the process)")
        print()
        print(f"sizes: CSV folder {size_mb(csv_dir):.1f} MB, .xlsx {size_mb(xlsx):.1f} MB, "
              f"database {size_mb(csv_db):.1f} MB")
        print("row counts: " + ", ".join(f"{k} {v:,}" for k, v in sorted(csv_counts.items())))
        same = csv_counts == xlsx_counts
        print(f".xlsx counts {'match' if same else 'DIFFER: ' + json.dumps(xlsx_counts)}")
        passed = same and all(statistics.median(t) < bar for _, t, _, bar in rows if bar is not None)
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
