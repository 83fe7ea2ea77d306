"""The cohort overview: for each year and block, every practice with its students, totals and capacity used."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer

from scheduler.domain import format_weekdays
from scheduler.reports.cells import data_table, para
from scheduler.reports.fonts import markup
from scheduler.reports.index import PlanIndex
from scheduler.reports.page import frame_width, render
from scheduler.reports.styles import styles
from scheduler.reports.text import cohort_text, date_range
from scheduler.settings import Settings


def _percent(used: int, offered: int) -> str:
    return f"{100 * used / offered:.0f}%" if offered else "–"


def block_figures(index: PlanIndex) -> dict[str, tuple[int, int, int, int]]:
    """Per block: students attending, placed, unplaced, places offered."""
    attending: dict[str, int] = defaultdict(int)
    for student in index.data.students:
        for block in index.blocks_in_order:
            if block.attended_by(student):
                attending[block.block_id] += 1
    placed: dict[str, int] = defaultdict(int)
    for p in index.plan.placements:
        placed[p.block_id] += 1
    unplaced: dict[str, int] = defaultdict(int)
    for u in index.plan.unplaced:
        unplaced[u.block_id] += 1
    offered = {b.block_id: sum(index.capacity(p, b) for p in index.data.practices) for b in index.blocks_in_order}
    return {b.block_id: (attending[b.block_id], placed[b.block_id], unplaced[b.block_id], offered[b.block_id])
            for b in index.blocks_in_order}


def overview_story(index: PlanIndex, settings: Settings) -> list:
    st = styles()
    width = frame_width()
    figures = block_figures(index)
    story: list = [
        para("Cohort overview", "title", bold=True),
        para(f"Academic year {settings.academic_year} · plan “{index.plan.name}” ({index.plan.status})", "subtitle"),
        Spacer(1, 2 * mm),
    ]
    summary = []
    for block in sorted(index.blocks_in_order, key=lambda b: (b.year, b.start_date, b.block_id)):
        attending, placed, unplaced, offered = figures[block.block_id]
        summary.append([cohort_text(block.year, block.programme), block.block_id, date_range(block.start_date, block.end_date, weekday=False),
                        f"{attending:,}", f"{placed:,}", f"{unplaced:,}", f"{offered:,}", _percent(placed, offered)])
    widths = [15 * mm, 20 * mm, width - 124 * mm, 19 * mm, 16 * mm, 19 * mm, 19 * mm, 20 * mm]
    story.append(data_table(["Year", "Block", "Dates", "Students", "Placed", "Unplaced", "Places offered",
                             "Capacity used"], summary, widths, right_from=3))

    by_block: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for code in sorted(index.by_practice):
        for p in index.by_practice[code]:
            by_block[p.block_id][code].append(p)
    for year in sorted({b.year for b in index.blocks_in_order}):
        story += [PageBreak(), para(f"Year {year}", "title", bold=True)]
        for block in [b for b in index.blocks_in_order if b.year == year]:
            attending, placed, unplaced, offered = figures[block.block_id]
            story += [CondPageBreak(45 * mm),
                      Paragraph(f"{markup(block.name or block.block_id)} <font color='#52606D'>"
                                f"({markup(block.block_id)})</font>", st["h2"]),
                      para(f"{cohort_text(block.year, block.programme)} · "
                           f"{date_range(block.start_date, block.end_date)} · {format_weekdays(block.weekdays)} · "
                           f"{placed:,} of {attending:,} students placed, {unplaced:,} unplaced · "
                           f"{_percent(placed, offered)} of {offered:,} places used", "body"),
                      Spacer(1, 2 * mm)]
            practices = by_block.get(block.block_id, {})
            if not practices:
                story.append(para("No students placed in this block.", "body"))
                continue
            rows = []
            for code, placements in sorted(practices.items(), key=lambda kv: index.practices[kv[0]].name.casefold()
                                           if kv[0] in index.practices else kv[0]):
                practice = index.practices.get(code)
                cap = index.capacity(practice, block) if practice else 0
                names = ", ".join(f"{index.students[p.student_id].full_name} ({p.student_id})"
                                  if p.student_id in index.students else p.student_id for p in placements)
                rows.append([Paragraph(markup(practice.name if practice else code) +
                                       f" <font color='#52606D'>{markup(code)}</font>", st["cell"]),
                             Paragraph(markup(names), st["cell"]), f"{len(placements)}", f"{cap}",
                             _percent(len(placements), cap)])
            rows.append(["Total", f"{len(practices)} practices", f"{placed:,}", f"{offered:,}",
                         _percent(placed, offered)])
            widths = [58 * mm, width - 112 * mm, 16 * mm, 18 * mm, 20 * mm]
            story.append(data_table(["Practice", "Students", "Placed", "Places", "Used"], rows, widths,
                                    right_from=2, total_row=True))
    return story


def overview_pdf(index: PlanIndex, settings: Settings, target: str | Path | None = None) -> bytes | None:
    return render(overview_story(index, settings), title="Cohort overview", header_right="Cohort overview",
                  settings=settings, target=target, plan=index.plan)
