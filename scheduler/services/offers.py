"""The capacity-offers round: send each practice its workbook, read the returns, chase who has not replied.

``offers_out`` writes, for each active practice that teaches a year with
blocks, ``<code>.xlsx`` (the offer workbook), ``<code>-letter.pdf`` (the
covering letter) and ``<code>.eml`` (an email draft with both attached) into
a folder filled all or nothing, and records the round as sent.
``check_offer_returns`` reads returned workbooks and lists the changes and
problems without writing; ``apply_offer_returns`` applies every change of
every file in one transaction, or none when any file has a problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from scheduler.correspondence.email_drafts import Attachment, email_draft
from scheduler.display_text import for_display
from scheduler.domain import OfferStatus, Plan
from scheduler.exchange.atomic import replaced_folder
from scheduler.file_names import safe_filename
from scheduler.offers.returns import ReturnsCheck, check_returns
from scheduler.offers.workbook import offered_blocks, write_offer_workbook
from scheduler.reports.index import PlanIndex
from scheduler.reports.offer_letter import offer_letter, offer_letter_paragraphs
from scheduler.returned_workbooks import ReturnsRefused
from scheduler.services import audit
from scheduler.services.workspace import Workspace
from scheduler.store import offer_rows, repository

REPLY_DAYS = 21
"""Default time a practice has to return its workbook."""


@dataclass(frozen=True, slots=True)
class OffersOutSummary:
    folder: Path
    practices: int
    files: int
    reply_by: dt.date


def offers_out(ws: Workspace, folder: str | Path, reply_by: dt.date | None = None,
               today: dt.date | None = None) -> OffersOutSummary:
    """Writes the round's workbooks, letters and drafts, and records them as sent."""
    today = today or dt.date.today()
    reply_by = reply_by or today + dt.timedelta(days=REPLY_DAYS)
    with ws.session() as s:
        data, settings = repository.load_dataset(s, travel_students=()), repository.load_settings(s)
    data = for_display(data)
    index = PlanIndex(data, Plan("offers"))
    practices = [p for p in data.practices if p.active and offered_blocks(data, p)]
    with replaced_folder(Path(folder)) as staging:
        out = staging.path
        for practice in practices:
            name = safe_filename(practice.code)
            blocks = offered_blocks(data, practice)
            workbook = out / f"{name}.xlsx"
            write_offer_workbook(data, practice, settings.academic_year, workbook)
            letter = offer_letter(index, practice.code, blocks, settings, reply_by, today)
            (out / f"{name}-letter.pdf").write_bytes(letter)
            draft = email_draft(
                sender=(f"{settings.school_name} GP Placements", settings.office_email),
                to=[(practice.tutor or practice.name, practice.email)],
                subject=f"Teaching capacity {settings.academic_year}: please confirm by {reply_by:%d/%m/%Y}",
                paragraphs=offer_letter_paragraphs(index, practice.code, settings, reply_by),
                attachments=[Attachment(workbook.name, workbook.read_bytes(),
                                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                             Attachment(f"{name}-letter.pdf", letter, "application/pdf")])
            (out / f"{name}.eml").write_bytes(draft)
    with ws.session() as s:
        offer_rows.record_sent(s, (p.code for p in practices), dt.datetime.now(), reply_by)
    return OffersOutSummary(Path(folder), len(practices), 3 * len(practices), reply_by)


def check_offer_returns(ws: Workspace, paths: list[str | Path]) -> ReturnsCheck:
    """The changes and problems of the returned workbooks; writes nothing."""
    with ws.session() as s:
        data = repository.load_dataset(s, travel_students=())
    return check_returns([Path(p) for p in paths], data)


def apply_offer_returns(ws: Workspace, paths: list[str | Path]) -> ReturnsCheck:
    """Applies every change of every returned workbook, or raises ``ReturnsRefused`` and changes nothing."""
    with ws.session() as s:
        check = check_returns([Path(p) for p in paths], repository.load_dataset(s, travel_students=()))
        if not check.ok:
            raise ReturnsRefused(check)
        offer_rows.apply_changes(s, check.changes)
        now = dt.datetime.now()
        for answer in check.returns:
            changed = sum(1 for c in check.changes if c.practice_code == answer.practice_code)
            offer_rows.record_reply(s, answer.practice_code, answer.file, changed, now)
        audit.record(s, "offers-in", f"{len(check.returns)} returned workbook(s)", "", f"{len(check.changes)} change(s)")
    return check


def offers_status(ws: Workspace) -> list[OfferStatus]:
    """Every active practice with when its workbook went out and came back (the chase list: no reply)."""
    with ws.session() as s:
        return offer_rows.statuses(s)
