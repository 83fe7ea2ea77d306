"""What an .xlsx workbook's XML says about its sheets that a cell reader hides, found by one cheap streaming pass.

Cell readers (calamine for the import, openpyxl for the returned workbooks)
turn an error cell (``#N/A``), a formula saved without its value and the
blank cells under a merge into empty cells, and read hidden sheets and rows
like any other. Calamine also allocates the whole used range up front: one
stray value in cell XFD1048576 asks for 512 GiB and aborts the process. So
each sheet's XML is streamed from the zip in blocks (cut at row ends) and
searched with byte regexes, before any reader touches it, for: values beyond
the caller's row and column limits, merged ranges, error cells, formulas
without a saved value, and hidden rows and columns. Blocks without a formula,
an error or a ``hidden`` attribute cost one C-level regex search each.

``scan_workbook`` never raises: for a file that is not a readable package it
returns no facts, and the reader reports the file itself.
"""

from __future__ import annotations

import posixpath
import re
import string
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BLOCK = 4 << 20
_KEPT = 200
"""At most this many cells of each kind are kept per sheet; the rest are only counted."""

_P = rb"<(?:\w+:)?"  # an element's start, with or without a namespace prefix (x:c, x:row)
_CELL = re.compile(_P + rb"c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)", re.S)
_FORMULA_OR_ERROR = (b"<f", b":f", b't="e"')
"""Literal markers of a formula or an error cell: substring tests, five times faster than one regex."""
_CELL_START = re.compile(_P + rb"c\b")
_ATTR_R = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(_P + rb"v>([^<]*)<")
_HAS_FORMULA = re.compile(_P + rb"f[\s>/]")
_HIDDEN_ROW = re.compile(_P + rb'row\b([^>]*\bhidden="(?:1|true)"[^>]*)(?<!/)>(?!\s*</)')
_HIDDEN_COL = re.compile(_P + rb'col\b([^>]*\bhidden="(?:1|true)"[^>]*)/?>')
_ATTR_ROW = re.compile(rb'\br="([0-9]+)"')
_ATTR_MIN_MAX = (re.compile(rb'\bmin="([0-9]+)"'), re.compile(rb'\bmax="([0-9]+)"'))
_MERGE = re.compile(_P + rb'mergeCell\b[^>]*\bref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"')
_TEXT_RESULTS = {b"str", b"inlineStr"}


def column_index(letters: str) -> int:
    """``A`` -> 0, ``AB`` -> 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letters(index: int) -> str:
    """0 -> ``A``, 27 -> ``AB``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Limits:
    """The farthest cell a sheet may hold a value in: rows 1..``rows``, columns A..``columns`` (a count)."""

    rows: int
    columns: int


@dataclass(slots=True)
class Merge:
    first_row: int
    first_col: int
    last_row: int
    last_col: int

    @property
    def ref(self) -> str:
        return f"{column_letters(self.first_col)}{self.first_row}:{column_letters(self.last_col)}{self.last_row}"


@dataclass(slots=True)
class SheetFacts:
    """One sheet's hidden parts and the cells a reader would read wrongly. Rows count from 1, columns from 0."""

    name: str
    hidden: bool = False
    far_cells: list[str] = field(default_factory=list)
    """References of cells holding a value beyond the limits (the first few)."""
    far_count: int = 0
    merges: list[Merge] = field(default_factory=list)
    errors: list[tuple[int, int, str]] = field(default_factory=list)
    """(row, column, the error as Excel shows it, e.g. ``#N/A``)"""
    uncached: list[tuple[int, int]] = field(default_factory=list)
    """(row, column) of formulas saved without their value"""
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    """How many errors / uncached / hidden_rows there are in all, when more than were kept."""

    @property
    def too_big(self) -> bool:
        return bool(self.far_count)


def scan_workbook(path: Path, limits: dict[str, Limits]) -> dict[str, SheetFacts]:
    """Facts of every sheet of an .xlsx/.xlsm package, by sheet name; only the sheets in ``limits`` are streamed
    (the others get only ``hidden``). Empty for anything that is not a readable package."""
    try:
        with zipfile.ZipFile(path) as package:
            facts: dict[str, SheetFacts] = {}
            for name, (part, hidden) in _sheet_parts(package).items():
                sheet = facts[name] = SheetFacts(name, hidden)
                if name in limits:
                    try:
                        with package.open(part) as stream:
                            _scan(stream, limits[name], sheet)
                    except KeyError:
                        continue
            return facts
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError, EOFError,
            NotImplementedError, RuntimeError):  # unreadable, encrypted or a compression zipfile lacks
        return {}


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, tuple[str, bool]]:
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = (part, sheet.get("state", "visible") != "visible")
    return parts


def _scan(stream, limits: Limits, sheet: SheetFacts) -> None:
    far = _far_cell_patterns(limits)
    carry = b""
    while True:
        chunk = stream.read(_BLOCK)
        block = carry + chunk
        if chunk:
            cut = block.rfind(b"row>") + 4  # after a row's start or end tag: never inside a cell
            if cut < 4:
                carry = block
                continue
            block, carry = block[:cut], block[cut:]
        _scan_block(block, far, sheet)
        if not chunk:
            return


def _scan_block(block: bytes, far: tuple[re.Pattern[bytes], re.Pattern[bytes]], sheet: SheetFacts) -> None:
    maybe, exactly = far
    if maybe.search(block) or b'" r="' in block:
        for m in exactly.finditer(block):
            start = block.rfind(b"<", 0, m.start())
            if _CELL_START.match(block, start) and not m.group(3).endswith(b"/") and \
                    not block.startswith(b"</", m.end()):
                sheet.far_count += 1
                if len(sheet.far_cells) < 5:
                    sheet.far_cells.append((m.group(1) or m.group(2)).decode())
    if any(marker in block for marker in _FORMULA_OR_ERROR):
        for m in _CELL.finditer(block):
            attrs, body = m.group(1), m.group(3) or b""
            kind_attr = _ATTR_T.search(attrs)
            kind = kind_attr.group(1) if kind_attr else b""
            if kind != b"e" and not _HAS_FORMULA.search(body):
                continue
            ref = _ATTR_R.search(attrs)
            if not ref:
                continue
            row, col = int(ref.group(2)), column_index(ref.group(1).decode())
            value = _VALUE.search(body)
            if kind == b"e":
                _keep(sheet, "errors", (row, col, value.group(1).decode(errors="replace") if value else "#N/A"))
            elif value is None or not (value.group(1) or kind in _TEXT_RESULTS):
                _keep(sheet, "uncached", (row, col))
    if b'hidden="' in block:
        for m in _HIDDEN_ROW.finditer(block):
            number = _ATTR_ROW.search(m.group(1))
            if number:
                _keep(sheet, "hidden_rows", int(number.group(1)))
        for m in _HIDDEN_COL.finditer(block):
            low, high = (p.search(m.group(1)) for p in _ATTR_MIN_MAX)
            if low and high:
                first, last = int(low.group(1)), min(int(high.group(1)), 16384)
                sheet.hidden_columns.extend(range(first - 1, min(last, first + 100)))
    if b"mergeCell" in block:
        for m in _MERGE.finditer(block):
            c1, r1, c2, r2 = m.groups()
            c2, r2 = c2 or c1, r2 or r1
            sheet.merges.append(Merge(int(r1), column_index(c1.decode()), int(r2), column_index(c2.decode())))


def _keep(sheet: SheetFacts, kind: str, item) -> None:
    kept = getattr(sheet, kind)
    sheet.counts[kind] = sheet.counts.get(kind, 0) + 1
    if len(kept) < _KEPT:
        kept.append(item)


def _above(limit: str, alphabet: str, longer: str) -> str:
    """A regex for the strings of ``alphabet`` that sort after ``limit`` as numerals do (longer is bigger)."""
    alternatives = [longer]
    for i, ch in enumerate(limit):
        higher = alphabet[alphabet.index(ch) + 1:]
        if higher:
            rest = len(limit) - i - 1
            alternatives.append(f"{limit[:i]}[{higher[0]}-{higher[-1]}]" + (f"[{alphabet[0]}-{alphabet[-1]}]{{{rest}}}"
                                                                             if rest else ""))
    return "|".join(alternatives)


def _far_cell_patterns(limits: Limits) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Two regexes for a cell reference beyond the limits. The first, cheap one finds each block that may hold one:
    a cell written as ``<c r="`` (as every spreadsheet program writes it) whose column is too far or whose row has as
    many digits as the limit; a reference that is not a cell's first attribute is caught by the ``" r="`` test of
    ``_scan_block``. The second finds the exact references, as an ``r`` attribute and the rest of its tag;
    ``_scan_block`` then checks that the tag is a cell's and that the cell holds something (not an empty
    ``<c .../>``)."""
    cols = column_letters(limits.columns - 1)
    rows = str(limits.rows)
    far_col = _above(cols, string.ascii_uppercase, f"[A-Z]{{{len(cols) + 1},}}")
    far_row = _above(rows, string.digits, f"[1-9][0-9]{{{len(rows)},}}")
    maybe = re.compile(rf'c r="(?:{far_col}|[A-Z]+[0-9]{{{len(rows)}}})'.encode())
    exactly = re.compile(rf' r="(?:((?:{far_col})[0-9]+)|([A-Z]+(?:{far_row})))"([^>]*)>'.encode())
    return maybe, exactly
