"""The change versions: every write raises its kind's version once per transaction, in that transaction, on
both back ends; a savepoint rolled back takes its raise with it and a later write raises it again; nothing
else moves them; a backup keeps them exactly."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from scheduler.demo import make_demo
from scheduler.services import Workspace, backups
from scheduler.store import change_versions, repository
from scheduler.store.models import PreferenceRow, SettingsRow


def versions(ws) -> dict[str, int]:
    with ws.session() as s:
        return change_versions.snapshot(s).versions


def raised(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {kind: after[kind] - before[kind] for kind in before if after[kind] != before[kind]}


def test_each_write_raises_its_kind_once_per_transaction(db_url):
    with Workspace.open(db_url) as ws:
        start = versions(ws)
        with ws.session() as s:
            repository.replace_dataset(s, make_demo(1, "small"))  # thousands of statements, one transaction
        after_import = versions(ws)
        assert raised(start, after_import) == {"data": 1, "offers": 1, "preferences": 1}
        with ws.session() as s:
            repository.save_settings(s, repository.load_settings(s))
            s.execute(delete(PreferenceRow))
            s.execute(delete(PreferenceRow))
        assert raised(after_import, versions(ws)) == {"settings": 1, "preferences": 1}
        unchanged = versions(ws)
        with ws.session() as s:  # reading, and writing plans, changes no kind
            repository.load_dataset(s)
            repository.save_plan(s, repository.load_plan(s) or _empty_plan())
        assert versions(ws) == unchanged


def _empty_plan():
    from scheduler.domain import Plan

    return Plan("Empty", ())


def test_a_rolled_back_savepoint_takes_its_raise_with_it(db_url):
    with Workspace.open(db_url) as ws:
        before = versions(ws)
        with ws.session() as s:
            nested = s.begin_nested()
            s.execute(update(SettingsRow).values(version=SettingsRow.version))
            nested.rollback()
            s.execute(update(SettingsRow).values(version=SettingsRow.version))
        assert raised(before, versions(ws)) == {"settings": 1}


def test_a_backup_keeps_the_versions_and_the_database_identity(tmp_path, db_url):
    with Workspace.open(db_url) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, make_demo(1, "small"))
        live = versions(ws)
        saved = backups.backup(ws, tmp_path / "copy.sqlite")
    with Workspace.open(saved) as copy:
        assert versions(copy) == live


NOT_READ_AS_INPUT = {"plans", "placements", "unplaced", "edits", "audit_events", "offers", "preference_round",
                     "archived_years", "archived_rows", "plan_advice", "data_version", "change_versions",
                     "column_mappings"}
"""Tables no solve, advice or document set reads as input (plans are guarded by their own version; a kept
"Where to recruit" result is only shown, beside the versions it was made from; a closed year's rows are read
only into a temporary copy for reprints, and its evaluations' scores are written only when the year closes,
which changes the data too; a saved column mapping is read by an import, which changes the data)."""


def test_every_table_has_a_kind_or_is_named_as_no_input():
    """A new table must be given a kind (or named here): else a change to it would slip past the guard."""
    from scheduler.store.models import Base

    tables = set(Base.metadata.tables)
    assert tables == set(change_versions.TABLE_KIND) | NOT_READ_AS_INPUT
    assert not set(change_versions.TABLE_KIND) & NOT_READ_AS_INPUT


def test_another_database_at_the_same_place_is_told_apart_by_its_identity(tmp_path, db_url):
    """A server database dropped and made again under the same name has other (random) versions: a job that
    read the first one sees that it is gone, even with no file to compare."""
    import dataclasses

    with Workspace.open(db_url) as first, first.session() as s:
        read = dataclasses.replace(change_versions.snapshot(s), file=None)
    with Workspace.open(tmp_path / "other.db") as second, second.session() as s:
        assert change_versions.changes_since(s, read) == ["the database was replaced by another one"]
    with Workspace.open(db_url) as first, first.session() as s:
        assert change_versions.changes_since(s, read) == []


def test_a_session_bound_to_a_connection_takes_the_same_snapshot(db_url):
    # a Connection has no ``url`` of its own; the file identity is read through its engine
    with Workspace.open(db_url) as ws:
        with ws.session() as s:
            expected = change_versions.snapshot(s)
        with ws.database.engine.connect() as conn, Session(bind=conn) as s:
            taken = change_versions.snapshot(s)
            assert change_versions.changes_since(s, taken) == []
        assert taken == expected
        assert (taken.file is not None) == db_url.endswith(".db")
