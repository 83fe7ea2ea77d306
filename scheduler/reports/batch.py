"""Every document of a plan into one folder: per-practice and per-student files, then the summaries.

Layout: ``practices/<practice_code>.pdf``, ``students/<student_id>.pdf``,
``overview.pdf``, ``payments.pdf`` + ``payments.csv``, ``quality.pdf``.
Progress goes through a ``TaskState`` (done/total documents) and a cancel
request stops between documents. With ``workers`` > 1 the per-practice and
per-student files are shared out to a process pool; each worker builds its
own lookups once. Workers are spawned (never forked: the GUI has threads),
so a script that calls this must guard its entry point with
``if __name__ == "__main__"``, as every entry point of the application does.
The pool is not used inside a frozen (PyInstaller) build, where spawning a
worker would start the application again. Should a worker die, its job is
written in this process instead.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from scheduler.domain import DataSet, Plan
from scheduler.file_names import safe_filename
from scheduler.processes import die_with_parent
from scheduler.progress import TaskState
from scheduler.reports.index import PlanIndex
from scheduler.reports.overview import overview_pdf
from scheduler.reports.payments import payments_csv, payments_pdf
from scheduler.reports.quality import quality_pdf
from scheduler.reports.schedule import student_schedule
from scheduler.reports.timetable import practice_timetable
from scheduler.settings import Settings

CHUNK = 40
NO_BLOCKS = "no placement block applies to the student's year, group and programme in the data"
SUMMARY_DOCUMENTS = ("overview.pdf", "payments.pdf", "payments.csv", "quality.pdf")


@dataclass
class BatchResult:
    folder: Path
    practices: int = 0
    students: int = 0
    files: int = 0
    bytes: int = 0
    cancelled: bool = False
    seconds_by_kind: dict[str, float] = field(default_factory=dict)
    """Seconds spent on each kind of document ("practice", "student", "overview.pdf" …), added up over workers."""
    not_placed: list[str] = field(default_factory=list)
    """Students without any placement in the plan: their schedule tells them they are not yet placed."""
    without_document: list[tuple[str, str]] = field(default_factory=list)
    """(student id, why) for every student who got no schedule."""


def documents_only(data: DataSet) -> DataSet:
    """The tables documents read; the rest (a full travel table can hold a million rows) is not sent to workers."""
    return dataclasses.replace(data, exclusions=(), pairs=(), history=(), preferences=(), travel=(), postcodes=())


def default_workers() -> int:
    if getattr(sys, "frozen", False):
        return 1
    return max(1, min(2, os.cpu_count() or 1))


# --- worker side -----------------------------------------------------------
_worker: tuple[PlanIndex, Settings, Path] | None = None


def _init_worker(data: DataSet, plan: Plan, settings: Settings, folder: str) -> None:
    global _worker
    die_with_parent()  # a killed coordinator leaves no worker behind, writing on
    _worker = (PlanIndex(data, plan), settings, Path(folder))


def _write_chunk(kind: str, names: list[str]) -> tuple[int, dict[str, float]]:
    assert _worker is not None
    index, settings, folder = _worker
    return _write_many(index, settings, folder, kind, names)


_SUMMARY_WRITERS = {"overview.pdf": overview_pdf, "payments.pdf": payments_pdf, "payments.csv": payments_csv,
                    "quality.pdf": quality_pdf}


def _write_many(index: PlanIndex, settings: Settings, folder: Path, kind: str,
                names: list[str]) -> tuple[int, dict[str, float]]:
    """Writes one job's files; returns their total size and the seconds spent per kind of document."""
    size = 0
    seconds: dict[str, float] = {}
    for name in names:
        started = time.perf_counter()
        if kind == "practice":
            path = folder / "practices" / f"{safe_filename(name)}.pdf"
            practice_timetable(index, name, settings, target=path)
        elif kind == "student":
            path = folder / "students" / f"{safe_filename(name)}.pdf"
            student_schedule(index, name, settings, target=path)
        else:
            path = folder / name
            _SUMMARY_WRITERS[name](index, settings, target=path)
        size += path.stat().st_size
        label = name if kind == "summary" else kind
        seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - started
    return size, seconds


# --- coordinator -----------------------------------------------------------
def write_all(data: DataSet, plan: Plan, settings: Settings, folder: str | Path, task: TaskState | None = None,
              workers: int | None = None, index: PlanIndex | None = None) -> BatchResult:
    """Writes every document of the plan under ``folder``; stops early (``cancelled``) when the task is cancelled."""
    folder = Path(folder)
    (folder / "practices").mkdir(parents=True, exist_ok=True)
    (folder / "students").mkdir(parents=True, exist_ok=True)
    index = index or PlanIndex(data, plan)
    practices = index.practices_with_students()
    students = index.students_with_blocks()
    result = BatchResult(folder)
    result.not_placed = [sid for sid in students if not index.by_student.get(sid)]
    result.without_document = [(sid, NO_BLOCKS) for sid in index.students_without_blocks()]
    total = len(practices) + len(students) + len(SUMMARY_DOCUMENTS)
    done = 0

    def finished(kind: str, count: int, size: int, seconds: dict[str, float]) -> None:
        nonlocal done
        result.bytes += size
        result.files += count
        if kind == "practice":
            result.practices += count
        elif kind == "student":
            result.students += count
        for label, value in seconds.items():
            result.seconds_by_kind[label] = result.seconds_by_kind.get(label, 0.0) + value
        done += count
        if task is not None:
            task.report("Writing documents", done, total)

    if task is not None:
        task.report("Writing documents", 0, total)
    # the long overview goes first so that, in a pool, it runs beside the many small files
    jobs: list[tuple[str, list[str]]] = [("summary", ["overview.pdf"]), ("summary", ["quality.pdf"]),
                                         ("summary", ["payments.pdf", "payments.csv"])]
    jobs += [("practice", practices[i:i + CHUNK]) for i in range(0, len(practices), CHUNK)]
    jobs += [("student", students[i:i + CHUNK]) for i in range(0, len(students), CHUNK)]
    workers = default_workers() if workers is None else max(1, workers)
    if workers == 1:
        for kind, names in jobs:
            if task is not None and task.cancelled:
                result.cancelled = True
                break
            finished(kind, len(names), *_write_many(index, settings, folder, kind, names))
        return result

    context = multiprocessing.get_context("spawn")  # fork is unsafe from a multi-threaded GUI process
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(documents_only(data), plan, settings, str(folder))) as pool:
        try:
            _run_pool(pool, jobs, index, settings, folder, task, result, finished)
        except BaseException:  # an error, Ctrl+C or a stop signal: no worker may go on writing
            _stop_workers(pool)
            raise
    return result


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    pool.shutdown(wait=False, cancel_futures=True)
    # ProcessPoolExecutor has no public way to end running workers before Python 3.14 (terminate_workers)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.join(5)


def _run_pool(pool: ProcessPoolExecutor, jobs: list[tuple[str, list[str]]], index: PlanIndex, settings: Settings,
              folder: Path, task: TaskState | None, result: BatchResult, finished) -> None:
    """Shares the jobs out to the pool; a job whose worker died is written here instead."""
    pending: dict[Future, tuple[str, int]] = {}
    jobs_by_future: dict[Future, list[str]] = {}
    for kind, names in jobs:
        future = pool.submit(_write_chunk, kind, names)
        pending[future] = (kind, len(names))
        jobs_by_future[future] = names
    while pending:
        done_now, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        if task is not None and task.cancelled and not result.cancelled:
            result.cancelled = True
            for future in pending:
                future.cancel()
        for future in done_now:
            kind, count = pending.pop(future)
            if future.cancelled():
                continue
            try:
                finished(kind, count, *future.result())
            except BrokenProcessPool:
                # a worker died (killed, out of memory): write this job here instead
                finished(kind, count, *_write_many(index, settings, folder, kind, jobs_by_future[future]))
        if result.cancelled:
            pending = {f: v for f, v in pending.items() if not f.cancelled()}
