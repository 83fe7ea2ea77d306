"""Smoke test of a frozen bundle: every headless command once, the outputs checked, then the window.

    python packaging/smoke.py "dist/GP Placements" [--scale small|full] [--work DIR] [--require-offline]

Runs the bundle's ``gp-placements`` (``gp-placements.exe`` on Windows) on a
throw-away database (on Linux every per-user folder is redirected too; on
Windows the log and window layout go to the usual places, so run it on a
build machine, not an officer's PC):
demo, import, info, solve, export, timetables, export-data; checks that
every required student-block is placed or explained exactly once, that the
counts agree, and that there is a valid PDF per practice used; then opens the
window offscreen with the start probe (``packaging/start_probe.py``), which
closes it at its first paint and lists the libraries loaded by then. Those
must come from the bundle (Qt, the Visual C++ runtime), and no Qt network
plugin may be loaded. Standard library only: any Python 3 runs it.

On Linux run it with networking disabled: ``unshare -rn python3 packaging/smoke.py ...``
(``--require-offline`` then checks that no network route exists). The
Windows workflow blocks the bundle's executables in the firewall instead.
Exit status 0 when everything passed, 1 with the failures listed.
"""

from __future__ import annotations

import argparse
import csv
import errno
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXE_NAME = "gp-placements.exe" if sys.platform == "win32" else "gp-placements"
# Qt plugins that reach for the network; none may be loaded (nor, after build.spec's cuts, shipped).
NETWORK_PLUGIN_DIRS = ("networkinformation", "tls")
# The Microsoft Visual C++ runtime: ortools, Qt and Python need it, and it must be the bundle's copy.
VC_RUNTIME_PREFIXES = ("vcruntime140", "msvcp140", "concrt140", "vcomp140")


class SmokeFailure(Exception):
    """One check that did not hold."""


def isolated_env(home: Path) -> dict[str, str]:
    """The environment with every per-user folder (data, settings, logs) inside ``home``."""
    env = dict(os.environ)
    env.update({"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
                "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache"),
                "APPDATA": str(home / "Roaming"), "LOCALAPPDATA": str(home / "Local"), "USERPROFILE": str(home),
                "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"})
    env.pop("GP_PLACEMENTS_START_PROBE", None)
    return env


def network_route_exists() -> bool:
    """True when the machine could send a packet out (a UDP connect only looks up a route; nothing is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1, never a real host
        return True
    except OSError as exc:
        if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
            return False
        raise
    finally:
        probe.close()


class Smoke:
    def __init__(self, bundle: Path, work: Path, scale: str, time_limit: float):
        self.bundle = bundle.resolve()
        self.exe = self.bundle / EXE_NAME
        self.work = work
        self.scale = scale
        self.time_limit = time_limit
        self.env = isolated_env(work / "home")
        self.db = work / "placements.db"
        self.timings: dict[str, float] = {}

    def run(self, step: str, *args: str, timeout: float = 900) -> str:
        started = time.perf_counter()
        done = subprocess.run([str(self.exe), *args], env=self.env, cwd=self.work, capture_output=True, text=True,
                              timeout=timeout, encoding="utf-8", errors="replace")
        self.timings[step] = time.perf_counter() - started
        if done.returncode != 0:
            raise SmokeFailure(f"{step}: exit {done.returncode}\n{done.stdout[-1500:]}\n{done.stderr[-3000:]}")
        print(f"ok   {step} ({self.timings[step]:.1f} s): {done.stdout.strip().splitlines()[0] if done.stdout.strip() else ''}")
        return done.stdout

    def headless(self) -> None:
        version = self.run("version", "--version")
        if not version.strip().startswith("gp-placements "):
            raise SmokeFailure(f"version: unexpected output {version!r}")
        data = self.work / "demo"
        self.run("demo", "demo", str(data), "--scale", self.scale)
        self.run("import", "--db", str(self.db), "import", str(data))
        before = json.loads(self.run("info", "--db", str(self.db), "info", "--json"))
        students = read_csv(data / "students.csv")
        if before["students"] != len(students) or before["practices"] != len(read_csv(data / "practices.csv")):
            raise SmokeFailure(f"import: database holds {before}, the demo files {len(students)} students")
        self.run("solve", "--db", str(self.db), "solve", "--time-limit", str(self.time_limit), "--quiet")
        after = json.loads(self.run("info after solve", "--db", str(self.db), "info", "--json"))
        out = self.work / "export"
        self.run("export", "--db", str(self.db), "export", str(out))
        check_plan(data, out, after)
        docs = self.work / "documents"
        self.run("timetables", "--db", str(self.db), "timetables", str(docs))
        check_documents(docs, out)
        round_trip = self.work / "round-trip.xlsx"
        self.run("export-data", "--db", str(self.db), "export-data", str(round_trip))
        if not round_trip.is_file() or round_trip.read_bytes()[:2] != b"PK":
            raise SmokeFailure("export-data: no workbook written")

    def window(self) -> dict:
        """Opens the window offscreen on the solved database; the start probe closes it at first paint."""
        report_file = self.work / "start-probe.json"
        env = dict(self.env, GP_PLACEMENTS_START_PROBE=str(report_file))
        started = time.time()
        try:
            done = subprocess.run([str(self.exe), "--db", str(self.db)], env=env, cwd=self.work, capture_output=True,
                                  text=True, timeout=180, encoding="utf-8", errors="replace")
        except subprocess.TimeoutExpired as expired:
            raise SmokeFailure(f"window: still open after {expired.timeout:.0f} s\n{self.app_log()}") from None
        if done.returncode != 0 or not report_file.exists():
            raise SmokeFailure(f"window: exit {done.returncode}, painted: {report_file.exists()}\n"
                               f"{done.stderr[-3000:]}\n{self.app_log()}")
        report = json.loads(report_file.read_text(encoding="utf-8"))
        self.timings["window painted"] = report["painted_at"] - started
        print(f"ok   window painted after {self.timings['window painted']:.2f} s and closed")
        check_libraries(self.bundle, report["libraries"])
        return report


    def app_log(self) -> str:
        """The window's own log file(s) from the throw-away home (no personal data goes there)."""
        logs = sorted((self.work / "home").rglob("gp-placements.log"))
        return "\n".join(f"{log}:\n{log.read_text(encoding='utf-8', errors='replace')[-3000:]}" for log in logs)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def check_plan(data: Path, out: Path, info: dict) -> None:
    """Every student-block is placed or explained exactly once, at a known practice, within the counts."""
    placements = read_csv(out / "placements.csv")
    unplaced = read_csv(out / "unplaced.csv")
    if len(placements) != info["placements"] or len(unplaced) != info["unplaced"]:
        raise SmokeFailure(f"export: {len(placements)} placements and {len(unplaced)} unplaced rows, database says {info}")
    if not placements:
        raise SmokeFailure("solve: the plan places nobody")
    students = {row["student_id"] for row in read_csv(data / "students.csv")}
    practices = {row["practice_code"] for row in read_csv(data / "practices.csv")}
    seen: set[tuple[str, str]] = set()
    for row in placements + unplaced:
        key = (row["student_id"], row["block_id"])
        if key in seen:
            raise SmokeFailure(f"export: student-block {key} appears twice")
        seen.add(key)
        if row["student_id"] not in students:
            raise SmokeFailure(f"export: unknown student {row['student_id']}")
    for row in placements:
        if row["practice_code"] not in practices:
            raise SmokeFailure(f"export: unknown practice {row['practice_code']}")
    for row in unplaced:
        if not row["reason"].strip():
            raise SmokeFailure(f"export: unplaced {row['student_id']} {row['block_id']} has no reason")
    print(f"ok   plan: {len(placements)} placed, {len(unplaced)} unplaced with reasons, no student-block twice")


def check_documents(docs: Path, out: Path) -> None:
    """A complete PDF per practice used and per student with a block (placed or told they are not yet), plus the
    overview and quality report."""
    placements, unplaced = read_csv(out / "placements.csv"), read_csv(out / "unplaced.csv")
    expected = {"practices": len({row["practice_code"] for row in placements}),
                "students": len({row["student_id"] for row in placements + unplaced})}
    for folder, count in expected.items():
        pdfs = sorted((docs / folder).glob("*.pdf"))
        if len(pdfs) != count:
            raise SmokeFailure(f"timetables: {len(pdfs)} PDFs in {folder}/, expected {count}")
        for pdf in pdfs:
            check_pdf(pdf)
    for name in ("overview.pdf", "quality.pdf", "payments.pdf"):
        check_pdf(docs / name)
    print(f"ok   documents: {expected['practices']} practice and {expected['students']} student PDFs, overview, quality, payments")


def check_pdf(path: Path) -> None:
    if not path.is_file():
        raise SmokeFailure(f"timetables: {path.name} missing")
    content = path.read_bytes()
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-64:]:
        raise SmokeFailure(f"timetables: {path} is not a complete PDF")


def check_libraries(bundle: Path, libraries: list[str]) -> None:
    """Qt and the VC++ runtime come from the bundle; no Qt network plugin is loaded."""
    def inside(path: str) -> bool:
        try:
            return Path(path).resolve().is_relative_to(bundle)
        except OSError:
            return False

    shipped = {p.name.lower() for p in bundle.rglob("*") if p.is_file() and (".so" in p.name or p.suffix.lower() in (".dll", ".pyd"))}
    problems = []
    for path in libraries:
        name = Path(path).name.lower()
        parts = {part.lower() for part in Path(path).parts}
        if parts & set(NETWORK_PLUGIN_DIRS):
            problems.append(f"network plugin loaded: {path}")
        elif not inside(path) and name in shipped:
            problems.append(f"loaded from outside the bundle although it ships a copy: {path}")
        elif not inside(path) and (name.startswith(VC_RUNTIME_PREFIXES) or "qt6" in name or "site-packages" in parts):
            problems.append(f"loaded from outside the bundle: {path}")
        elif sys.platform == "win32" and not inside(path) and not windows_system_file(path):
            problems.append(f"DLL from neither the bundle nor Windows: {path}")
    if not any(inside(path) and "qt6core" in Path(path).name.lower() for path in libraries):
        problems.append("Qt Core was not loaded from the bundle")
    if problems:
        raise SmokeFailure("libraries:\n  " + "\n  ".join(problems))
    outside = sum(not inside(path) for path in libraries)
    print(f"ok   libraries: {len(libraries) - outside} from the bundle, {outside} from the system, no network plugin")


def windows_system_file(path: str) -> bool:
    root = Path(os.environ.get("SystemRoot", r"C:\Windows")).resolve()
    try:
        return Path(path).resolve().is_relative_to(root)
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the onedir bundle, e.g. 'dist/GP Placements'")
    parser.add_argument("--scale", choices=("small", "full"), default="small")
    parser.add_argument("--time-limit", type=float, default=60.0, help="solver seconds (default 60)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the outputs (default: a temporary one)")
    parser.add_argument("--require-offline", action="store_true", help="fail unless the network is unreachable")
    parser.add_argument("--no-window", action="store_true", help="skip the window (headless machines without Qt libs)")
    args = parser.parse_args(argv)
    if args.require_offline and network_route_exists():
        print("FAIL the network is reachable; run under 'unshare -rn' (or block the bundle in the firewall)")
        return 1
    if not (args.bundle / EXE_NAME).is_file():
        print(f"FAIL no {EXE_NAME} in {args.bundle}")
        return 1
    with tempfile.TemporaryDirectory(prefix="gp-smoke-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        smoke = Smoke(args.bundle, work.resolve(), args.scale, args.time_limit)
        try:
            smoke.headless()
            if not args.no_window:
                smoke.window()
        except (SmokeFailure, subprocess.TimeoutExpired) as failure:
            print(f"FAIL {failure}")
            return 1
    print("PASS " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in smoke.timings.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
