"""Smoke test of the installed Windows program under Wine, driven from Linux by packaging/wine/smoke.sh.

    python3 packaging/wine/smoke_windows.py --program PROGRAM_DIR --data DATA_DIR [--skip-stop]

PROGRAM_DIR is where the installer put the program and DATA_DIR a folder for the data set and outputs, both
as Windows paths in the current WINEPREFIX. The console program runs demo, import, info, solve, export,
timetables, letters, backup and restore on the database in %LOCALAPPDATA% (no --db), and the outputs are
checked with packaging/smoke.py's checks. The windowed program then opens that database offscreen, shows the
Plan page and closes (packaging/start_probe.py). Every process runs with WINEDEBUG=+loaddll: a DLL loaded from
anywhere but the program's folder and C:\\windows fails the smoke. Two solves on a larger data set are
stopped, one with Ctrl+C (SIGINT, which Wine turns into CTRL_C_EVENT) and one by ending the program outright;
no copy of gp-placements.exe may be left in the prefix afterwards.

Standard library only; Wine's programs (wine, winepath) must be on PATH. Exit status 0 when every check
passed, 1 with the failure shown.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from smoke import SmokeFailure, check_documents, check_pdf, check_plan, read_csv  # noqa: E402

CONSOLE_EXE = "gp-placements.exe"
WINDOW_EXE = "GP Placements.exe"
WORKER_FLAG = "--multiprocessing-fork"
"""How a frozen program's multiprocessing starts its copies (PyInstaller's freeze_support)."""
LOADDLL = re.compile(r'^([0-9a-f]+):[0-9a-f]+:trace:loaddll:\w+ Loaded L"((?:[^"\\]|\\.)*)" at \S+: \w+$')
WINDOWS_FOLDER = PureWindowsPath("C:/windows")


def decode_wine_string(text: str) -> str:
    """A string as Wine's debug output prints it (debugstr_w): backslash escapes, \\XXXX for non-ASCII."""
    simple = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t"}

    def one(match: re.Match) -> str:
        code = match.group(1)
        return simple[code] if code in simple else chr(int(code, 16))

    return re.sub(r'\\([\\"nrt]|[0-9a-fA-F]{4})', one, text)


@dataclass
class Process:
    pid: int
    exe: str
    libraries: list[str] = field(default_factory=list)


def loaded_libraries(trace: str) -> tuple[list[Process], str]:
    """The processes and the DLLs each loaded, from a WINEDEBUG=+pid,+loaddll trace; and the rest of the text."""
    processes: dict[int, Process] = {}
    rest = []
    for line in trace.splitlines():
        match = LOADDLL.match(line)
        if not match:
            if ":trace:loaddll:" not in line:  # "Unloaded module ..." lines are left out too
                rest.append(line)
            continue
        pid, path = int(match.group(1), 16), decode_wine_string(match.group(2))
        process = processes.setdefault(pid, Process(pid, ""))
        if not process.exe and path.lower().endswith(".exe"):
            process.exe = path
        process.libraries.append(path)
    return list(processes.values()), "\n".join(rest)


def foreign_libraries(process: Process, program: PureWindowsPath) -> list[str]:
    """The DLLs of ``process`` that come from neither the program's folder nor Windows' own (C:\\windows)."""
    def inside(path: str, folder: PureWindowsPath) -> bool:
        return PureWindowsPath(path.lower()).is_relative_to(PureWindowsPath(str(folder).lower()))

    return [path for path in process.libraries if not inside(path, program) and not inside(path, WINDOWS_FOLDER)]


def windows_to_unix(path: str) -> Path:
    done = subprocess.run(["winepath", "-u", path], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return Path(done.stdout.strip()).resolve()


def prefix_processes(name: str) -> list[tuple[int, str]]:
    """(Unix pid, command line) of this WINEPREFIX's processes whose command line names ``name``, except Wine's
    start.exe, which ``wine PROGRAM`` puts in front of the program to wait for it."""
    prefix = os.environ["WINEPREFIX"].encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace").strip()
            environment = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue  # ended meanwhile
        if (name.lower() in command.lower() and not command.lower().startswith("start.exe")
                and b"WINEPREFIX=" + prefix in environment):
            found.append((int(entry.name), command))
    return found


class Smoke:
    def __init__(self, program: str, data: str) -> None:
        self.program = PureWindowsPath(program)
        self.data = PureWindowsPath(data)
        self.data_unix = windows_to_unix(data)
        self.data_unix.mkdir(parents=True, exist_ok=True)
        self.timings: dict[str, float] = {}
        self.processes: list[tuple[str, Process]] = []

    def exe(self, name: str = CONSOLE_EXE) -> str:
        """The program's Windows path: given its Unix path, Wine would run it from drive Z: instead."""
        return str(self.program / name)

    def data_path(self, *parts: str) -> str:
        return str(self.data.joinpath(*parts))

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ, WINEDEBUG="-all,+pid,+loaddll", PYTHONDONTWRITEBYTECODE="1")
        env.pop("GP_PLACEMENTS_START_PROBE", None)  # only the window step asks for the probe
        return env | extra

    def run(self, step: str, *args: str, exe: str = CONSOLE_EXE, expect: int = 0, timeout: float = 1800,
            **env: str) -> str:
        """Runs the program with standard input and output on pipes (Wine fails a Windows program whose
        standard handles are /dev/null or files); returns its output, the DLL trace taken out."""
        started = time.perf_counter()
        done = subprocess.run(["wine", self.exe(exe), *args], input=b"", capture_output=True, timeout=timeout,
                              env=self.env(**env), cwd=self.data_unix)
        self.timings[step] = time.perf_counter() - started
        processes, errors = loaded_libraries(done.stderr.decode("utf-8", "replace"))
        self.processes += [(step, process) for process in processes]
        output = windows_text(done.stdout)
        if done.returncode != expect:
            raise SmokeFailure(f"{step}: exit {done.returncode} (expected {expect})\n{output[-1500:]}\n{errors[-3000:]}")
        first = output.strip().splitlines()[0] if output.strip() else ""
        print(f"ok   {step} ({self.timings[step]:.1f} s): {first[:150]}", flush=True)
        return output + errors

    def info(self, step: str, *db: str) -> dict:
        return json.loads(self.run(step, *db, "info", "--json").splitlines()[0])

    def headless(self) -> None:
        if not self.run("version", "--version").startswith("gp-placements "):
            raise SmokeFailure("version: no 'gp-placements <version>' line")
        demo = self.data_unix / "demo"
        self.run("demo", "demo", self.data_path("demo"), "--scale", "small")
        self.run("import", "import", self.data_path("demo"))
        before = self.info("info")
        if before["students"] != len(read_csv(demo / "students.csv")):
            raise SmokeFailure(f"import: database holds {before}")
        self.run("solve", "solve", "--time-limit", "60", "--quiet")
        after = self.info("info after solve")
        self.run("export", "export", self.data_path("export"))
        check_plan(demo, self.data_unix / "export", after)
        self.run("timetables", "timetables", self.data_path("documents"))
        check_documents(self.data_unix / "documents", self.data_unix / "export")
        self.run("letters", "letters", self.data_path("letters"))
        check_letters(self.data_unix / "letters", self.data_unix / "export")
        self.run("backup", "backup", self.data_path("backup.db"))
        self.run("restore", "restore", self.data_path("backup.db"))
        restored = self.info("info after restore")
        if {k: restored[k] for k in ("students", "placements", "plans")} != {k: after[k] for k in ("students", "placements", "plans")}:
            raise SmokeFailure(f"restore: database holds {restored}, before the backup {after}")
        print(f"ok   backup and restore: {restored['placements']} placements, {restored['plans']} plan(s) back")

    def database_in_local_appdata(self) -> Path:
        """The default database, where platformdirs puts it on Windows: %LOCALAPPDATA%\\GP Placements\\GP Placements."""
        user = os.environ["USER"]
        local = Path(os.environ["WINEPREFIX"]) / "drive_c" / "users" / user / "AppData" / "Local"
        database = local / "GP Placements" / "GP Placements" / "placements.db"
        if not database.is_file() or database.stat().st_size == 0:
            raise SmokeFailure(f"no database at {database}")
        print(f"ok   database in %LOCALAPPDATA%: {database} ({database.stat().st_size / 1024:.0f} KiB)")
        return database

    def window(self) -> dict:
        """The windowed program on the default database, offscreen: shows the Plan page, saves a picture, closes.

        Offscreen through the prefix's registry (HKCU\\Environment, set by smoke.sh): Wine 8 does not pass
        QT_QPA_PLATFORM from Linux to a Windows program, and Qt's own windows platform cannot start here."""
        report_file = self.data_unix / "start-probe.json"
        report_file.unlink(missing_ok=True)
        self.run("window", exe=WINDOW_EXE, timeout=300,
                 GP_PLACEMENTS_START_PROBE=self.data_path("start-probe.json"), GP_PLACEMENTS_START_PROBE_PAGE="Plan")
        if not report_file.is_file():
            raise SmokeFailure("window: closed without the start probe's report")
        report = json.loads(report_file.read_text(encoding="utf-8"))
        picture = self.data_unix / "start-probe.json.png"
        if report.get("page") != "Plan" or report.get("busy") or not picture.is_file():
            raise SmokeFailure(f"window: page {report.get('page')!r}, busy {report.get('busy')}, picture {picture.is_file()}")
        if picture.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
            raise SmokeFailure(f"window: {picture} is not a PNG")
        if not report.get("font_families"):
            raise SmokeFailure("window: Qt found no fonts, so every letter was painted as a box")
        print(f"ok   window painted the Plan page ({report['page_shown_at'] - report['painted_at']:.1f} s after its "
              f"first paint, {report['font_families']} font families), picture {picture}")
        return report

    def check_dlls(self) -> None:
        problems, counts = [], []
        for step, process in self.processes:
            name = PureWindowsPath(process.exe).name if process.exe else "?"
            foreign = foreign_libraries(process, self.program)
            problems += [f"{step}: {name} (pid {process.pid:#x}) loaded {path}" for path in foreign]
            own = sum(PureWindowsPath(p.lower()).is_relative_to(str(self.program).lower()) for p in process.libraries)
            if own:  # Wine's own programs (wineboot, services, start, ...) load only C:\windows DLLs
                counts.append(f"{step}/{name}: {own} from the program, {len(process.libraries) - own - len(foreign)} Windows")
        if problems:
            raise SmokeFailure("DLLs from outside the program's folder and C:\\windows:\n  " + "\n  ".join(problems))
        programs = sum(1 for _, p in self.processes if p.exe.lower().endswith(CONSOLE_EXE) or p.exe.lower().endswith(WINDOW_EXE.lower()))
        print(f"ok   DLLs: {len(self.processes)} processes ({programs} copies of the program) loaded "
              f"{sum(len(p.libraries) for _, p in self.processes)} DLLs, all from the program's folder or C:\\windows")
        for line in counts:
            print(f"       {line}")

    def stop_checks(self) -> None:
        """Solves on a larger data set, stopped twice while their HiGHS workers run; no copy may be left."""
        self.run("demo (full)", "demo", self.data_path("full"), "--scale", "full")
        stop_db = self.data_path("stop.db")
        self.run("import (full)", "--db", stop_db, "import", self.data_path("full"))
        self.stopped_solve("Ctrl+C", stop_db, signal.SIGINT, expect_exit=130)
        self.stopped_solve("program ended", stop_db, signal.SIGKILL, expect_exit=None)

    def stopped_solve(self, how: str, db: str, sent: signal.Signals, expect_exit: int | None) -> None:
        started = time.perf_counter()
        solve = subprocess.Popen(["wine", self.exe(), "--db", db, "solve", "--time-limit", "900"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 env=dict(self.env(), WINEDEBUG="-all"), cwd=self.data_unix)
        solve.stdin.close()
        output: list[str] = []
        reader = threading.Thread(target=lambda: output.extend(windows_text(line) for line in solve.stdout),
                                  daemon=True)
        reader.start()
        workers = wait_for(lambda: [p for p in prefix_processes(CONSOLE_EXE) if WORKER_FLAG in p[1]], 600)
        if not workers:
            solve.kill()
            raise SmokeFailure(f"stop ({how}): no worker process started in 600 s\n{''.join(output)[-2000:]}")
        main = [pid for pid, command in prefix_processes(CONSOLE_EXE) if WORKER_FLAG not in command]
        if len(main) != 1:
            raise SmokeFailure(f"stop ({how}): {len(main)} main processes, expected one")
        running_for = time.perf_counter() - started
        os.kill(main[0], sent)
        stopped_at = time.perf_counter()
        try:
            code = solve.wait(timeout=120)
        except subprocess.TimeoutExpired:
            solve.kill()
            raise SmokeFailure(f"stop ({how}): the program did not end within 120 s") from None
        reader.join(timeout=10)
        left = wait_for(lambda: not prefix_processes(CONSOLE_EXE), 30)
        gone_after = time.perf_counter() - stopped_at
        if not left:
            raise SmokeFailure(f"stop ({how}): still running 30 s later: {prefix_processes(CONSOLE_EXE)}")
        if expect_exit is not None and code != expect_exit:
            raise SmokeFailure(f"stop ({how}): exit {code}, expected {expect_exit}\n{''.join(output)[-2000:]}")
        self.timings[f"stop ({how})"] = gone_after
        print(f"ok   stop ({how}) after {running_for:.0f} s with {len(workers)} worker(s) running: exit {code}, "
              f"no gp-placements.exe left {gone_after:.1f} s later")


def check_letters(letters: Path, export: Path) -> None:
    """A letter (PDF) and an email draft per practice with students, a draft per placed student."""
    placements = read_csv(export / "placements.csv")
    practices = {row["practice_code"] for row in placements}
    students = {row["student_id"] for row in placements}
    for code in practices:
        check_pdf(letters / "practices" / f"{code}.pdf")
    drafts = {"practices": len(list((letters / "practices").glob("*.eml"))),
              "students": len(list((letters / "students").glob("*.eml")))}
    if drafts != {"practices": len(practices), "students": len(students)}:
        raise SmokeFailure(f"letters: drafts {drafts}, expected {len(practices)} practices, {len(students)} students")
    print(f"ok   letters: {len(practices)} practice letters and drafts, {len(students)} student drafts")


def windows_text(output: bytes) -> str:
    """A Windows program's output to a pipe: UTF-8, or else the ANSI code page (cp1252) Python uses there."""
    try:
        return output.decode("utf-8")
    except UnicodeDecodeError:
        return output.decode("cp1252", "replace")


def wait_for(condition, seconds: float):
    """``condition()``'s first true value within ``seconds`` (polled every half second), else the last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--program", required=True, help="the installed program's folder (Windows path)")
    parser.add_argument("--data", required=True, help="a folder for the data set and outputs (Windows path)")
    parser.add_argument("--skip-stop", action="store_true", help="leave out the stopped solves on the full data set")
    args = parser.parse_args(argv)
    smoke = Smoke(args.program, args.data)
    try:
        smoke.headless()
        smoke.database_in_local_appdata()
        smoke.window()
        smoke.check_dlls()
        if not args.skip_stop:
            smoke.stop_checks()
        if prefix_processes(CONSOLE_EXE) or prefix_processes(WINDOW_EXE):
            raise SmokeFailure(f"left running at the end: {prefix_processes(CONSOLE_EXE) + prefix_processes(WINDOW_EXE)}")
    except (SmokeFailure, subprocess.TimeoutExpired) as failure:
        print(f"FAIL {failure}")
        return 1
    print("PASS " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in smoke.timings.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
