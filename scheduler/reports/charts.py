"""Bar charts drawn with ReportLab graphics, in the documents' fonts and colours."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, String
from reportlab.lib import colors

from scheduler.reports.fonts import BOLD, REGULAR, register_fonts
from scheduler.reports.styles import ACCENT, INK, MUTED, RULE


def _use_document_font() -> None:
    # A drawing starts its graphics state in STATE_DEFAULTS' font (Times-Roman, which is never embedded)
    # even when every String names another font, so the PDF would list a font it does not carry.
    register_fonts()
    STATE_DEFAULTS["fontName"] = REGULAR


def _nice_step(top: float) -> int:
    """A round value-axis step giving at most about five gridlines (the charts are small)."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if top / step <= 4:
            return step
    return int(top / 5) or 1


def bar_chart(labels: list[str], values: list[int], *, title: str, width: float, height: float,
              x_title: str = "", y_title: str = "", colour: colors.Color = ACCENT) -> Drawing:
    """One series of bars with its value over each bar; ``width``/``height`` in points."""
    _use_document_font()
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, title, fontName=BOLD, fontSize=9, fillColor=INK))
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 30 if x_title else 20
    chart.width = width - chart.x - 6  # type: ignore[assignment]  # the stubs say int; ReportLab takes points
    chart.height = height - chart.y - 30  # type: ignore[assignment]
    chart.data = [list(values) or [0]]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.fillColor = MUTED
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.tickDown = 2
    top = max(values, default=0)
    step = _nice_step(top or 1)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(step, (int(top * 1.15) // step + 1) * step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E4E7EB")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.bars[0].fillColor = colour
    chart.bars[0].strokeColor = None
    chart.barWidth = 8
    chart.groupSpacing = 4
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6
    chart.barLabels.fillColor = INK
    chart.barLabels.nudge = 5
    drawing.add(chart)
    if x_title:
        drawing.add(String(chart.x + chart.width / 2, 2, x_title, fontName=REGULAR, fontSize=7, fillColor=MUTED,
                           textAnchor="middle"))
    if y_title:
        drawing.add(String(chart.x - 26, height - 22, y_title, fontName=REGULAR, fontSize=7, fillColor=MUTED))
    return drawing
