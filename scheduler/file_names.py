"""File names made from data (practice codes, student ids, group names) that Windows and POSIX both accept.

Codes and names come from spreadsheets, so they may hold ``/`` or other characters no file name may
(``<>:"/\\|?*``, control characters), be a name Windows keeps for devices (``CON``, ``PRN``, ``AUX``,
``NUL``, ``COM1``-``COM9``, ``LPT1``-``LPT9``, with any extension), end in a dot or space (which Windows
drops), or be too long for a path. Each such name is cleaned and given a short hash of the original, so
``AB/1`` and ``AB_1`` (or ``ab1`` and ``AB1`` on Windows, whose file names ignore case) never share a file,
one student's schedule overwriting another's.
"""

from __future__ import annotations

import hashlib
import re

_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?", re.IGNORECASE)
LONGEST = 80
"""Characters kept of a long name (with its hash, well within Windows' 255 per name and 260 per path)."""


def safe_filename(name: str) -> str:
    """``name`` itself when it is a plain upper-case code (``P84001``, ``Y3-B1``); else letters, digits, dash,
    underscore kept, everything else ``_``, cut to ``LONGEST``, and a hash of the original."""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name).strip(".")
    if name and cleaned == name and name == name.upper() and len(name) <= LONGEST and not _RESERVED.fullmatch(name):
        return cleaned
    # no dot before the hash: Windows judges "AUX.txt-1a2b" by "AUX"
    return f"{cleaned[:LONGEST].replace('.', '_') or '_'}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}"
