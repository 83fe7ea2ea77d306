"""The Offers page: send the round, import a return (its changes shown, saved only on Apply), the chase list."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from scheduler.offers import layout as L
from scheduler.services import Workspace, offers


def _open(window):
    window.show_page(window.pages.index(window.offers))
    return window.offers


def _send(page, folder: Path) -> list[Path]:
    page.ask_folder = lambda: str(folder)
    page.send_button.click()
    return sorted(folder.glob("*.xlsx"))


def _answer(workbook: Path, to: Path, places) -> tuple[str, str]:
    """Fills the first block's places in a copy of the workbook; returns (practice code, block id)."""
    book = load_workbook(workbook)
    sheet = book[L.SHEET]
    sheet[f"{L.PLACES_COLUMN}{L.FIRST_BLOCK_ROW}"] = places
    book.save(to)
    return sheet[L.CODE_CELL].value, sheet[f"{L.BLOCK_ID_COLUMN}{L.FIRST_BLOCK_ROW}"].value


def _changes(db: str, path: Path) -> list:
    with Workspace.open(db) as ws:
        return offers.check_offer_returns(ws, [path]).changes


def test_a_return_is_shown_first_and_applied_only_on_confirm(make_window, data_db, tmp_path):
    window = make_window(data_db)
    page = _open(window)
    workbooks = _send(page, tmp_path / "round")
    assert workbooks and page.replies.model.rowCount() >= len(workbooks)
    assert {page.replies.model.index(r, 2).data() for r in range(page.replies.model.rowCount())} <= {
        "awaiting reply", "not sent"}
    before = load_workbook(workbooks[0])[L.SHEET][f"{L.PLACES_COLUMN}{L.FIRST_BLOCK_ROW}"].value
    returned = tmp_path / "reply from the surgery.xlsx"
    code, block = _answer(workbooks[0], returned, f" {int(before) + 2} ")  # typed as text, with spaces

    page.import_returns([str(returned)])
    dialog = page.returns_dialog
    assert dialog is not None and dialog.isVisible()
    assert [(c.practice_code, c.block_id, c.what, c.after) for c in dialog.model.rows()] == [
        (code, block, "places", int(before) + 2)]
    assert dialog.apply_button.isEnabled() and not dialog.problems.isVisible()
    assert len(_changes(data_db, returned)) == 1  # shown, not saved
    with Workspace.open(data_db) as ws:
        assert all(s.replied is None for s in offers.offers_status(ws))

    dialog.apply_button.click()
    assert _changes(data_db, returned) == []  # the database now holds the returned places
    replied = {s.practice_code: s for s in page.replies.model.rows() if s.replied is not None}
    assert list(replied) == [code] and replied[code].changes == 1 and replied[code].source == returned.name
    page.replies.filters.combos["reply"].setCurrentText("awaiting reply")
    assert code not in {page.replies.proxy.row_at(r).practice_code for r in range(page.replies.proxy.rowCount())}
    assert page.replies.proxy.rowCount() == len(workbooks) - 1
    assert "1 of" in page.replies.count_label.text()


def test_a_broken_return_names_the_cell_and_cannot_be_applied(make_window, data_db, tmp_path):
    window = make_window(data_db)
    page = _open(window)
    workbooks = _send(page, tmp_path / "round")
    returned = tmp_path / "broken.xlsx"
    _answer(workbooks[0], returned, -3)
    page.import_returns([str(returned)])
    dialog = page.returns_dialog
    assert not dialog.apply_button.isEnabled()
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert problems == [f"broken.xlsx, sheet {L.SHEET}, cell {L.PLACES_COLUMN}{L.FIRST_BLOCK_ROW}: "
                        + problems[0].split(": ", 1)[1]] and "places" in problems[0]
    dialog.reject()
    with Workspace.open(data_db) as ws:
        assert all(s.replied is None for s in offers.offers_status(ws))


def test_cancel_saves_nothing(make_window, data_db, tmp_path):
    window = make_window(data_db)
    page = _open(window)
    workbooks = _send(page, tmp_path / "round")
    before = load_workbook(workbooks[0])[L.SHEET][f"{L.PLACES_COLUMN}{L.FIRST_BLOCK_ROW}"].value
    returned = tmp_path / "reply.xlsx"
    _answer(workbooks[0], returned, int(before) + 1)
    page.import_returns([str(returned)])
    page.returns_dialog.reject()
    assert len(_changes(data_db, returned)) == 1


def test_to_chase_starts_only_after_the_reply_by_date(make_window, data_db, tmp_path):
    import datetime as dt

    from sqlalchemy import update

    from scheduler.store.models import OfferRow

    window = make_window(data_db)
    page = _open(window)
    workbooks = _send(page, tmp_path / "round")
    reply_by = dt.date.today() + dt.timedelta(days=offers.REPLY_DAYS)
    sent = [s for s in page.replies.model.rows() if s.sent is not None]
    assert len(sent) == len(workbooks) and all(s.reply_by == reply_by for s in sent)
    standings = {page.replies.model.index(r, 2).data() for r in range(page.replies.model.rowCount())
                 if page.replies.model.row_at(r).sent is not None}
    assert standings == {"awaiting reply"}
    assert f"{len(workbooks):,} awaiting a reply · 0 to chase" in page.replies.count_label.text()
    page.replies.filters.combos["reply"].setCurrentText("to chase")
    assert page.replies.proxy.rowCount() == 0
    with Workspace.open(data_db) as ws, ws.session() as s:  # the reply-by date passes
        s.execute(update(OfferRow).values(reply_by=dt.date.today() - dt.timedelta(days=1)))
    page.refresh()
    assert page.replies.proxy.rowCount() == len(workbooks)
    assert f"0 awaiting a reply · {len(workbooks):,} to chase" in page.replies.count_label.text()
