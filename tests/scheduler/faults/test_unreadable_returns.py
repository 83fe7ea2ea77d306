"""A returned workbook that cannot be read is named by its file's name and the failure's type, the same in the offers,
preferences and evaluations rounds. The exception's own text is never shown: it held the whole path (a folder named
by a student's id), or bytes of the file; and a sheet cut short crashed the reading before it was caught."""

from __future__ import annotations

import os
import zipfile

import pytest
from openpyxl import Workbook

from scheduler.services import Workspace
from scheduler.services.evaluations import check_evaluation_returns
from scheduler.services.offers import check_offer_returns
from scheduler.services.preferences import check_preferences

ROUNDS = [check_offer_returns, check_preferences, check_evaluation_returns]


def _sheet_cut_short(path) -> None:
    good = path.with_name("good.xlsx")
    Workbook().save(good)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as cut:
        for name in source.namelist():
            part = source.read(name)
            cut.writestr(name, part[:len(part) // 2] if name.startswith("xl/worksheets/") else part)
    good.unlink()


def _bytes_flipped(path) -> None:
    Workbook().save(path)
    data = bytearray(path.read_bytes())
    data[200:260] = bytes(b ^ 0x55 for b in data[200:260])
    path.write_bytes(bytes(data))


CORRUPT = {
    "a sheet cut short": (_sheet_cut_short, "ParseError"),
    "bytes flipped": (_bytes_flipped, "BadZipFile"),
    "a folder, not a file": (lambda path: path.mkdir(), "IsADirectoryError"),
    "a link to a file gone": (lambda path: os.symlink(path.with_name("gone.xlsx"), path), "FileNotFoundError"),
}


@pytest.mark.parametrize("check", ROUNDS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("corrupt", CORRUPT)
def test_an_unreadable_return_is_named_by_its_file_and_the_failure_type_only(base_db, tmp_path, check, corrupt):
    make, failure = CORRUPT[corrupt]
    folder = tmp_path / "S1234567 returns"
    folder.mkdir()
    path = folder / "returned.xlsx"
    make(path)
    with Workspace.open(base_db) as ws:
        problems = [str(p) for p in check(ws, [folder]).problems]
    assert problems == [f"returned.xlsx: cannot be read as an Excel workbook ({failure})"]
