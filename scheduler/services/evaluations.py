"""The students' evaluations round: a workbook per placed student, answers back all or nothing, who replied,
the concerns list.

``evaluations_out`` writes ``<student_id>.xlsx`` (their placements of the
current plan in the chosen blocks) and ``<student_id>.eml`` (an email draft
with it attached) into a folder filled all or nothing (a folder holding a
returned workbook is refused by content), and records each placement as sent.
``check_evaluation_returns`` reads returned workbooks and lists their
answers and problems without writing; ``import_evaluations`` checks and
writes them in one transaction, or raises ``ReturnsRefused`` changing nothing.
``evaluations_status`` is the chase list; ``concerns`` the office's list of
comments marked as a concern, with what was done (``record_concern_action``).
``quality_figures`` are each practice's figures per year (this year's and the
closed years' in the archive), ``practice_figures`` the same by practice, ``latest_quality`` each practice's latest
year with answers (the Practices page's column), and ``write_quality_report`` writes them as
``quality-report.pdf`` and ``quality-report.csv``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from scheduler.correspondence.email_drafts import Attachment, email_draft
from scheduler.display_text import for_display
from scheduler.evaluations.quality import PracticeYear, latest, practice_years
from scheduler.evaluations.returns import EvaluationsCheck, check_returns
from scheduler.evaluations.workbook import write_evaluation_workbook
from scheduler.exchange.atomic import replaced_folder
from scheduler.file_names import safe_filename
from scheduler.reports.practice_quality import quality_csv, quality_pdf
from scheduler.returned_workbooks import ReturnsRefused
from scheduler.services import audit
from scheduler.services.workspace import Workspace
from scheduler.store import evaluation_rows, repository

REPLY_DAYS = 21
"""Default time a student has to return their evaluation."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class EvaluationsNotSent(ValueError):
    """Nothing to send: there is no current plan, or a chosen block is not in the data set."""


@dataclass(frozen=True, slots=True)
class EvaluationsOutSummary:
    folder: Path
    students: int
    placements: int
    reply_by: dt.date


@dataclass(frozen=True, slots=True)
class EvaluationStatus:
    student_id: str
    placements: int
    answered: int
    sent: dt.datetime | None
    reply_by: dt.date | None
    replied: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Concern:
    student_id: str
    block_id: str
    practice_code: str
    received: dt.datetime
    comment: str
    action: str
    action_at: dt.datetime | None
    action_by: str


def evaluations_out(ws: Workspace, folder: str | Path, blocks: list[str] | None = None,
                    reply_by: dt.date | None = None, today: dt.date | None = None) -> EvaluationsOutSummary:
    """Writes a workbook and draft per student placed (current plan) in ``blocks`` (all when None) and records
    the placements as sent."""
    reply_by = reply_by or (today or dt.date.today()) + dt.timedelta(days=REPLY_DAYS)
    with ws.session() as s:
        data, settings = repository.load_dataset(s, travel_students=()), repository.load_settings(s)
        plan = repository.load_plan(s)
    if plan is None:
        raise EvaluationsNotSent("there is no current plan: solve or choose one before sending evaluations")
    data = for_display(data)
    known = {b.block_id: b for b in data.blocks}
    unknown = sorted(set(blocks or ()) - set(known))
    if unknown:
        raise EvaluationsNotSent(f"no block {', '.join(unknown)} in the data set")
    practices = {p.code: p for p in data.practices}
    by_student: dict[str, list] = defaultdict(list)
    for p in plan.placements:
        if (blocks is None or p.block_id in blocks) and p.block_id in known and p.practice_code in practices:
            by_student[p.student_id].append((known[p.block_id], practices[p.practice_code]))
    students = [st for st in data.students if st.student_id in by_student]
    sent: list[tuple[str, str, str]] = []
    with replaced_folder(Path(folder)) as staging:
        out = staging.path
        for student in students:
            placements = sorted(by_student[student.student_id], key=lambda bp: (bp[0].start_date, bp[0].block_id))
            name = safe_filename(student.student_id)
            workbook = out / f"{name}.xlsx"
            write_evaluation_workbook(student, placements, settings.academic_year, workbook)
            draft = email_draft(
                sender=(f"{settings.school_name} GP Placements", settings.office_email),
                to=[(student.full_name, student.email)],
                subject=f"Your GP placement evaluation {settings.academic_year}: please reply by {reply_by:%d/%m/%Y}",
                paragraphs=[f"Dear {student.first_name or student.full_name},",
                            "Please tell us how your GP placements went: score each one in the attached "
                            f"workbook and return it by {reply_by:%d/%m/%Y}.",
                            "Practices see only averages of several students, never your name. A comment you "
                            "mark as a concern is read by the placement office alone, who will follow it up.",
                            f"{settings.school_name} GP Placements"],
                attachments=[Attachment(workbook.name, workbook.read_bytes(), XLSX)])
            (out / f"{name}.eml").write_bytes(draft)
            sent += [(student.student_id, b.block_id, pr.code) for b, pr in placements]
    with ws.session() as s:
        evaluation_rows.record_sent(s, sent, dt.datetime.now(), reply_by)
    return EvaluationsOutSummary(Path(folder), len(students), len(sent), reply_by)


def check_evaluation_returns(ws: Workspace, paths: list[str | Path]) -> EvaluationsCheck:
    """The answers and problems of the returned workbooks; writes nothing."""
    with ws.session() as s:
        return check_returns([Path(p) for p in paths], _placed(s))


def import_evaluations(ws: Workspace, paths: list[str | Path]) -> EvaluationsCheck:
    """Writes every answer of every returned workbook, checked against the current plan in the same
    transaction, or raises ``ReturnsRefused`` and changes nothing."""
    with ws.session() as s:
        check = check_returns([Path(p) for p in paths], _placed(s))
        if not check.ok:
            raise ReturnsRefused(check)
        evaluation_rows.record_answers(s, check.answers, dt.datetime.now())
        raised = [a for a in check.answers if a.concern]
        audit.record(s, "evaluations-in", f"{len(check.students)} returned workbook(s)", "",
                     f"{len(check.answers)} placement(s) evaluated, {len(raised)} concern(s)")
        for a in raised:  # who and when; the comment itself stays in the concerns list, for the office
            audit.record(s, "evaluation concern", f"{a.student_id} {a.block_id} at {a.practice_code}", "",
                         "raised")
    return check


def evaluations_status(ws: Workspace) -> list[EvaluationStatus]:
    """Every student sent an evaluation: how many placements, how many answered, when sent and when replied."""
    with ws.session() as s:
        rows = evaluation_rows.all_rows(s)
    by_student: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_student[r["student_id"]].append(r)
    out = []
    for sid, mine in by_student.items():
        sent = [r["sent"] for r in mine if r["sent"]]
        received = [r["received"] for r in mine if r["received"]]
        reply_by = [r["reply_by"] for r in mine if r["reply_by"]]
        out.append(EvaluationStatus(sid, len(mine), len(received), max(sent, default=None),
                                    max(reply_by, default=None), max(received, default=None)))
    return out


def concerns(ws: Workspace) -> list[Concern]:
    """Every comment marked as a concern, oldest first: for the office only."""
    with ws.session() as s:
        rows = evaluation_rows.all_rows(s)
    found = [Concern(r["student_id"], r["block_id"], r["practice_code"], r["received"], r["comment"],
                     r["concern_action"], r["concern_action_at"], r["concern_action_by"])
             for r in rows if r["concern"]]
    return sorted(found, key=lambda c: (c.received, c.student_id, c.block_id))


def record_concern_action(ws: Workspace, student_id: str, block_id: str, action: str) -> None:
    """Records what the office did about a concern, in the audit trail too; ``KeyError`` when there is none."""
    action = action.strip()
    if not action:
        raise ValueError("say what was done about the concern")

    def write(s) -> None:
        if not evaluation_rows.record_concern_action(s, student_id, block_id, action, dt.datetime.now(), ws.user):
            raise KeyError(f"no concern recorded for that student in block {block_id}")
        audit.record(s, "evaluation concern", f"{student_id} {block_id}", "", action)

    ws.database.write("evaluation concern", write)


def quality_figures(ws: Workspace) -> tuple[list[PracticeYear], dict[str, str]]:
    """Each practice's figures per academic year (closed years from the archive), and the practices' names."""
    with ws.session() as s:
        figures = _figures(s)
        names = {p.code: p.name for p in repository.load_dataset(s, travel_students=()).practices}
    return figures, names


def practice_figures(ws: Workspace) -> dict[str, list[PracticeYear]]:
    """Practice code -> its figures per academic year held, oldest first: each practice's own report."""
    with ws.session() as s:
        figures = _figures(s)
    by_practice: dict[str, list[PracticeYear]] = defaultdict(list)
    for f in figures:
        by_practice[f.practice_code].append(f)
    return {code: sorted(mine, key=lambda f: f.academic_year) for code, mine in by_practice.items()}


def latest_quality(ws: Workspace) -> dict[str, PracticeYear]:
    """Practice code -> its figures of the latest year in which any placement there was evaluated (this year's
    when answered, else the most recent closed year's): the Practices page's quality column."""
    with ws.session() as s:
        return latest(_figures(s))


def _figures(s) -> list[PracticeYear]:
    settings = repository.load_settings(s)
    return practice_years(evaluation_rows.by_year(s, settings.academic_year), settings.evaluation_min_answers, settings.quality_flag_below)


def write_quality_report(ws: Workspace, folder: str | Path) -> list[PracticeYear]:
    """Writes ``quality-report.pdf`` and ``quality-report.csv`` into ``folder`` (replaced as a whole)."""
    figures, names = quality_figures(ws)
    with ws.session() as s:
        settings = repository.load_settings(s)
    with replaced_folder(Path(folder)) as staging:
        (staging.path / "quality-report.pdf").write_bytes(quality_pdf(figures, names, settings))
        (staging.path / "quality-report.csv").write_text(quality_csv(figures, names), encoding="utf-8-sig",
                                                          newline="")
    return figures


def _placed(s) -> dict[str, dict[str, str]]:
    """Student id -> block id -> practice code of the current plan (empty without one)."""
    plan = repository.load_plan(s)
    placed: dict[str, dict[str, str]] = defaultdict(dict)
    for p in plan.placements if plan else ():
        placed[p.student_id][p.block_id] = p.practice_code
    return dict(placed)
