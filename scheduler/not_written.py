"""The error a writer raises when its output could not be written: one sentence for the user, nothing changed.

Every writer (exports, documents, backups) writes beside its target and moves
the result into place only when whole, so a failure leaves the target as it
was; ``NotWritten`` says what failed, where, how to fix it, and that nothing
was changed. A full disk is named as such, with the room needed and free.
"""

from __future__ import annotations

import shutil
from pathlib import Path


class NotWritten(Exception):
    """Writing failed (a full disk, a file open in another program, no permission); the target is as it was."""


def room_note(folder: Path, needed: int | None = None) -> str:
    """" (it needs about 12 MB; 3 MB are free)", or what of that can be told."""
    try:
        free = shutil.disk_usage(folder).free
    except (OSError, ValueError):
        free = None
    parts = []
    if needed:
        parts.append(f"it needs about {_size(needed)}")
    if free is not None:
        parts.append(f"{_size(free)} {'is' if free < 1_000_000 else 'are'} free")
    return f" ({'; '.join(parts)})" if parts else ""


def _size(n: int) -> str:
    return f"{n / 1_000_000:,.1f} MB" if n >= 100_000 else f"{n / 1000:,.0f} KB"
