"""What a set of returned preference workbooks would change: per student, the ranks on record and the returned
ones, computed before anything is saved so the officer sees every change first.

A ``PreferencesPreview`` also tells whether the save would still write what
was shown (``saves_the_same``): between the preview and the save a workbook
may be saved again or another import may change a student's ranks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from scheduler.domain import DataSet, Preference
from scheduler.preference_round.returns import PreferencesCheck
from scheduler.preference_round.workbook import Cohort

Ranks = tuple[tuple[int, str], ...]
"""(rank, practice code), best first."""


@dataclass(frozen=True, slots=True)
class RankChange:
    student_id: str
    name: str
    cohort: str
    before: Ranks
    after: Ranks
    source: str
    """the returned file that gives the new ranks"""


@dataclass(frozen=True)
class PreferencesPreview:
    check: PreferencesCheck
    changes: tuple[RankChange, ...] = ()
    """students whose returned ranks differ from those on record, in the data set's order"""
    files: tuple[str, ...] = ()
    """the workbooks read (names)"""
    unchanged: int = 0
    """students whose returned ranks are those their workbook was sent with (the ranks on record for the
    practices it lists): such rows cannot tell a reply from a row left as it was, and count as none"""
    practices: dict[str, str] = field(default_factory=dict)
    """code -> name of every practice a change names"""

    @property
    def ok(self) -> bool:
        return self.check.ok

    def saves_the_same(self, other: PreferencesPreview) -> bool:
        """True when saving ``other`` (made at the save) writes exactly what this preview showed."""
        return self.changes == other.changes


def ranks_text(ranks: Ranks) -> str:
    return ", ".join(f"{rank} {code}" for rank, code in ranks) or "none"


def preview(check: PreferencesCheck, data: DataSet, allowed: dict[str, set[str]],
            files: list[str]) -> PreferencesPreview:
    """``allowed``: per student, the practices their workbook lists (those the hard rules allow), so that a
    rank on record for another practice, which the workbook could not hold, does not make an untouched row
    look like a reply."""
    on_record: dict[str, list[Preference]] = defaultdict(list)
    for p in data.preferences:
        on_record[p.student_id].append(p)
    changes, unchanged = [], 0
    for student in data.students:
        sid = student.student_id
        if sid not in check.preferences:
            continue
        listed = allowed.get(sid, set())
        as_sent = _ranks([p for p in on_record.get(sid, []) if p.practice_code in listed])
        before, after = _ranks(on_record.get(sid, [])), _ranks(check.preferences[sid])
        if after == as_sent:
            unchanged += 1
            continue
        cohort = Cohort(student.year, student.group, student.programme).label
        changes.append(RankChange(sid, student.full_name, cohort, before, after, check.sources.get(sid, "")))
    codes = {code for c in changes for _, code in (*c.before, *c.after)}
    names = {p.code: p.name for p in data.practices if p.code in codes}
    return PreferencesPreview(check, tuple(changes), tuple(files), unchanged, names)


def _ranks(preferences: list[Preference]) -> Ranks:
    return tuple(sorted((p.rank, p.practice_code) for p in preferences))
