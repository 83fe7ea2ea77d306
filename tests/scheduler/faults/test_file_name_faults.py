"""Names from the data in file names: a group "A/B" made preferences-out fail, and codes such as CON or NUL are
file names Windows refuses. Every name the writers make is one file name that Windows and POSIX both take,
and two different names never share a file."""

from __future__ import annotations

import re
import sqlite3

import pytest

from scheduler.file_names import safe_filename

WINDOWS_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?", re.IGNORECASE)
GROUPS = ["A/B", "CON", "nul", "a:b", "x.", "y ", '<>:"/\\|?*', "..", "C\x00D", "AUX.txt"]


def _windows_takes(name: str) -> bool:
    return (bool(name) and not WINDOWS_RESERVED.fullmatch(name) and not name.endswith((".", " "))
            and not any(c in '<>:"/\\|?*' or ord(c) < 32 for c in name) and len(name) <= 255)


@pytest.mark.parametrize("name", [*GROUPS, "COM1", "lpt9", "P84001", "ab1", "AB1", "Con.pdf", "x" * 400, ""])
def test_every_safe_filename_is_taken_by_windows(name):
    assert _windows_takes(safe_filename(name)) and _windows_takes(safe_filename(name) + ".pdf")


def test_different_names_never_share_a_file():
    names = [*GROUPS, "A_B", "a_b", "con", "Con", "CON_", "x", "y", "x" * 400, "x" * 401]
    assert len({safe_filename(n).casefold() for n in names}) == len(names)


def test_a_plain_code_is_kept_as_it_is():
    assert safe_filename("P84001") == "P84001" and safe_filename("Y3-B1") == "Y3-B1"


def test_preferences_out_with_group_names_that_are_no_file_names(run, base_db, tmp_path):
    conn = sqlite3.connect(base_db)
    ids = [i for (i,) in conn.execute("SELECT student_id FROM students ORDER BY student_id")]
    for k, sid in enumerate(ids):
        conn.execute("UPDATE students SET rotation_group = ? WHERE student_id = ?", (GROUPS[k % len(GROUPS)], sid))
    conn.commit()
    conn.close()
    code, out, err = run("preferences-out", tmp_path / "prefs", "--db", base_db)
    assert code == 0, err
    written = [p for p in (tmp_path / "prefs").iterdir() if p.suffix == ".xlsx"]
    assert all(_windows_takes(p.name) for p in written)
    cohorts = set(sqlite3.connect(base_db).execute("SELECT year, rotation_group, programme FROM students"))
    assert len(written) == len(cohorts)
