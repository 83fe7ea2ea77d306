"""Arabic (and Persian, Urdu) letters shaped into presentation forms, right-to-left runs put in visual order.

PDF draws glyphs left to right exactly as given; without shaping, Arabic
letters would print in their isolated forms and in reverse. ReportLab only
shapes with the optional ``uharfbuzz``, so this small shaper covers the
letters that occur in names: each letter takes its isolated, final, initial
or medial form from whether its neighbours join, lam-alef becomes a
ligature, and each right-to-left run is reversed inside an otherwise
left-to-right line. Text extracted from the PDF gives the names back after
NFKC normalisation and reversing those runs.
"""

from __future__ import annotations

import re
import unicodedata

# letter -> (isolated, final, initial, medial); letters with two forms join only to the right
_FORMS: dict[str, tuple[str, ...]] = {}


def _add(letter: int, first: int, count: int) -> None:
    _FORMS[chr(letter)] = tuple(chr(first + i) for i in range(count))


for _letter, _first, _count in (
    (0x0621, 0xFE80, 1), (0x0622, 0xFE81, 2), (0x0623, 0xFE83, 2), (0x0624, 0xFE85, 2),
    (0x0625, 0xFE87, 2), (0x0626, 0xFE89, 4), (0x0627, 0xFE8D, 2), (0x0628, 0xFE8F, 4),
    (0x0629, 0xFE93, 2), (0x062A, 0xFE95, 4), (0x062B, 0xFE99, 4), (0x062C, 0xFE9D, 4),
    (0x062D, 0xFEA1, 4), (0x062E, 0xFEA5, 4), (0x062F, 0xFEA9, 2), (0x0630, 0xFEAB, 2),
    (0x0631, 0xFEAD, 2), (0x0632, 0xFEAF, 2), (0x0633, 0xFEB1, 4), (0x0634, 0xFEB5, 4),
    (0x0635, 0xFEB9, 4), (0x0636, 0xFEBD, 4), (0x0637, 0xFEC1, 4), (0x0638, 0xFEC5, 4),
    (0x0639, 0xFEC9, 4), (0x063A, 0xFECD, 4), (0x0641, 0xFED1, 4), (0x0642, 0xFED5, 4),
    (0x0643, 0xFED9, 4), (0x0644, 0xFEDD, 4), (0x0645, 0xFEE1, 4), (0x0646, 0xFEE5, 4),
    (0x0647, 0xFEE9, 4), (0x0648, 0xFEED, 2), (0x0649, 0xFEEF, 2), (0x064A, 0xFEF1, 4),
    (0x067E, 0xFB56, 4), (0x0686, 0xFB7A, 4), (0x0698, 0xFB8A, 2), (0x06A9, 0xFB8E, 4),
    (0x06AF, 0xFB92, 4), (0x06CC, 0xFBFC, 4), (0x0671, 0xFB50, 2), (0x0679, 0xFB66, 4),
    (0x0688, 0xFB88, 2), (0x0691, 0xFB8C, 2), (0x06BA, 0xFB9E, 2), (0x06BE, 0xFBAA, 4),
    (0x06C1, 0xFBA6, 4), (0x06D2, 0xFBAE, 2),
):
    _add(_letter, _first, _count)

_LAM = "\u0644"
_LAM_ALEF = {"\u0622": ("\uFEF5", "\uFEF6"), "\u0623": ("\uFEF7", "\uFEF8"),
             "\u0625": ("\uFEF9", "\uFEFA"), "\u0627": ("\uFEFB", "\uFEFC")}
_TATWEEL = "\u0640"
_RTL_CHAR = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
# a right-to-left run: RTL letters, with any spaces or marks between two of them
_RTL_RUN = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF](?:[\s\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF])?")


def _transparent(char: str) -> bool:
    return unicodedata.category(char) == "Mn"


def _joins_forward(char: str | None) -> bool:
    """True when the letter can join to the following letter (dual-joining or tatweel)."""
    return char == _TATWEEL or (char in _FORMS and len(_FORMS[char]) == 4)


def _joins_back(char: str | None) -> bool:
    return char == _TATWEEL or (char in _FORMS and len(_FORMS[char]) >= 2)


def shape(text: str) -> str:
    """Replaces Arabic letters by their contextual presentation forms (logical order kept)."""
    letters = list(text)
    out: list[str] = []
    i = 0
    n = len(letters)

    def neighbour(index: int, step: int) -> str | None:
        index += step
        while 0 <= index < n and _transparent(letters[index]):
            index += step
        return letters[index] if 0 <= index < n else None

    while i < n:
        char = letters[i]
        if char not in _FORMS:
            out.append(char)
            i += 1
            continue
        prev = neighbour(i, -1)
        joined_before = _joins_forward(prev)
        if char == _LAM:
            nxt_index = i + 1
            if nxt_index < n and letters[nxt_index] in _LAM_ALEF:
                out.append(_LAM_ALEF[letters[nxt_index]][1 if joined_before else 0])
                i += 2
                continue
        nxt = neighbour(i, 1)
        forms = _FORMS[char]
        joins_after = len(forms) == 4 and _joins_back(nxt)
        if joined_before and len(forms) >= 2:
            out.append(forms[3] if joins_after else forms[1])
        else:
            out.append(forms[2] if joins_after else forms[0])
        i += 1
    return "".join(out)


def visual_order(text: str) -> str:
    """Shaped text in the order a left-to-right PDF line must draw it."""
    if not _RTL_CHAR.search(text):
        return text
    shaped = shape(text)
    return _RTL_RUN.sub(lambda m: m.group(0)[::-1], shaped)


def logical_order(text: str) -> str:
    """The inverse for reading extracted PDF text back: reverse RTL runs, undo shaping (NFKC)."""
    return unicodedata.normalize("NFKC", _RTL_RUN.sub(lambda m: m.group(0)[::-1], text))
