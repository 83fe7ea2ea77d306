"""What a text cell of the contract may hold: no control characters, one line where a name, id or email goes,
and a length limit per column.

Names and emails go into email headers, PDF documents, workbooks and a
PostgreSQL server, each of which breaks (or quotes the value in its error) on
a NUL, a line break or a thousand-character name. The messages never quote
the cell: it may be someone's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextRule:
    longest: int
    one_line: bool = True


NAME = TextRule(200)
ID = TextRule(50)
RULES: dict[str, TextRule] = {
    "name": NAME, "first_name": NAME, "last_name": NAME, "tutor": NAME,
    "email": TextRule(254),  # the longest address SMTP carries
    "practice_code": ID, "student_id": ID, "block_id": ID, "student_a": ID, "student_b": ID,
    "postcode": TextRule(16), "group": ID, "academic_year": TextRule(20),
    "address": TextRule(300),
    "reason": TextRule(1000, one_line=False),
    "comment": TextRule(2000, one_line=False),
}
"""Text columns by name (the same in every table); any other text column is read as a name."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAK = re.compile(r"[\t\n\r\u2028\u2029]")


def rule(column: str) -> TextRule:
    return RULES.get(column, NAME)


def fault(value: str, column: str) -> str | None:
    """What is wrong with the text ``value`` of ``column``, in words that do not quote it; None when it is fine."""
    wanted = rule(column)
    control = _CONTROL.search(value)
    if control:
        return (f"{column} holds an invisible control character (code {ord(control.group()):#04x}, at character "
                f"{control.start() + 1}); delete it and type the text again")
    if wanted.one_line:
        brk = _BREAK.search(value)
        if brk:
            kind = "a tab" if brk.group() == "\t" else "a line break"
            return (f"{column} holds {kind} (at character {brk.start() + 1}); it must be on one line: remove it "
                    "(in Excel a line break is typed with Alt+Enter)")
    if len(value) > wanted.longest:
        return f"{column} is {len(value):,} characters long; the most is {wanted.longest:,}: shorten it"
    return None


def all_fine(values: list[str], column: str) -> bool:
    """True when no value breaks the rule: one pass over the whole column, for tables of a million rows."""
    wanted = rule(column)
    joined = "".join(values)
    if _CONTROL.search(joined) or (wanted.one_line and _BREAK.search(joined)):
        return False
    return max(map(len, values), default=0) <= wanted.longest
