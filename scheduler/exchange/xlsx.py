"""A small streaming .xlsx writer for big plain tables (a million rows in seconds, where openpyxl takes half a minute).

It writes what a data set needs and no more: text (through the shared-string
table), numbers, dates (shown as dd/mm/yyyy), a bold coloured header row,
frozen under the header, and column widths. Workbooks with notes and data
validation (the template) are written with openpyxl instead.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Iterable, Sequence
from xml.sax.saxutils import escape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHUNK = 20_000

_STYLES = f"""{_HEAD}<styleSheet xmlns="{_MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FF1F4E79"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def _letters(n: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


class _Strings:
    """The shared-string table: each distinct text once, cells refer to it by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def ref(self, s: str) -> int:
        i = self.index.get(s)
        if i is None:
            i = self.index[s] = len(self.index)
        return i

    def xml(self) -> str:
        items = "".join(f'<si><t xml:space="preserve">{escape(_NOT_XML.sub("", s))}</t></si>' for s in self.index)
        return f'{_HEAD}<sst xmlns="{_MAIN}" count="{len(self.index)}" uniqueCount="{len(self.index)}">{items}</sst>'


def _row_xml(number: int, letters: Sequence[str], row: Iterable[object], strings: _Strings, style: str = "") -> str:
    cells = []
    for letter, value in zip(letters, row):
        if value is None or value == "":
            continue
        kind = type(value)
        if kind is str:
            cells.append(f'<c r="{letter}{number}" t="s"{style}><v>{strings.ref(value)}</v></c>')  # type: ignore[arg-type]
        elif kind is bool:
            cells.append(f'<c r="{letter}{number}" t="b"{style}><v>{int(value)}</v></c>')  # type: ignore[arg-type]
        elif kind is int or kind is float:
            cells.append(f'<c r="{letter}{number}"{style}><v>{value!r}</v></c>')
        elif isinstance(value, dt.date):
            serial = (value if kind is dt.date else value.date()) - _EXCEL_EPOCH  # type: ignore[attr-defined,operator]
            cells.append(f'<c r="{letter}{number}" s="2"><v>{serial.days}</v></c>')
        else:
            cells.append(f'<c r="{letter}{number}" t="s"{style}><v>{strings.ref(str(value))}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def write_workbook(path: str | Path, sheets: Iterable[tuple[str, Sequence[str], Sequence[float], Iterable[Sequence[object]]]]) -> Path:
    """Writes ``(name, headers, column widths, rows)`` per sheet to an .xlsx file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    strings = _Strings()
    names: list[str] = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=4) as z:
        for name, headers, widths, rows in sheets:
            names.append(name)
            letters = [_letters(i) for i in range(1, len(headers) + 1)]
            cols = "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>' for i, w in enumerate(widths, 1))
            with z.open(f"xl/worksheets/sheet{len(names)}.xml", "w") as f:
                f.write((
                    f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews><sheetView workbookViewId="0">'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
                    f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
                    + _row_xml(1, letters, headers, strings, ' s="1"')
                ).encode())
                chunk: list[str] = []
                for number, row in enumerate(rows, start=2):
                    chunk.append(_row_xml(number, letters, row, strings))
                    if len(chunk) >= _CHUNK:
                        f.write("".join(chunk).encode())
                        chunk.clear()
                f.write(("".join(chunk) + "</sheetData></worksheet>").encode())
        z.writestr("xl/sharedStrings.xml", strings.xml())
        z.writestr("xl/styles.xml", _STYLES)
        sheet_list = "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
        z.writestr("xl/workbook.xml", f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheet_list}</sheets></workbook>')
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        n = len(names)
        rels += f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        rels += f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        z.writestr("xl/_rels/workbook.xml.rels", f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>')
        z.writestr("_rels/.rels", (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ))
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        z.writestr("[Content_Types].xml", (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            f"{overrides}</Types>"
        ))
    return path
