"""Arabic-script names (Arabic, Persian, Urdu) made ready for a left-to-right PDF line.

PDF draws glyphs left to right exactly as given. ``arabic_reshaper`` turns the
letters into their joined presentation forms (initial, medial, final, the
lam-alef ligature) and ``python-bidi`` puts right-to-left runs in visual order
by the Unicode bidirectional algorithm. Text extracted from the PDF gives the
names back after NFKC normalisation and reversing those runs
(``logical_order``), which the tests use.
"""

from __future__ import annotations

import re
import unicodedata

from arabic_reshaper import ArabicReshaper
from bidi import get_display

_RTL_CHAR = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
# a right-to-left run: RTL letters, with any spaces or marks between two of them
_RTL_RUN = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF](?:[\s\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF])?")

# Keep vowel marks; only the mandatory lam-alef ligatures, not word ligatures such as Allah
# (U+FDF2), which fonts often lack and which would change how a name is spelt on paper.
_RESHAPER = ArabicReshaper(configuration={
    "delete_harakat": False,
    "support_ligatures": True,
    "ARABIC LIGATURE ALLAH": False,
})


def shape(text: str) -> str:
    """Replaces Arabic letters by their contextual presentation forms (logical order kept)."""
    return _RESHAPER.reshape(text)


def visual_order(text: str) -> str:
    """Shaped text in the order a left-to-right PDF line must draw it."""
    if not _RTL_CHAR.search(text):
        return text
    return get_display(shape(text), base_dir="L")


def logical_order(text: str) -> str:
    """The inverse for reading extracted PDF text back: reverse RTL runs, undo shaping (NFKC)."""
    return unicodedata.normalize("NFKC", _RTL_RUN.sub(lambda m: m.group(0)[::-1], text))
