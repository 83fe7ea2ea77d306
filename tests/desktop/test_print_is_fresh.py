"""Printing never sends an old document: after each kind of change the printed PDF is the one the data makes now.

A timetable (or the quality report) is previewed, then the plan, the data or the
settings change, then Print (the window's own print path, to a PDF file) runs;
the printed text must equal a document made afresh through the services.
"""

from __future__ import annotations

import csv
import re
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from desktop import operations
from desktop.pages.documents import KEY_ROLE, KIND_ROLE
from scheduler.services import Workspace, documents

MADE = re.compile(r"made \d\d/\d\d/\d{4} \d\d:\d\d")
"""The footer's time stamp: a fresh copy made a minute later differs only there."""


def _text(pdf: bytes | Path) -> str:
    reader = PdfReader(BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return MADE.sub("made …", "\n".join(page.extract_text() for page in reader.pages))


def _fresh(db: str, window, kind: str, key: str) -> str:
    with Workspace.open(db) as ws:
        loaded = documents.open_documents(ws, window.state.shown_plan_name)
    return _text(operations.render_document(loaded, kind, key))


def _print(window, tmp_path: Path, n: int, printed: bool = True) -> str:
    """Ctrl+P from another page, printing to a PDF file; the text printed ('' when nothing was)."""
    target = tmp_path / f"printed-{n}.pdf"

    def pdf_printer(_pages):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return printer

    window.documents.choose_printer = pdf_printer
    window.show_page(window.pages.index(window.students))
    window.print_action.trigger()
    assert target.exists() == printed, "nothing was printed" if printed else "something was printed"
    return _text(target) if printed else ""


def _pick(page, listing, kind: str, key: str) -> None:
    page.tabs.setCurrentWidget(listing)
    listing.setCurrentRow(next(i for i in range(listing.count())
                               if (listing.item(i).data(KIND_ROLE), listing.item(i).data(KEY_ROLE)) == (kind, key)))


def _rows(window):
    return window.students.model.rows()


def _busiest(window) -> str:
    counts: dict[str, int] = {}
    for p in window.state.snapshot.plan.placements:
        counts[p.practice_code] = counts.get(p.practice_code, 0) + 1
    return max(counts, key=counts.get)


def _into(window, code: str):
    """A placed student-block elsewhere, in a block the practice ``code`` already teaches."""
    blocks = {p.block_id for p in window.state.snapshot.plan.placements if p.practice_code == code}
    return next(r for r in _rows(window) if r.placed and r.practice.code != code and r.block.block_id in blocks)


def _at(window, code: str, block: str | None = None):
    return next(r for r in _rows(window) if r.placed and r.practice.code == code
                and (block is None or r.block.block_id == block))


def _move(window, code):
    window.move(_into(window, code), code, override=True, reason="asked by the practice")


def _swap(window, code):
    outsider = _into(window, code)
    window.swap(_at(window, code, outsider.block.block_id), outsider, override=True, reason="swapped by hand")


def _lock(window, code):
    row = next(r for r in _rows(window) if r.placed and r.practice.code == code and not r.locked)
    window.set_locked(row, True, reason="agreed with the GP")


def _settings(window, _code):
    page = window.settings_page
    page.school.setText("Northern Medical School")
    page.save()


def _replan(window, _code):
    page = window.plan
    page.ask_make_current = lambda _outcome: True
    page.name_edit.setText("Plan 2")
    page.weight_spins["travel"].setValue(page.weight_spins["travel"].value() + 5)
    page.run_solve()
    assert window.state.snapshot.plan.name == "Plan 2"


def _import(window, code, folder: Path):
    changed = folder.parent / "changed"
    shutil.copytree(folder, changed, dirs_exist_ok=True)
    path = changed / "practices.csv"
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["practice_code"] == code:
            row["name"] = "Riverside Renamed Surgery"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    window.jobs.run(operations.import_for_window, str(changed), True, name="import", on_success=window._imported)


EXPECTED_CHANGES = {"practice": ["move", "undo", "redo", "swap", "settings", "re-plan", "re-plan"],
                    "quality": ["move", "undo", "redo", "swap", "lock", "settings", "re-plan", "re-plan"]}
"""The changes each document shows (so that a stale print would differ from a fresh one)."""

CHANGES = {"move": _move, "swap": _swap, "lock": _lock, "settings": _settings, "re-plan": _replan}


@pytest.mark.parametrize("document", ["practice", "quality"])
def test_print_after_each_kind_of_change_sends_the_document_as_it_is_now(make_window, planned_db, tmp_path,
                                                                        demo_folder, document):
    window = make_window(planned_db)
    window.resize(1366, 768)
    window.show()
    page = window.documents
    code = _busiest(window)
    kind, key = ("practice", code) if document == "practice" else ("quality", "")
    lists = {"practice": page.practice_list, "quality": page.summary_list}
    _pick(page, lists[kind], kind, key)
    page.preview_selected()
    steps = [("move", CHANGES["move"]), ("undo", lambda w, _c: w.undo_stack.undo()),
             ("redo", lambda w, _c: w.undo_stack.redo()), ("swap", CHANGES["swap"]), ("lock", CHANGES["lock"]),
             ("settings", CHANGES["settings"]), ("re-plan", CHANGES["re-plan"]),
             ("import", lambda w, c: _import(w, c, demo_folder)), ("re-plan", CHANGES["re-plan"])]
    changed = []
    before = _print(window, tmp_path, 0)
    assert before == _fresh(planned_db, window, kind, key)
    for n, (what, change) in enumerate(steps, start=1):
        change(window, code)
        if what == "import":  # the import replaced the data and its plans: nothing old is printed
            assert window.state.snapshot.plan is None and not _print(window, tmp_path, n, printed=False)
            assert not page.pdf.pageCount() and "no plan" in page.preview_title.text()
            continue
        if page.pdf.pageCount() == 0:  # a plan again after the import: the officer picks the document again
            _pick(page, lists[kind], kind, key)
        printed = _print(window, tmp_path, n)
        assert printed == _fresh(planned_db, window, kind, key), f"the print after the {what} is out of date"
        if printed != before:
            changed.append(what)
        before = printed
    assert changed == EXPECTED_CHANGES[kind], changed
    assert "Northern Medical School" in before
    assert kind != "practice" or "Riverside Renamed Surgery" in before

