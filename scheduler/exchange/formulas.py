"""Finding formula cells that have no saved value in an .xlsx workbook.

Excel saves each formula's last result beside it, and the reader uses that
value. A program that writes formulas without computing them (scripts,
some converters) leaves the value out, and the cell would read as empty: a
capacity of 0 with no warning. This scans the sheets' XML, only those that
hold formulas at all, for such cells.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"([A-Z]+)(\d+)")
_TEXT_RESULTS = {"str", "inlineStr"}


def column_index(letters: str) -> int:
    """``A`` -> 0, ``AB`` -> 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def uncached_formulas(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Sheet name -> (row number, column index, cell reference) of each formula without a saved value.

    Returns an empty dict for anything that is not a readable .xlsx/.xlsm package (the reader reports those).
    """
    try:
        with zipfile.ZipFile(path) as package:
            sheets = _sheet_parts(package)
            found: dict[str, list[tuple[int, int, str]]] = {}
            for name, part in sheets.items():
                try:
                    with package.open(part) as stream:
                        cells = _scan(stream)
                except KeyError:
                    continue
                if cells:
                    found[name] = cells
            return found
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError):
        return {}


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = part
    return parts


def _scan(stream) -> list[tuple[int, int, str]]:
    head = stream.read()
    if b"<f" not in head and b":f" not in head:  # no formula anywhere in the sheet: the usual case
        return []
    found = []
    for _, element in ElementTree.iterparse(io.BytesIO(head), events=("end",)):
        if element.tag != f"{_MAIN}c":
            continue
        if element.find(f"{_MAIN}f") is not None:
            value = element.find(f"{_MAIN}v")
            has_value = value is not None and (bool(value.text) or element.get("t") in _TEXT_RESULTS)
            if not has_value:
                ref = element.get("r", "")
                m = _REF.fullmatch(ref)
                if m:
                    found.append((int(m.group(2)), column_index(m.group(1)), ref))
        element.clear()
    return found

