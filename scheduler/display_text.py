"""Names and addresses made fit for documents, workbooks and email drafts: one line, no control characters,
shortened.

New imports refuse line breaks and control characters in names and emails,
and names over 200 characters, but a database made before, a restored backup
or a team server may still hold them. A line break in an email header, a NUL
in a workbook cell (XML cannot hold it) or a name of 1,000 characters in a
table cell (taller than a page) would stop a writer halfway; ``for_display``
cleans the data set the writers read, so every document is still written.
"""

from __future__ import annotations

import dataclasses
import re

from scheduler.domain import DataSet

NAME_LIMIT = 200
"""The contract's limit for names; longer ones are cut for display, with an ellipsis."""
ADDRESS_LIMIT = 300

_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s{2,}")


def shown_text(value: str, limit: int = NAME_LIMIT) -> str:
    """The text on one line: control characters and line breaks become spaces, runs of spaces one; cut to
    ``limit`` characters (the last an ellipsis) when longer."""
    if not value:
        return ""
    text = _BREAKS.sub(" ", value)
    if "  " in text or text != text.strip():
        text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clean(item, limits: dict[str, int]):
    changed = {name: shown_text(getattr(item, name), limit) for name, limit in limits.items()}
    changed = {name: value for name, value in changed.items() if value != getattr(item, name)}
    return dataclasses.replace(item, **changed) if changed else item


_PRACTICE = {"name": NAME_LIMIT, "address": ADDRESS_LIMIT, "tutor": NAME_LIMIT, "email": 254}
_STUDENT = {"first_name": NAME_LIMIT, "last_name": NAME_LIMIT, "email": 254}  # the group is a key: kept
_BLOCK = {"name": NAME_LIMIT}
_TUTOR = {"name": NAME_LIMIT, "email": 254}


def needs_cleaning(data: DataSet) -> bool:
    def bad(item, limits) -> bool:
        return any(len(v := getattr(item, name)) > limit or _BREAKS.search(v) for name, limit in limits.items())

    return (any(bad(p, _PRACTICE) for p in data.practices) or any(bad(s, _STUDENT) for s in data.students)
            or any(bad(b, _BLOCK) for b in data.blocks) or any(bad(t, _TUTOR) for t in data.tutors))


def for_display(data: DataSet) -> DataSet:
    """The data set with every practice's, student's, block's and tutor's text cleaned by ``shown_text`` (itself when
    nothing needs it, which is the usual case and costs one scan)."""
    if not needs_cleaning(data):
        return data
    return dataclasses.replace(
        data,
        practices=tuple(_clean(p, _PRACTICE) for p in data.practices),
        students=tuple(_clean(s, _STUDENT) for s in data.students),
        blocks=tuple(_clean(b, _BLOCK) for b in data.blocks),
        tutors=tuple(_clean(t, _TUTOR) for t in data.tutors))
