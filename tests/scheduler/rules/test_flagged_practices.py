"""Settings' ``avoid_flagged_practices``, in the rulebook's style: broken, the checker names it and a hand edit is
refused; met (a score from too few students, or not below the flag, or the setting off), nothing is named. The
edits read the practice's score from the evaluations stored in the database, as a solve does."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from test_rulebook import SETTINGS, plan_with, world

from scheduler.domain import PracticeScore
from scheduler.evaluations.returns import Answer
from scheduler.rules.hard import Facts, plan_breaks
from scheduler.services import Workspace, edits
from scheduler.services.data import save_settings
from scheduler.services.edits import EditRefused
from scheduler.store import evaluation_rows, repository

AVOID = dataclasses.replace(SETTINGS, avoid_flagged_practices=True)


def breaks(scores, settings=AVOID):
    return [(b.rule, b.block_id, b.practice_code) for b in
            plan_breaks(Facts(world(scores=scores), settings), plan_with({}).placements)]


def test_a_placement_at_a_flagged_practice_is_named():
    assert breaks([PracticeScore("P", 2.99, 3)]) == [("flagged", "B1", "P")]
    text = plan_breaks(Facts(world(scores=[PracticeScore("P", 2.99, 3)]), AVOID), plan_with({}).placements)[0].text
    assert text == ("the practice is flagged for review (its evaluation score is below 3) and the settings say not "
                    "to place students there")


@pytest.mark.parametrize("scores,settings", [
    ([PracticeScore("P", 2.0, 2)], AVOID),  # two answers: no score, never penalised
    ([PracticeScore("P", 3.0, 9)], AVOID),  # 3.0 is not below 3
    ([PracticeScore("Q", 1.0, 9)], AVOID),  # another practice is flagged
    ([PracticeScore("P", 1.0, 9)], SETTINGS),  # the setting is off
], ids=["too-few", "at-the-flag", "other-practice", "setting-off"])
def test_met_it_is_not_named(scores, settings):
    assert breaks(scores, settings) == []


def answer(student_id: str, block_id: str, mark: int) -> Answer:
    marks: dict[str, int | None] = dict.fromkeys(evaluation_rows.QUESTION_COLUMNS, mark)
    return Answer(student_id, block_id, "P", marks, "", False, "test")


@pytest.mark.parametrize("answered,refused", [(("S1", "S2", "S5"), True), (("S2", "S5"), False)])
def test_a_hand_edit_to_a_flagged_practice_is_refused(tmp_path, answered, refused):
    with Workspace.open(tmp_path / "flagged.db") as ws:
        with ws.session() as s:
            repository.replace_dataset(s, world())
            repository.save_plan(s, plan_with({}, None))
            blocks = {"S5": "B2"}
            evaluation_rows.record_answers(s, [answer(sid, blocks.get(sid, "B1"), 2) for sid in answered],
                                           dt.datetime(2026, 10, 1))
        save_settings(ws, AVOID)
        if refused:
            with pytest.raises(EditRefused) as error:
                edits.move_student(ws, "Plan A", "S1", "B1", "P", user="officer")
            assert any("flagged for review" in r for r in error.value.reasons)
        else:
            plan = edits.move_student(ws, "Plan A", "S1", "B1", "P", user="officer")
            assert ("S1", "B1", "P") in {(p.student_id, p.block_id, p.practice_code) for p in plan.placements}
