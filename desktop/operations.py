"""Every function the window's background jobs run, in one module (as Anki keeps its in ``aqt/operations``).

Each is a plain function without Qt: ``work(ws, *args)`` (or ``work(*args)``
when it needs no database) that calls ``scheduler.services`` and returns a
small result; ``desktop.jobs`` runs it off the GUI thread. Those started with
``in_process=True`` (solve, import, demo, compare, advice) run in a child process and
must be importable there: CP-SAT and numpy hold Python's global lock for long
stretches while a model of the full data set is built (measured: up to 0.4 s
at a time), and so does writing a million travel rows on import (up to
0.57 s); on a thread of the window's process either would freeze the window.
Hand edits run through their undo commands (``desktop.undo``), and the
window's snapshot through ``desktop.state.load_snapshot``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def solve_plan(ws, name: str, settings, min_change: bool, replace: bool = False, locks_from: str | None = None,
               task=None):
    """Saves the weights as the new defaults, then solves and saves the plan (see ``plans.solve``)."""
    from scheduler.services import data, plans

    data.save_settings(ws, settings)
    return plans.solve(ws, name, settings=settings, task=task, min_change=min_change, replace=replace,
                       locks_from=locks_from)


@dataclass
class ImportCheck:
    """What the import wizard shows: the problems, the size of each table, and its first rows.

    A full data set holds about a million travel rows; the window previews the
    first ``PREVIEW_ROWS`` of each table and every row with a problem, so the
    check stays small enough to pass between processes and to show at once.
    """

    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    tables: dict = field(default_factory=dict)
    table_rows: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    readable: bool = True

    @property
    def ok(self) -> bool:
        return self.readable and not self.errors

    @property
    def problems(self) -> list:
        return [*self.errors, *self.warnings]


PREVIEW_ROWS = 300


def _summarise(result) -> ImportCheck:
    from scheduler.exchange.results import RawTable

    problem_rows: dict[str, set[int]] = {}
    for problem in result.problems:
        if problem.row is not None:
            problem_rows.setdefault(problem.table, set()).add(problem.row)
    tables, sizes = {}, {}
    for name, table in result.tables.items():
        wanted = problem_rows.get(name, set())
        keep = [i for i, number in enumerate(table.row_numbers) if i < PREVIEW_ROWS or number in wanted]
        tables[name] = RawTable(name, list(table.headers), [table.rows[i] for i in keep],
                                [table.row_numbers[i] for i in keep])
        sizes[name] = len(table.rows)
    data = result.dataset
    counts = {} if data is None else {"students": len(data.students), "practices": len(data.practices),
                                      "blocks": len(data.blocks)}
    return ImportCheck(list(result.errors), list(result.warnings), tables, sizes, counts, data is not None)


def check_for_preview(path: str, mapping: dict | None = None) -> ImportCheck:
    """Reads and checks a folder or workbook (through a column mapping, if chosen); nothing is written."""
    from scheduler.services import data

    return _summarise(data.check_data(path, mapping))


def import_for_window(ws, path: str, replace: bool, mapping: dict | None = None) -> ImportCheck:
    """Imports all or nothing (the services check again) and says what came in."""
    from scheduler.services import data

    return _summarise(data.import_data(ws, path, replace=replace, mapping=mapping))


def years_on_record(ws) -> list[dict]:
    from scheduler.services import years

    return years.years_held(ws)


def closed_year_plans(ws, year: str):
    """A closed year's plans and placements from its archive (read-only)."""
    from scheduler.services import years

    return years.closed_year_plans(ws, year)


def saved_mapping_names(ws) -> list[str]:
    from scheduler.services import mappings

    return mappings.mapping_names(ws)


def load_saved_mapping(ws, name: str) -> dict:
    from scheduler.services import mappings

    return mappings.load_mapping(ws, name)


def save_column_mapping(ws, name: str, mapping: dict) -> str:
    """Keeps the mapping chosen in the wizard for next year; returns its name."""
    from scheduler.services import mappings

    mappings.save_mapping(ws, name, mapping)
    return name.strip()


def load_demo(ws, scale: str, seed: int = 1) -> ImportCheck:
    """Writes the demo tables to a temporary folder and imports them into an empty database."""
    import tempfile

    from scheduler.services import data

    with tempfile.TemporaryDirectory(prefix="gp-demo-") as folder:
        data.write_demo(folder, seed=seed, scale=scale)
        return _summarise(data.import_data(ws, folder, replace=False))


# --- plans -------------------------------------------------------------------------------------

def plan_call(ws, function_name: str, *args):
    """copy_plan, rename_plan, delete_plan or set_current_plan of ``scheduler.services.plans``."""
    from scheduler.services import plans

    if function_name not in ("copy_plan", "rename_plan", "delete_plan", "set_current_plan"):
        raise ValueError(f"not a plan operation: {function_name}")
    return getattr(plans, function_name)(ws, *args)


def list_edits(ws, plan_name: str):
    from scheduler.services import edits

    return edits.list_edits(ws, plan_name)


def compare_plans(ws, name_a: str, name_b: str):
    from scheduler.services import plans

    return plans.compare_plans(ws, name_a, name_b)


def export_plan(ws, folder: str, plan_name: str | None):
    """Into the folder picked, or a folder of its own inside it when the one picked holds other files."""
    from scheduler.services import plans

    return plans.export_plan(ws, plans.export_folder(folder), name=plan_name)


def export_table(ws, kind: str, path: str, plan_name: str | None, other_plan: str | None = None):
    from scheduler.services import spreadsheets

    return spreadsheets.export_table(ws, kind, path, plan_name, other_plan)


def write_table(path: str, sheet):
    """A table as the window shows it (``desktop.table_export``), as .xlsx or .csv; no database needed."""
    from scheduler.services import spreadsheets

    return spreadsheets.write_table(path, sheet)


def advise(ws, plan_name: str | None, task=None):
    """Where to recruit, kept with the plan when still current (``advice.advise``)."""
    from scheduler.services import advice

    return advice.advise(ws, plan_name, task=task, keep=True)


def kept_advice(ws, plan_name: str):
    from scheduler.services import advice

    return advice.kept_advice(ws, plan_name)


def table_pdf(ws, sheet, plan_name: str | None):
    from scheduler.services import documents

    return documents.table_pdf_bytes(ws, sheet, plan_name)


def swap_preview(ws, plan_name: str, block_id: str, student_a: str, student_b: str):
    from scheduler.services import edits

    return edits.swap_preview(ws, plan_name, block_id, student_a, student_b)


def allowed_moves(ws, plan_name: str, student_id: str, block_id: str):
    from scheduler.services import edits

    return edits.allowed_moves(ws, plan_name, student_id, block_id)


# --- data and settings -------------------------------------------------------------------------

def write_template(path: str):
    from scheduler.services import data

    return data.write_template(path)


def save_settings(ws, settings):
    from scheduler.services import data

    data.save_settings(ws, settings)
    return settings


# --- documents ---------------------------------------------------------------------------------

DOCUMENT_METHODS = {"practice": "practice_timetable", "student": "student_schedule", "overview": "overview",
                    "payments": "payments_pdf", "quality": "quality"}


def render_document(documents, kind: str, key: str) -> bytes:
    """One PDF from a plan the documents service loaded (domain objects only; no workspace)."""
    method = getattr(documents, DOCUMENT_METHODS[kind])
    return method(key) if kind in ("practice", "student") else method()


def load_and_render(ws, kind: str, key: str, plan_name: str | None):
    """Loads the plan for previews once, and makes the first document from it."""
    from scheduler.services import documents

    loaded = documents.open_documents(ws, plan_name)
    return loaded, render_document(loaded, kind, key)


def save_all_documents(ws, folder: str, plan_name: str | None, task=None):
    """Every document, written all or nothing (the folder is swapped in only when complete)."""
    from scheduler.services import documents

    return documents.write_documents(ws, folder, plan_name=plan_name, task=task)


# --- change requests ---------------------------------------------------------------------------

def list_requests(ws, status: str | None = None):
    from scheduler.services import requests

    return requests.list_requests(ws, status)


def add_request(ws, student_id: str, block_id: str, kind: str, user: str, reason: str, practice_code: str,
                max_minutes: float | None, away_from, away_to):
    from scheduler.services import requests

    return requests.add_request(ws, student_id, block_id, kind, user, reason=reason, practice_code=practice_code,
                                max_minutes=max_minutes, away_from=away_from, away_to=away_to)


def accept_request(ws, request_id: int, user: str, plan_name: str | None, override: bool = False):
    from scheduler.services import requests

    return requests.accept_request(ws, request_id, user, plan_name=plan_name, override=override)


def decline_request(ws, request_id: int, user: str):
    from scheduler.services import requests

    return requests.decline_request(ws, request_id, user)


def replan_for_requests(ws, from_plan: str, task=None):
    """A minimal-change plan from ``from_plan`` keeping every accepted request and lock, saved under an unused
    name ("Plan A re-planned", then "Plan A re-planned 2", also when re-planning a re-planned plan)."""
    import re

    from scheduler.services import plans

    stem = re.sub(r" re-planned( \d+)?$", "", from_plan)
    name = plans.unused_plan_name({p.name for p in plans.list_plans(ws)}, f"{stem} re-planned")
    return plans.solve(ws, name, task=task, min_change=True, locks_from=from_plan)


# --- capacity offers and approvals ---------------------------------------------------------------

def output_folder(chosen: str, name: str) -> str:
    """The folder an officer picked when it is empty or an earlier output of the app, else ``name`` inside it
    (so picking "Documents" neither is refused nor has its other files replaced)."""
    from scheduler.exchange.atomic import folder_to_write

    return str(folder_to_write(chosen, name))


def offers_out(ws, folder: str):
    from scheduler.services import offers

    return offers.offers_out(ws, output_folder(folder, "Capacity offers"))


def check_offer_returns(ws, paths: list[str]):
    from scheduler.services import offers

    return offers.check_offer_returns(ws, paths)


def apply_offer_returns(ws, paths: list[str]):
    from scheduler.services import offers

    return offers.apply_offer_returns(ws, paths)


def offers_and_approvals(ws, months: int, dataset=None):
    """(the round's status per practice, the approvals due within ``months``) for the Offers page; ``dataset``
    is the window's snapshot, so the data set is not read again."""
    from scheduler.services import compliance, offers

    return offers.offers_status(ws), compliance.list_approvals_due(ws, months, data=dataset)


# --- the students' preferences round ----------------------------------------------------------

def preferences_out(ws, folder: str):
    from scheduler.services import preferences

    return preferences.preferences_out(ws, output_folder(folder, "Preferences"))


def preview_preference_returns(ws, paths: list[str]):
    from scheduler.services import preferences

    return preferences.preview_preferences(ws, paths)


def import_preference_returns(ws, paths: list[str], previewed):
    from scheduler.services import preferences

    return preferences.import_preferences(ws, paths, previewed=previewed)


def preference_replies(ws, dataset=None):
    """Where each student stands in the preferences round; ``dataset`` is the window's snapshot."""
    from scheduler.services import preferences

    return preferences.preference_replies(ws, dataset)


# --- letters, email drafts and calendars ---------------------------------------------------------

def write_letters(ws, folder: str, plan_name: str | None, task=None):
    from scheduler.services import correspondence

    return correspondence.write_letters(ws, output_folder(folder, "Placement letters"), plan_name, task=task)


def write_calendars(ws, folder: str, plan_name: str | None, task=None):
    from scheduler.services import correspondence

    return correspondence.write_calendars(ws, output_folder(folder, "Placement calendars"), plan_name, task=task)


def write_payments(ws, folder: str, plan_name: str | None):
    """The payments summary and a statement per practice, each ending with the practice's own quality report."""
    from scheduler.services import payments

    return payments.write_payments(ws, output_folder(folder, "Payments"), plan_name)


# --- the students' evaluations round -----------------------------------------------------------

def evaluations_out(ws, folder: str, blocks: list[str] | None):
    from scheduler.services import evaluations

    return evaluations.evaluations_out(ws, output_folder(folder, "Evaluations"), blocks)


def check_evaluation_returns(ws, paths: list[str]):
    from scheduler.services import evaluations

    return evaluations.check_evaluation_returns(ws, paths)


def import_evaluations(ws, paths: list[str]):
    from scheduler.services import evaluations

    return evaluations.import_evaluations(ws, paths)


def evaluations_and_concerns(ws):
    """Who was sent an evaluation and where they stand, and the concerns list."""
    from scheduler.services import evaluations

    return evaluations.evaluations_status(ws), evaluations.concerns(ws)


def record_concern_action(ws, student_id: str, block_id: str, action: str):
    from scheduler.services import evaluations

    return evaluations.record_concern_action(ws, student_id, block_id, action)


def close_year_preview(ws, plan_name: str | None):
    """What closing the academic year would do (``years.YearClosing``), or why it cannot close (str)."""
    from scheduler.services import PlanNotFound, years

    try:
        return years.preview_close(ws, plan_name)
    except (years.CloseRefused, PlanNotFound) as exc:
        return str(exc)


def close_the_year(ws, plan_name: str | None, expected):
    """Closes the year the officer previewed (``expected``), backing up first: ``years.ClosedYear``, or the
    refusal (str) when anything changed since the preview; then nothing was changed."""
    from scheduler.services import PlanNotFound, years

    try:
        return years.close_year(ws, plan_name, confirmed=True, expected=expected)
    except (years.CloseRefused, PlanNotFound) as exc:
        return str(exc)
