"""A returned workbook saved into the folder the round went out to is someone's answers: ``offers-out`` and
``preferences-out`` never replace it. The folder is judged by content (the marker's SHA-256 of each file it
wrote), not by name: a practice's P84001.xlsx, filled in and saved over the one sent, is refused by name."""

from __future__ import annotations

import json
import os
import time

import pytest
from fault_helpers import digest, files
from openpyxl import load_workbook

from scheduler.exchange.atomic import MARKER
from scheduler.offers import layout as offer_layout
from scheduler.preference_round import workbook as preference_layout


def _fill_in_offer(path) -> None:
    book = load_workbook(path)
    sheet = book[offer_layout.SHEET]
    sheet[f"{offer_layout.PLACES_COLUMN}{offer_layout.FIRST_BLOCK_ROW}"] = 0
    book.save(path)


def _fill_in_ranks(path) -> None:
    book = load_workbook(path)
    sheet = book[preference_layout.SHEET]
    sheet[f"{preference_layout.RANK_COLUMN}{preference_layout.HEADER_ROW + 1}"] = 1
    book.save(path)


ROUNDS = [("offers-out", _fill_in_offer), ("preferences-out", _fill_in_ranks)]


@pytest.mark.parametrize("command, fill_in", ROUNDS)
def test_a_returned_workbook_saved_into_the_folder_is_never_replaced(run, base_db, tmp_path, command, fill_in):
    folder = tmp_path / "round"
    assert run(command, folder, "--db", base_db)[0] == 0
    returned = sorted(folder.glob("*.xlsx"))[0]
    fill_in(returned)
    before = digest(folder)
    code, out, err = run(command, folder, "--db", base_db)
    assert code == 1
    assert returned.name in err and "changed since this app wrote them" in err and "read returned workbooks in" in err
    assert digest(folder) == before
    assert "Traceback" not in out + err


@pytest.mark.parametrize("command, fill_in", ROUNDS)
def test_the_round_sent_again_unchanged_replaces_its_own_folder(run, base_db, tmp_path, command, fill_in):
    folder = tmp_path / "round"
    assert run(command, folder, "--db", base_db)[0] == 0
    written = files(folder)
    assert run(command, folder, "--db", base_db)[0] == 0
    assert files(folder) == written


def test_a_folder_of_an_earlier_version_without_sums_refuses_a_workbook_saved_after_it(run, base_db, tmp_path):
    folder = tmp_path / "round"
    assert run("offers-out", folder, "--db", base_db)[0] == 0
    marker = folder / MARKER
    about = json.loads(marker.read_text())
    del about["sha256"]
    marker.write_text(json.dumps(about))
    returned = sorted(folder.glob("*.xlsx"))[0]
    fill_in_at = time.time() + 60
    _fill_in_offer(returned)
    os.utime(returned, (fill_in_at, fill_in_at))
    code, _, err = run("offers-out", folder, "--db", base_db)
    assert code == 1 and returned.name in err
