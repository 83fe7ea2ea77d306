"""A folder of documents put in place only if what it was made from is still current.

Timetables, letters, calendars and payments are written into a fresh folder
and swapped in for the chosen one when complete (``exchange.atomic``). A set
made while another officer changed the plan, the data or the settings would
replace good documents with ones that no longer hold: before the swap,
``current_folder`` asks ``read_guard`` whether anything read changed, and if
so moves the finished folder to ``Unsaved documents`` in the user data folder
instead and raises ``DocumentsNotCurrent`` (the chosen folder keeps what it
held), saying what changed and how to write them again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from scheduler.exchange.atomic import Staging, replaced_folder
from scheduler.services import read_guard
from scheduler.services.unsaved import keep_folder
from scheduler.services.workspace import Workspace
from scheduler.store.change_versions import Snapshot


class DocumentsNotCurrent(Exception):
    """What the documents were made from changed while they were written: they were not put in place."""

    def __init__(self, target: Path, changes: list[str], kept: Path | None, again: str) -> None:
        where = f"they are kept in {kept} to check" if kept is not None else "they could not be kept either"
        super().__init__(f"the documents were not put in {target}, because what they were made from changed while "
                         f"they were written: {'; '.join(changes)}. The folder still holds what it held before; "
                         f"{where}. Write them again ({again}) to print the changes")
        self.target, self.changes, self.kept, self.again = target, changes, kept, again

    def __reduce__(self):  # crosses from a background process to the window
        return DocumentsNotCurrent, (self.target, self.changes, self.kept, self.again)


@contextlib.contextmanager
def current_folder(ws: Workspace, read: Snapshot, target: Path, again: str,
                   about: Mapping[str, object] | None = None,
                   also: Callable[[], list[str]] | None = None) -> Iterator[Staging]:
    """``exchange.atomic.replaced_folder``, swapped in only if nothing read for ``read`` has changed since;
    ``again`` is the command that writes them again (for the message); ``also`` lists, in words, what else
    read changed (something no version counts)."""
    target = Path(target)
    with replaced_folder(target, about) as staging:
        yield staging
        if not staging.discarded and (changed := read_guard.changes(ws, read) + (also() if also else [])):
            staging.discard()
            raise DocumentsNotCurrent(target, changed, keep_folder(staging.path, target.name), again)
