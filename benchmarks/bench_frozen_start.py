"""How long the frozen ``gp-placements`` takes from launch to its first painted window (median of 5).

Starts the bundle's executable on a database with the start probe
(``GP_PLACEMENTS_START_PROBE``, see ``packaging/start_probe.py``), which
records the wall-clock time of the main window's first paint and closes the
window. Each run is timed from just before the process is started, so it
includes the bootloader, Python and Qt start-up, opening (and if needed
migrating) the database and building the window. Every run gets a fresh,
empty home folder, so no remembered window layout or setting helps it.

Warm: one untimed run first, then the timed runs with the bundle in the page
cache. Cold (``--cold``, Linux): before every run the bundle's files and the
database are dropped from the page cache (``posix_fadvise(DONTNEED)`` on
those files only), as after a reboot.

    python benchmarks/bench_frozen_start.py --bundle "dist/GP Placements" --db full.db [--runs 5] [--cold]
    python benchmarks/bench_frozen_start.py --bundle "dist/GP Placements" --make-db full.db   # demo full, import, solve

Exit status 1 when the median is 3 s or more.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXE_NAME = "gp-placements.exe" if sys.platform == "win32" else "gp-placements"
BAR_SECONDS = 3.0


def isolated_env(home: Path, platform: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
                "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache"),
                "APPDATA": str(home / "Roaming"), "LOCALAPPDATA": str(home / "Local"), "USERPROFILE": str(home),
                "QT_QPA_PLATFORM": platform})
    env.pop("GP_PLACEMENTS_START_PROBE", None)
    return env


def make_database(exe: Path, db: Path, time_limit: float) -> None:
    """The full demo data set imported and solved, with the bundle itself."""
    with tempfile.TemporaryDirectory() as tmp:
        env = isolated_env(Path(tmp), "offscreen")
        data = Path(tmp) / "demo"
        for args in (["demo", str(data), "--scale", "full"], ["--db", str(db), "import", str(data)],
                     ["--db", str(db), "solve", "--time-limit", str(time_limit), "--quiet"]):
            subprocess.run([str(exe), *args], env=env, check=True)


def evict_from_page_cache(paths: list[Path]) -> None:
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def run_once(exe: Path, db: Path, platform: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "probe.json"
        env = dict(isolated_env(Path(tmp) / "home", platform), GP_PLACEMENTS_START_PROBE=str(report))
        started = time.time()
        done = subprocess.run([str(exe), "--db", str(db)], env=env, capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or not report.exists():
            raise SystemExit(f"the window did not start (exit {done.returncode}):\n{done.stderr[-2000:]}")
        return json.loads(report.read_text(encoding="utf-8"))["painted_at"] - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, required=True, help="the onedir bundle, e.g. 'dist/GP Placements'")
    parser.add_argument("--db", type=Path, help="a database holding the full demo data set and a plan")
    parser.add_argument("--make-db", type=Path, metavar="FILE", help="make that database with the bundle, then stop")
    parser.add_argument("--time-limit", type=float, default=120.0, help="solver seconds for --make-db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="drop the bundle and database from the page cache before each run")
    parser.add_argument("--platform", default=None, help="Qt platform (default: xcb with a DISPLAY, else offscreen)")
    args = parser.parse_args(argv)
    exe = (args.bundle / EXE_NAME).resolve()
    if args.make_db:
        make_database(exe, args.make_db.resolve(), args.time_limit)
        return 0
    if args.db is None:
        parser.error("--db is required (or --make-db to make one)")
    if args.cold and not hasattr(os, "posix_fadvise"):
        parser.error("--cold needs posix_fadvise (Linux)")
    platform = args.platform or ("xcb" if os.environ.get("DISPLAY") else "offscreen")
    db = args.db.resolve()
    files = [p for p in args.bundle.resolve().rglob("*") if p.is_file()] + [db]
    if not args.cold:
        run_once(exe, db, platform)  # warm-up: the bundle's files into the page cache
    times = []
    for i in range(1, args.runs + 1):
        if args.cold:
            evict_from_page_cache(files)
        times.append(run_once(exe, db, platform))
        print(f"run {i}: window painted after {times[-1]:.2f} s")
    median = statistics.median(times)
    kind = "cold" if args.cold else "warm"
    print(f"{kind} start, {platform}, median of {len(times)}: {median:.2f} s (min {min(times):.2f}, max {max(times):.2f})")
    return 0 if median < BAR_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
