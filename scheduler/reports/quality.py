"""The plan quality report: headline figures, journeys per year, capacity used, unplaced student-blocks.

For the placement lead, not for practices or students: it lists unplaced
student-blocks with the solver's reason (a rule, never a private note).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer, Table

from scheduler.reports.cells import data_table, details_table, para
from scheduler.reports.charts import bar_chart
from scheduler.reports.fonts import REGULAR
from scheduler.reports.index import PlanIndex
from scheduler.reports.page import frame_width, render
from scheduler.reports.styles import ACCENT, MUTED
from scheduler.reports.text import minutes_text
from scheduler.settings import SOFT_TERMS, Settings

TRAVEL_BINS = (10, 20, 30, 40, 50, 60, 75, 90)
USE_BANDS = ("none", "1–24%", "25–49%", "50–74%", "75–99%", "full")


def travel_histogram(minutes: list[float]) -> tuple[list[str], list[int]]:
    """Counts of journeys in 10-minute bands up to an hour, then wider bands."""
    labels, counts = [], []
    lower = 0
    for upper in TRAVEL_BINS:
        labels.append(f"{lower}–{upper}")
        counts.append(sum(1 for m in minutes if lower <= m < upper))
        lower = upper
    labels.append(f"{lower}+")
    counts.append(sum(1 for m in minutes if m >= lower))
    return labels, counts


def practice_use(index: PlanIndex) -> list[tuple[str, int, int]]:
    """(practice code, places offered over all blocks, places used) for each practice that offered places."""
    used: dict[str, int] = defaultdict(int)
    for p in index.plan.placements:
        used[p.practice_code] += 1
    rows = []
    for practice in index.data.practices:
        offered = sum(index.capacity(practice, b) for b in index.blocks_in_order)
        if offered or used[practice.code]:
            rows.append((practice.code, offered, used[practice.code]))
    return sorted(rows)


def use_band(offered: int, used: int) -> int:
    if used == 0:
        return 0
    if offered == 0 or used >= offered:
        return 5
    return 1 + min(3, int(4 * used / offered))


def _headline(index: PlanIndex, width: float) -> list:
    plan = index.plan
    placed, unplaced = len(plan.placements), len(plan.unplaced)
    total = placed + unplaced
    minutes = sorted(p.travel_minutes for p in plan.placements)
    short = [
        ("Plan", plan.name + (" (current)" if plan.is_current else "")),
        ("Status", plan.status),
        ("Placed", f"{placed:,} of {total:,} student-blocks"),
        ("Unplaced", f"{unplaced:,}" + (f" ({100 * unplaced / total:.1f}%)" if total else "")),
        ("Objective", "–" if plan.objective is None else f"{plan.objective:,.0f}"),
        ("Proven bound", "–" if plan.bound is None else f"{plan.bound:,.0f}"),
        ("Gap", "–" if plan.gap is None else f"{100 * plan.gap:.2f}%"),
        ("Solve time", f"{plan.seconds:,.1f} s"),
        ("Locked", _count(sum(1 for p in plan.placements if p.locked), "placement") + " kept in re-plans"),
        ("Overrides", _count(sum(1 for p in plan.placements if p.override), "placement") + " breaking a rule, "
                      "with the reason"),
    ]
    half = width / 2
    left = details_table(short[0::2], 26 * mm, half - 26 * mm)
    right = details_table(short[1::2], 26 * mm, half - 26 * mm)
    grid = Table([[left, right]], colWidths=[half, half], hAlign="LEFT")
    grid.setStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                   ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    # full width, so that the two columns above stay in pairs (Objective beside Proven bound) and the bound never wraps
    figures = [("Most placeable", count_bound_text(placed, plan.placed_bound))]
    if minutes:
        p90 = minutes[min(len(minutes) - 1, int(0.9 * len(minutes)))]
        figures.append(("Journeys", f"mean {minutes_text(statistics.fmean(minutes))}, median "
                                    f"{minutes_text(statistics.median(minutes))}, 90% within {minutes_text(p90)}, "
                                    f"longest {minutes_text(minutes[-1])}"))
    terms = [f"{name} {plan.terms[name]:,.0f}" for name in SOFT_TERMS if name in plan.terms]
    if terms:
        figures.append(("Soft terms", " · ".join(terms)))
    return [grid, details_table(figures, 26 * mm, width - 26 * mm)]


def _count(n: int, thing: str) -> str:
    return f"{n:,} {thing}{'' if n == 1 else 's'}"


def count_bound_text(placed: int, placed_bound: int | None) -> str:
    """The count's proven bound: what no plan can beat."""
    if placed_bound is None:
        return "not known"
    if placed >= placed_bound:
        return f"{placed_bound:,} (proven: no plan places more)"
    return f"no plan can place more than {placed_bound:,} ({placed_bound - placed:,} more than this plan)"


def _travel_section(index: PlanIndex, width: float) -> list:
    by_year: dict[int, list[float]] = defaultdict(list)
    for p in index.plan.placements:
        block = index.blocks.get(p.block_id)
        if block is not None:
            by_year[block.year].append(p.travel_minutes)
    story: list = [CondPageBreak(70 * mm), para("One-way journeys per year", "h2"),
                   para("Number of placements by estimated one-way journey (minutes).", "small"), Spacer(1, 2 * mm)]
    if not by_year:
        return story + [para("No placements.", "body")]
    cell_width = (width - 6 * mm) / 2
    charts = []
    for year in sorted(by_year):
        minutes = by_year[year]
        labels, counts = travel_histogram(minutes)
        title = f"Year {year} · {len(minutes):,} placements · median {minutes_text(statistics.median(minutes))}"
        charts.append(bar_chart(labels, counts, title=title, width=cell_width, height=44 * mm, x_title="minutes"))
    grid = [charts[i:i + 2] + [""] * (2 - len(charts[i:i + 2])) for i in range(0, len(charts), 2)]
    table = Table(grid, colWidths=[cell_width + 3 * mm] * 2, hAlign="LEFT")
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm)])
    story.append(table)
    return story


def _capacity_section(index: PlanIndex, width: float) -> tuple[list, list]:
    use = practice_use(index)
    bands = [0] * len(USE_BANDS)
    for _, offered, used in use:
        bands[use_band(offered, used)] += 1
    offered_total = sum(o for _, o, _ in use)
    used_total = sum(u for _, _, u in use)
    summary = [CondPageBreak(75 * mm), para("Capacity used per practice", "h2"),
               para(f"{len(use):,} practices offered {offered_total:,} places over the year; "
                    f"{used_total:,} were used ({100 * used_total / offered_total if offered_total else 0:.0f}%). "
                    f"{bands[0]:,} practices received no student.", "body"), Spacer(1, 2 * mm),
               bar_chart(list(USE_BANDS), bands, title="Practices by share of their offered places used",
                         width=width * 0.62, height=55 * mm, x_title="share of offered places used",
                         colour=MUTED if not use else ACCENT)]
    rows = []
    names = index.practices
    for code, offered, used in use:
        share = f"{100 * used / offered:.0f}%" if offered else "–"
        rows.append([code, names[code].name if code in names else "", f"{offered:,}", f"{used:,}", share])
    detail = [CondPageBreak(40 * mm), para("Places offered and used, by practice", "h2")]
    if rows:
        detail.append(data_table(["Code", "Practice", "Offered", "Used", "Used %"], rows,
                                 [20 * mm, width - 80 * mm, 20 * mm, 20 * mm, 20 * mm], right_from=2))
    return summary, detail


def _unplaced_section(index: PlanIndex, width: float) -> list:
    story: list = [CondPageBreak(40 * mm), para("Unplaced student-blocks", "h2")]
    if not index.plan.unplaced:
        return story + [para("Every student-block is placed.", "body")]
    rows = []
    for u in sorted(index.plan.unplaced, key=lambda u: (u.block_id, u.student_id)):
        student = index.students.get(u.student_id)
        block = index.blocks.get(u.block_id)
        rows.append([u.student_id, student.full_name if student else "", str(block.year) if block else "",
                     u.block_id, u.reason])
    story.append(data_table(["Student number", "Name", "Year", "Block", "Reason"], rows,
                            [22 * mm, 40 * mm, 11 * mm, 17 * mm, width - 90 * mm]))
    return story


def _advice_section(advice, width: float) -> list:
    """Where one more place (or room) would help, confirmed by solving again; practices to recruit."""
    story: list = [CondPageBreak(40 * mm), para("Where more places would help", "h2"),
                   para(f"This plan places {advice.placed:,}; as things stand no plan can place more than "
                        f"{advice.most_placeable:,}. Each row was confirmed by solving again with it added.", "small")]
    if advice.advice:
        rows = [[a.practice_code, a.block_id, "one more place" if a.kind == "place" else "one more room a day",
                 f"{a.placed_gain:,}" if a.placed_gain else "–", f"{a.minutes_gain:g}" if a.minutes_gain else "–"]
                for a in advice.advice]
        story.append(data_table(["Practice", "Block", "Change", "More placed", "Minutes saved"], rows,
                                [22 * mm, 22 * mm, width - 110 * mm, 33 * mm, 33 * mm], right_from=3))
    else:
        story.append(para("No single extra place would place more students or shorten a journey.", "body"))
    if advice.recruits:
        story.append(para("Practices to recruit near the students without a place", "h2"))
        rows = [[r.name, r.code or r.postcode, f"{r.suits:,}", minutes_text(r.nearest_minutes)] for r in advice.recruits]
        story.append(data_table(["Practice", "Code or postcode", "Would suit", "Nearest"], rows,
                                [width - 90 * mm, 35 * mm, 27 * mm, 28 * mm], right_from=2))
    return story


def quality_story(index: PlanIndex, settings: Settings, advice=None) -> list:
    """``advice``: an ``AdviceReport`` of ``services.advice`` for the "where more places would help" section."""
    width = frame_width()
    capacity_summary, capacity_detail = _capacity_section(index, width)
    return [
        para("Plan quality report", "title", bold=True),
        para(f"Academic year {settings.academic_year} · plan “{index.plan.name}”", "subtitle"),
        *_headline(index, width),
        *_travel_section(index, width),
        *capacity_summary,
        *_unplaced_section(index, width),
        *(_advice_section(advice, width) if advice is not None else []),
        *capacity_detail,
    ]


def quality_pdf(index: PlanIndex, settings: Settings, target: str | Path | None = None, advice=None) -> bytes | None:
    return render(quality_story(index, settings, advice), title="Plan quality report",
                  header_right="Plan quality report", settings=settings, target=target, plan=index.plan)
