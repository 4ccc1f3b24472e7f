"""The report's two figures, as coordinates both the page (SVG) and the PDF draw.

Pure Python over plain data, like tracking/charts.py, whose pain chart this reuses. Each figure
lives in a viewBox WIDTH units wide: the page draws it as SVG, the PDF scales it to the width of
the page, so both show the same figure.

- The pain figure: before, after and next-morning pain over the period (one point a session, or
  for a period summarised by week, each week's median at its middle), with a row above the plot
  marking the sessions that flared (a filled diamond) and the sessions the plan eased (an open
  one). Black and white: the series differ by marker shape (circle, square, triangle) and line
  (solid, dashed, dotted), never by colour alone.
- The weeks figure, for a period summarised by week: a bar a week, its outline the sessions
  planned and its filled part the sessions done, on the pain figure's date axis.
- Text is FONT_SIZE units: printed WIDTH units across 190 mm (A4 less its margins), that is
  9.6 pt, never under the report's 9 pt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tracking.charts import SERIES, Gridline, PainPoint, XLabel, date_x, pain_chart

WIDTH = 700
PAIN_HEIGHT = 150
MARKS_HEIGHT = 22  # the row of flare and easing marks above the pain plot
WEEKS_HEIGHT = 72
WEEKS_TOP = 12
WEEKS_BOTTOM = 30  # room under the bars for the dates
FONT_SIZE = 12.5
MARKER = 3.6  # half the width of a point's marker
MARK = 5.5  # half the width of a flare or easing diamond
BAR_SHARE = 0.7  # of a week's width

# For each series of tracking.charts (before, after, morning): its marker and its line's dash
# pattern in viewBox units (empty: solid), and whether the marker is filled.
STYLES = {
    "before": ("circle", "", True),
    "after": ("square", "7 4", False),
    "morning": ("triangle", "2 3", True),
}


@dataclass(frozen=True)
class Line:
    label: str
    shape: str  # "circle" | "square" | "triangle"
    dash: str  # SVG stroke-dasharray, "" for a solid line
    filled: bool
    points: tuple[tuple[float, float], ...]
    path: str  # through the points; "" with fewer than two

    @property
    def markers(self) -> str:
        """Every point's marker as one SVG path."""
        return " ".join(marker_path(self.shape, x, y, MARKER) for x, y in self.points)

    @property
    def dash_lengths(self) -> tuple[float, ...]:
        return tuple(float(length) for length in self.dash.split())


@dataclass(frozen=True)
class PainFigure:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    safe_top: float  # the 0-2 band, from pain 2 down to pain 0
    lines: tuple[Line, ...]
    gridlines: tuple[Gridline, ...]
    x_labels: tuple[XLabel, ...]
    marks_y: float  # the middle of the row of marks
    flares: tuple[float, ...]  # x of each session (or week) that flared
    eased: tuple[float, ...]  # x of each session (or week) the plan eased
    summary: str

    @property
    def flare_marks(self) -> str:
        return " ".join(marker_path("diamond", x, self.marks_y, MARK) for x in self.flares)

    @property
    def eased_marks(self) -> str:
        return " ".join(marker_path("diamond", x, self.marks_y, MARK) for x in self.eased)


@dataclass(frozen=True)
class Bar:
    x: float  # left edge
    width: float
    planned_top: float
    done_top: float
    planned: int
    done: int


@dataclass(frozen=True)
class WeeksFigure:
    width: int
    height: int
    plot_left: float
    plot_right: float
    base: float  # y of zero sessions
    top: float  # y of `most` sessions
    most: int
    bars: tuple[Bar, ...]
    x_labels: tuple[XLabel, ...]


@dataclass(frozen=True)
class Week:
    """One week of the period (from its Monday): what the weeks figure and table show."""

    monday: date
    planned: int
    done: int
    median_pain: float | None  # the median of each session's highest rating
    flares: int
    eased: int


def pain_figure(
    points: Sequence[PainPoint],
    *,
    start: date,
    end: date,
    flares: Sequence[date],
    eased: Sequence[date],
    summary: str,
) -> PainFigure:
    """`points`: a session each, or a week each at its middle day; `flares` and `eased`: the
    days to mark. `summary` says the chart in words (tracking.charts.pain_summary)."""
    chart = pain_chart(points, start=start, end=end, width=WIDTH, height=PAIN_HEIGHT)
    shift = MARKS_HEIGHT

    def x_of(day: date) -> float:
        return date_x(day, start=start, end=end, width=WIDTH)

    lines = []
    for (field, label, _), series in zip(SERIES, chart.series, strict=True):
        shape, dash, filled = STYLES[field]
        moved = tuple((float(x), round(float(y) + shift, 1)) for x, y in series.points)
        lines.append(Line(label, shape, dash, filled, moved, _path(moved)))
    return PainFigure(
        width=WIDTH,
        height=PAIN_HEIGHT + shift,
        plot_left=chart.plot_left,
        plot_right=chart.plot_right,
        plot_top=chart.plot_top + shift,
        plot_bottom=chart.plot_bottom + shift,
        safe_top=round(chart.safe_band[0] + shift, 1),
        lines=tuple(lines),
        gridlines=tuple(Gridline(round(line.y + shift, 1), line.label) for line in chart.gridlines),
        x_labels=tuple(XLabel(label.x, label.label) for label in chart.x_labels),
        marks_y=MARKS_HEIGHT / 2,
        flares=tuple(sorted({x_of(day) for day in flares if start <= day <= end})),
        eased=tuple(sorted({x_of(day) for day in eased if start <= day <= end})),
        summary=summary,
    )


def weeks_figure(weeks: Sequence[Week], *, start: date, end: date) -> WeeksFigure:
    """A bar a week on the pain figure's axis from `start` to `end` (each bar at the week's
    middle, as the week's median pain is)."""
    chart = pain_chart([], start=start, end=end, width=WIDTH, height=WEEKS_HEIGHT)
    most = max((week.planned for week in weeks), default=0) or 1
    base = WEEKS_HEIGHT - WEEKS_BOTTOM
    scale = (base - WEEKS_TOP) / most
    day_width = (chart.plot_right - chart.plot_left) / max(1, (end - start).days)
    width = round(max(2.0, min(7 * day_width * BAR_SHARE, 40.0)), 1)
    bars = []
    for week in weeks:
        middle = date_x(week_middle(week.monday, start, end), start=start, end=end, width=WIDTH)
        bars.append(
            Bar(
                x=round(middle - width / 2, 1),
                width=width,
                planned_top=round(base - week.planned * scale, 1),
                done_top=round(base - week.done * scale, 1),
                planned=week.planned,
                done=week.done,
            )
        )
    return WeeksFigure(
        width=WIDTH,
        height=WEEKS_HEIGHT,
        plot_left=chart.plot_left,
        plot_right=chart.plot_right,
        base=base,
        top=WEEKS_TOP,
        most=most,
        bars=tuple(bars),
        x_labels=chart.x_labels,
    )


def week_middle(monday: date, start: date, end: date) -> date:
    """Where a week's summary sits on the date axis: its Thursday, kept within the period."""
    return min(max(monday + timedelta(days=3), start), end)


def marker_path(shape: str, x: float, y: float, size: float) -> str:
    """One marker centred on (x, y), `size` from its centre to its edge, as an SVG path."""
    if shape == "circle":
        return (
            f"M {x - size:.1f} {y:.1f} a {size} {size} 0 1 0 {2 * size} 0 "
            f"a {size} {size} 0 1 0 {-2 * size} 0 Z"
        )
    if shape == "square":
        return f"M {x - size:.1f} {y - size:.1f} h {2 * size} v {2 * size} h {-2 * size} Z"
    if shape == "triangle":
        return (
            f"M {x:.1f} {y - size:.1f} L {x + size:.1f} {y + size:.1f} "
            f"L {x - size:.1f} {y + size:.1f} Z"
        )
    if shape == "diamond":
        return (
            f"M {x:.1f} {y - size:.1f} L {x + size:.1f} {y:.1f} "
            f"L {x:.1f} {y + size:.1f} L {x - size:.1f} {y:.1f} Z"
        )
    raise ValueError(f"no marker called {shape!r}")


def marker_points(shape: str, x: float, y: float, size: float) -> tuple[tuple[float, float], ...]:
    """The corners of a square, triangle or diamond marker, for drawing it as a polygon."""
    if shape == "square":
        left, right, top, bottom = x - size, x + size, y - size, y + size
        return ((left, top), (right, top), (right, bottom), (left, bottom))
    if shape == "triangle":
        return ((x, y - size), (x + size, y + size), (x - size, y + size))
    if shape == "diamond":
        return ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
    raise ValueError(f"{shape!r} is not drawn as a polygon")


def _path(points: Sequence[tuple[float, float]]) -> str:
    if len(points) < 2:
        return ""
    return "M " + " L ".join(f"{x:.1f} {y:.1f}" for x, y in points)
