"""The audit trail: who did what and when, with the state before and after.

Every service that changes the database records its action through the one
function ``record`` (import, solve, hand edits and overrides, settings,
backup, restore, purge), inside the same transaction as the change when it
is given a session, so an event exists exactly when its change does.
``events`` reads the trail back for the Audit page and ``gp-placements audit``.
Events name students by their number only, never by name.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from scheduler.domain import Plan
from scheduler.services.workspace import Workspace
from scheduler.store import audit_rows
from scheduler.store.audit_rows import AuditEvent

__all__ = ["AuditEvent", "events", "placement_changes", "record", "settings_changes", "write_csv"]

CSV_COLUMNS = ("when", "user", "action", "what", "before", "after")


def record(ws_or_session: Workspace | Session | Connection, action: str, what: str, before: Any = "", after: Any = "",
           user: str | None = None) -> None:
    """Records one event. ``before``/``after`` are text, or anything JSON can show (dicts, lists, numbers).

    ``user`` defaults to the workspace's user (the team login on a server, else the operating-system user).
    """
    if isinstance(ws_or_session, (Session, Connection)):
        _add(ws_or_session, action, what, before, after, user)
        return
    ws_or_session.database.write("record", lambda s: _add(s, action, what, before, after, user))


def events(ws: Workspace, **filters: Any) -> list[AuditEvent]:
    """Events oldest first; filters: since, until (datetimes), user, action, text, limit."""
    with ws.session() as s:
        return audit_rows.list_events(s, **filters)


def users_and_actions(ws: Workspace) -> tuple[list[str], list[str]]:
    with ws.session() as s:
        return audit_rows.users_and_actions(s)


def write_csv(rows: list[AuditEvent], path: str | Path) -> Path:
    """The events as a CSV file (UTF-8 with a byte-order mark, so Excel shows every script)."""
    from scheduler.exchange.atomic import replaced_on_success
    from scheduler.exchange.formula_guard import InertWriter
    from scheduler.private_files import private_folder

    path = Path(path)
    private_folder(path.parent)
    with replaced_on_success([path]) as (tmp,), open(tmp, "w", newline="", encoding="utf-8-sig") as f:
        writer = InertWriter(f)
        writer.writerow(CSV_COLUMNS)
        for e in rows:
            writer.writerow([e.when.isoformat(sep=" "), e.user, e.action, e.what, e.before, e.after])
    return path


def placement_changes(old: Plan | None, new: Plan) -> tuple[str, str]:
    """(before, after): where each student-block that differs between the two plans was and is."""
    def where(plan: Plan | None) -> dict[tuple[str, str], str]:
        if plan is None:
            return {}
        placed = {(p.student_id, p.block_id): p.practice_code + (" (locked)" if p.locked else "")
                  for p in plan.placements}
        return placed | {(u.student_id, u.block_id): "unplaced" for u in plan.unplaced}

    a, b = where(old), where(new)
    keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    return ("; ".join(f"{s} {blk}: {a.get((s, blk), '-')}" for s, blk in keys),
            "; ".join(f"{s} {blk}: {b.get((s, blk), '-')}" for s, blk in keys))


def settings_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(before, after): only the settings that differ, flattened (``weights.travel``)."""
    a, b = _flatten(old), _flatten(new)
    keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    return {k: a.get(k) for k in keys}, {k: b.get(k) for k in keys}


def _flatten(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _text(value: Any) -> str:
    """Text as given; a dict as ``name: value; name: value``; anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v) if isinstance(v, (dict, list)) else json.dumps(v, default=str)}"
                         for k, v in sorted(value.items()))
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _add(s: Session | Connection, action: str, what: str, before: Any, after: Any, user: str | None) -> None:
    who = user if user is not None else s.info.get("user", "")
    audit_rows.add_event(s, AuditEvent(dt.datetime.now(), who, action, what, _text(before),
                                       _text(after)))
