"""The practice figures from students' evaluations: a score only with enough answers, the flag, the trend."""

from __future__ import annotations

from scheduler.evaluations.quality import practice_years, trend

ALL_FOUR = {"teaching": 4, "welcome": 4, "patient_contact": 4, "organisation": 4, "recommend": 4}


def answered(code: str, student: str, **scores: int) -> dict:
    return {"practice_code": code, "student_id": student, "received": "2027-03-01T10:00:00", **scores}


def sent(code: str) -> dict:
    return {"practice_code": code, "student_id": "S9", "received": None}


def test_two_answers_show_no_score_and_three_do():
    rows = [("2026/27", answered("P1", "S1", teaching=5)), ("2026/27", answered("P1", "S2", teaching=3)),
            ("2026/27", sent("P1")),
            *(("2026/27", answered("P2", f"S{t}", teaching=t, welcome=4)) for t in (1, 2, 3))]
    p1, p2 = practice_years(rows, min_answers=3, flag_below=3.0)
    assert (p1.practice_code, p1.sent, p1.answered, round(p1.response_rate, 3)) == ("P1", 3, 2, 0.667)
    assert (p1.scores["teaching"].mean, p1.scores["teaching"].n) == (None, 2)
    assert (p1.overall.mean, p1.flagged) == (None, False)  # too few to be judged either way
    assert (p2.scores["teaching"].mean, p2.scores["teaching"].n) == (2.0, 3)
    assert (p2.scores["recommend"].mean, p2.scores["recommend"].n) == (None, 0)
    assert (p2.overall.mean, p2.flagged) == (round((2.5 + 3 + 3.5) / 3, 2), False)
    assert practice_years(rows, min_answers=2, flag_below=3.5)[0].scores["teaching"].mean == 4.0
    assert practice_years(rows, min_answers=3, flag_below=3.5)[1].flagged


def test_the_trend_runs_over_the_years_held_oldest_first():
    rows = [(year, answered("P1", f"S{i}", **{k: v + shift for k, v in ALL_FOUR.items()}))
            for year, shift in (("2026/27", 1), ("2024/25", -1)) for i in range(3)]
    rows.append(("2025/26", answered("P1", "S1", **ALL_FOUR)))  # one answer: no mean that year
    figures = practice_years(rows, min_answers=3, flag_below=3.5)
    assert trend(figures, "P1") == [("2024/25", 3.0), ("2025/26", None), ("2026/27", 5.0)]
    assert [f.flagged for f in figures] == [True, False, False]


def test_one_student_in_three_blocks_at_a_practice_is_one_answer_not_three():
    rows = [("2026/27", answered("P1", "S1", teaching=t)) for t in (1, 2, 3)]
    rows += [("2026/27", answered("P1", "S2", teaching=5))]
    [p1] = practice_years(rows, min_answers=3, flag_below=3.0)
    assert (p1.answered, p1.scores["teaching"].n, p1.scores["teaching"].mean) == (4, 2, None)
    [shown] = practice_years(rows, min_answers=2, flag_below=3.0)
    assert shown.scores["teaching"].mean == 3.5  # S1's mean 2 and S2's 5
