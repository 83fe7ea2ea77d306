"""Pausing Python's cyclic garbage collector while a million rows are built.

Reading a full travel table creates about a million lists and objects, none
of them in reference cycles; the collector would otherwise walk them again
and again as they pile up, which triples the time of an import.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
