"""Words for numbers: plurals that agree ("1 journey", "2 journeys") and how close a plan is to the best."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``plural(1, "journey")`` is "1 journey"; ``plural(1_200, "journey")`` is "1,200 journeys"."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def is_are(n: int, one: str, many: str | None = None) -> str:
    """``is_are(2, "practice")`` is "2 practices are"."""
    return f"{plural(n, one, many)} {'is' if n == 1 else 'are'}"


def closeness(gap: float | None, placed: int | None = None, placed_bound: int | None = None) -> str:
    """How far a plan may be from the best possible, in words (the figures go in a tooltip).

    With the count's bound above what the plan places, that comes first: it is what an officer can act on."""
    if placed is not None and placed_bound is not None and placed_bound > placed:
        more = placed_bound - placed
        return f"up to {more:,} more student-block{'s' if more != 1 else ''} could be placed"
    if gap is None:
        return "not known how close to the best possible"
    if gap <= 0:
        return "the best possible"
    return f"within {gap:.1%} of the best possible"


STATUS_WORDS = {"optimal": "best possible", "feasible": "found", "stopped": "stopped early",
                "edited": "changed by hand", "not solved": "not made yet"}


def status_words(status: str) -> str:
    """The solver's status of a plan as an officer would say it."""
    return STATUS_WORDS.get(status, status)
