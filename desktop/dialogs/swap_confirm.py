"""Swap asks first: both students' journeys before and after, and any rule the swap would break."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def _minutes(value: float) -> str:
    return f"{value:,.0f} min"


def swap_question(preview, names: dict[str, str], practices: dict[str, str]) -> str:
    """The question, one line per student: "Ann Lee: Oak Surgery 12 min → Elm Practice 39 min (27 min longer)"."""
    lines = [f"Swap these two students' practices in {preview.block_id}?", ""]
    for sid, here, now, there, after in preview.journeys:
        change = after - now
        longer = (f"{_minutes(change)} longer" if change >= 0.5 else f"{_minutes(-change)} shorter"
                  if change <= -0.5 else "about the same")
        lines.append(f"{names.get(sid, sid)}: {practices.get(here, here)} {_minutes(now)} → "
                     f"{practices.get(there, there)} {_minutes(after)} ({longer})")
    if preview.breaks:
        lines += ["", "It would break: " + "; ".join(preview.breaks) + ". You will be asked for a reason."]
    return "\n".join(lines)


def ask_to_swap(parent: QWidget, text: str) -> bool:
    return QMessageBox.question(parent, "Swap two students", text) == QMessageBox.StandardButton.Yes
