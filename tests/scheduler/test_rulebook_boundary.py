"""Only the rulebook states a hard rule or the unit of a soft aim (as ``test_layering`` guards imports).

Each pattern below is a way a module could restate a rule of ``docs/data-format.md`` instead of asking
``scheduler/rules``: a comparison of a journey with a limit, of an approval or a clearance with a block's end,
a read of the rooms limit or of the capacity overrides, a public-transport, step-free or programme test, or the
factor of ten that turns minutes and weights into the solver's tenths, or the price of one unit of an aim
(``ties.CountedAim.price``). The modules that read and write the
data (import, export, the database, offer workbooks, the demo generator) handle these fields as data, and
``scheduler/domain.py`` defines them; everything else must find none.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEDULER = ROOT / "scheduler"

RULEBOOK = ("rules/",)
DATA_AS_DATA = ("exchange/", "store/", "offers/", "domain.py", "demo.py", "services/spreadsheets.py")
"""Modules that read, write, export or generate the fields (no rule is applied there)."""

RESTATED = {
    "a journey compared with a limit": r"tenths\([^)]*\)\s*[<>]=?\s*tenths\(",
    "an approval compared with a block's end": r"approved_until\s*[<>]=?\s*\w+\.end_date|end_date\s*[<>]=?\s*\w*\.?approved_until",
    "approval tested directly": r"\.approved_through\(",
    "a clearance compared with a block's end": r"until\s*[<>]=?\s*\w+\.end_date|end_date\s*[<>]=?\s*\w*until\b",
    "the rooms limit read": r"\.max_students_per_day\b",
    "capacity overrides read": r"\bin\s+[\w.]*\bcapacities\b",
    "public transport tested": r"travel_mode\s*[!=]=\s*[\"']public|\.public_transport\b",
    "step-free access tested": r"\.needs_accessible\b|\.accessible\b",
    "programme tested": r"\.hosts\(",
    "minutes or weights scaled to tenths": r"(?<![\w.])(?:\*|/)\s*10(?:\.0)?\b(?!\s*\*\*)",
    "a second name for tenths": r"\bMINUTE\b|\bminutes10\b|\bTENTHS\s*=",
    "an aim's unit priced by hand": r"weight_tenths\[[^\]]*\]\s*\*\s*TENTHS|TENTHS\s*\*\s*[\w.]*weight_tenths\[",
}


def modules() -> list[Path]:
    out = []
    for path in sorted(SCHEDULER.rglob("*.py")):
        rel = path.relative_to(SCHEDULER).as_posix()
        if not rel.startswith(RULEBOOK + DATA_AS_DATA):
            out.append(path)
    return out


def code_of(path: Path) -> str:
    """The module without its docstrings and comments (they may name a rule; they do not state one)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"""(?:.|\n)*?"""', lambda m: "\n" * m.group(0).count("\n"), text)  # lines kept
    return re.sub(r"#[^\n]*", "", text)


@pytest.mark.parametrize("what", sorted(RESTATED))
def test_no_module_outside_the_rulebook_restates_a_rule(what):
    pattern = re.compile(RESTATED[what])
    offenders = [f"{path.relative_to(ROOT)}:{code_of(path)[:m.start()].count(chr(10)) + 1}: {m.group(0)}"
                 for path in modules() for m in pattern.finditer(code_of(path))]
    assert offenders == [], f"{what}: ask scheduler/rules instead"


def test_the_patterns_find_what_they_guard_against():
    """Each pattern, on the line the rulebook replaced, still finds it."""
    before = {
        "a journey compared with a limit": "if tenths(minutes[row, j]) <= tenths(facts.limit(s))",
        "an approval compared with a block's end": "if b.year in practice.years and b.end_date > practice.approved_until",
        "approval tested directly": "ok = practice.approved_through(block.end_date)",
        "a clearance compared with a block's end": "failed = next((b for b in upcoming if until is None or until < b.end_date), None)",
        "the rooms limit read": "rooms = data.practices[j].max_students_per_day",
        "capacity overrides read": "self._capacity = {(c.practice_code, c.block_id): c.capacity for c in self.data.capacities}",
        "public transport tested": 'and (s.travel_mode != "public" or practice.public_transport)',
        "step-free access tested": "if student.needs_accessible and not practice.accessible:",
        "programme tested": "if practice.hosts(student.programme):",
        "minutes or weights scaled to tenths": "return {name: int(round(float(settings.weights.get(name, 0.0)) * 10))}",
        "a second name for tenths": "threshold10 = int(round(settings.long_travel_threshold_minutes * MINUTE))",
        "an aim's unit priced by hand": 'self.over = problem.weight_tenths["balance"] * TENTHS',
    }
    assert sorted(before) == sorted(RESTATED)
    for what, line in before.items():
        assert re.search(RESTATED[what], line), what
