"""Writing files all or nothing: into a temporary file beside the target, moved into place only on success.

A failed export (disk full, file open in Excel, a bug) then leaves whatever
was there before, never a half-written file that looks complete.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator


def partial_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


@contextlib.contextmanager
def replaced_on_success(paths: list[Path]) -> Iterator[list[Path]]:
    """Yields a temporary path for each target; moves them all into place if the block succeeds."""
    partials = [partial_path(p) for p in paths]
    try:
        yield partials
        for partial, path in zip(partials, paths):
            os.replace(partial, path)
    finally:
        for partial in partials:
            partial.unlink(missing_ok=True)
