"""Keyboard use: every page's Alt+letter shortcuts are unique, and every page has tooltips and names."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QTableView, QTabWidget

MNEMONIC = re.compile(r"&([^&\s])")


def mnemonics(page) -> list[str]:
    texts = [b.text() for b in page.findChildren(QAbstractButton)]
    texts += [label.text() for label in page.findChildren(QLabel) if label.buddy() is not None]
    for tabs in page.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    return [m.group(1).lower() for text in texts for m in [MNEMONIC.search(text)] if m]


@pytest.fixture
def window(make_window, planned_db):
    return make_window(planned_db)


def test_alt_letters_are_unique_on_every_page(window):
    for page in window.pages:
        letters = Counter(mnemonics(page))
        assert [letter for letter, n in letters.items() if n > 1] == [], page.title


def test_every_table_has_an_accessible_name(window):
    for page in window.pages:
        for view in page.findChildren(QTableView):
            assert view.accessibleName(), f"a table on {page.title} has no accessible name"


def test_buttons_say_what_they_do(window):
    for page in (window.students, window.plan, window.documents):
        for button in page.findChildren(QAbstractButton):
            if button.text().replace("&", "") in ("Stop", "Move…", "Swap", "Lock", "Preview", "Print…",
                                                   "Save all to a folder…", "Run"):
                assert button.toolTip(), f"{button.text()} on {page.title} has no tooltip"
