"""Which plan is current after a run that was stopped early, came out worse or cannot be compared with the
current plan (a minimal-change re-plan): the officer decides.

The services save such a run beside the current plan and leave the current plan as it was
(``SolveOutcome.kept_current``); this dialog sets both plans' figures side by side and asks
whether to make the new one current instead.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.text import status_words


def _rows(outcome) -> list[tuple[str, str, str]]:
    """(what, the current plan, the new plan) for each figure."""
    new, kept = outcome.plan, outcome.kept_current
    new_f, kept_f = outcome.summary, outcome.kept_current_figures

    def cost(value: float | None) -> str:
        return "–" if value is None else f"{value:,.0f}"

    rows = [("Made", status_words(kept.status), status_words(new.status)),
            ("Student-blocks placed", f"{kept.placed:,}", f"{len(new.placements):,}"),
            ("Not placed", f"{kept.unplaced:,}", f"{len(new.unplaced):,}"),
            ("Cost (lower is better)", cost(kept.objective), cost(new.objective))]
    if new_f is not None and kept_f is not None:
        rows += [("Total travel (minutes)", f"{kept_f.total_travel:,.0f}", f"{new_f.total_travel:,.0f}"),
                 ("Longest journey (minutes)", f"{kept_f.longest_travel:,.0f}", f"{new_f.longest_travel:,.0f}"),
                 ("Practices used", f"{kept_f.practices_used:,}", f"{new_f.practices_used:,}")]
    return rows


def why_kept(outcome) -> str:
    """"Plan 2 was stopped early, so Plan 1 stays the current plan"."""
    new, kept = outcome.plan, outcome.kept_current
    return f"{new.name} {outcome.kept_because}, so {kept.name} stays the current plan"


def side_by_side(outcome) -> str:
    """The question, with both plans' figures in a table (rich text)."""
    new, kept = outcome.plan, outcome.kept_current
    head = (f"<tr><th></th><th align='right'>{escape(kept.name)} (current)</th>"
            f"<th align='right'>{escape(new.name)} (new)</th></tr>")
    body = "".join(f"<tr><td>{escape(what)}</td><td align='right'>{escape(a)}</td><td align='right'>{escape(b)}</td></tr>"
                   for what, a, b in _rows(outcome))
    return (f"<p>{escape(why_kept(outcome))}. {escape(new.name)} is saved beside it.</p>"
            f"<table cellspacing='0' cellpadding='4'>{head}{body}</table>"
            f"<p>Documents are made from the current plan. Make {escape(new.name)} the current plan instead?</p>")


def ask_make_current(parent: QWidget, outcome) -> bool:
    """True when the officer chooses the new plan; keeping the current plan is the default."""
    new, kept = outcome.plan, outcome.kept_current
    box = QMessageBox(QMessageBox.Icon.Question, "Which plan is current?", side_by_side(outcome),
                      QMessageBox.StandardButton.NoButton, parent)
    use_new = box.addButton(f"Make {new.name} current", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(f"Keep {kept.name} current", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is use_new
