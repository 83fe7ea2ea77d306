"""GP tutors: the hard rule that a practice teaches a block only with a tutor whose training is in date.

When the data set lists any tutors, a practice takes students in a block only
if one of its active tutors was trained on or before the block's first day and
is due a refresher no earlier than its last day. A training date ahead (a
tutor booked on a course) counts from that day on. The reasons name the
practice and the dates, never a tutor (names and emails are personal data).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from scheduler.domain import Block, Practice, Tutor
from scheduler.rules.clearance import uk_date


def in_date(tutor: Tutor, block: Block) -> bool:
    """Hard: the tutor is active and their training is in date from the block's first day through its last."""
    return tutor.active and tutor.trained_on <= block.start_date and tutor.refresher_due >= block.end_date


def lapses_before(tutor: Tutor, block: Block) -> bool:
    """The tutor is active and their refresher falls due before the block's last day (for the chase list)."""
    return tutor.active and tutor.refresher_due < block.end_date


class TutorBook:
    """Each practice's tutors; the rule applies only when the data set has tutors at all."""

    def __init__(self, tutors: Iterable[Tutor]) -> None:
        self.of: dict[str, list[Tutor]] = defaultdict(list)
        for tutor in tutors:
            self.of[tutor.practice_code].append(tutor)
        self.active = bool(self.of)

    def covered(self, practice_code: str, block: Block) -> bool:
        """Hard: the practice has a tutor in date through the block (always, when no tutors are listed)."""
        return not self.active or any(in_date(t, block) for t in self.of.get(practice_code, ()))

    def problem(self, practice: Practice, block: Block) -> str | None:
        """Hard: why the practice may not take the block for want of a tutor in date, or None."""
        if self.covered(practice.code, block):
            return None
        working = [t for t in self.of.get(practice.code, ()) if t.active]
        if not working:
            return f"{practice.code} has no active GP tutor on record"
        later = [t.trained_on for t in working if t.refresher_due >= block.end_date]
        if later:
            return (f"{practice.code}'s GP tutor training is only from {uk_date(min(later))}, after block "
                    f"{block.block_id} starts on {uk_date(block.start_date)}")
        latest = max(t.refresher_due for t in working)
        return (f"{practice.code}'s GP tutor training lapses {uk_date(latest)}, before block {block.block_id} "
                f"ends on {uk_date(block.end_date)}")
