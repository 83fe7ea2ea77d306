"""Search text folded so that case and accents never hide a row: "wojcik" finds Wójcik, "LODZ" finds Łódź."""

from __future__ import annotations

import unicodedata

# letters that Unicode does not decompose into a base letter and an accent
_SEPARATE_LETTERS = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
                                   "þ": "th", "Þ": "th", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i",
                                   "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t"})


def fold(text: str) -> str:
    """Lower case without accents, for comparing search words with row text (never for showing)."""
    if text.isascii():  # most rows: nothing to decompose, and ASCII's casefold is its lower case
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_SEPARATE_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_words(text: str) -> list[str]:
    return fold(text).split()


def matches(words: list[str], text: str) -> bool:
    """True when every (folded) word appears in ``text``; ``text`` is folded here."""
    if not words:
        return True
    folded = fold(text)
    return all(word in folded for word in words)
