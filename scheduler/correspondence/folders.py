"""Filling an output folder all or nothing: a fresh sibling folder, swapped into place when complete.

The earlier folder is kept as ``NAME.previous`` during the swap and removed
after it, so a failure at any point leaves either the old folder or the new
one whole, never a mix. A non-empty target that holds no marker of an
earlier output of the app is refused, so an officer's own files are never
swept away.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

MARKER = ".gp-placements-output"


class NotAnOutputFolder(ValueError):
    """The target folder holds files that the app did not write; the message names it."""


@contextlib.contextmanager
def filled_folder(target: Path) -> Iterator[Path]:
    """Yields an empty folder to fill; on success it replaces ``target``, on failure it is removed."""
    target = target.absolute()
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).exists())):
        raise NotAnOutputFolder(
            f"{target} is not empty and was not written by GP Placements: choose an empty or new folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    try:
        yield fresh
        (fresh / MARKER).write_text("Written by GP Placements; replaced as a whole on the next export.\n",
                                    encoding="utf-8")
        previous = target.with_name(target.name + ".previous")
        if previous.exists():
            shutil.rmtree(previous)
        if target.exists():
            os.replace(target, previous)
        os.replace(fresh, target)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
