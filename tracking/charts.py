"""Pain ratings in, a line chart (as SVG coordinates) and a plain-English summary out.

Pure Python over plain data, like the adaptation rules: the template draws the SVG from these
dataclasses with presentation attributes and CSS classes only, because the page's
Content-Security-Policy forbids inline styles.

- x runs from `start` (left edge of the plot) to `end` (right edge), one position per date;
  logs outside that range are left out. Logs of one date are kept apart, not averaged.
- y runs from pain 10 at the top of the plot to pain 0 at the bottom. Coordinates are rounded
  to one decimal, which is finer than a pixel at any sensible size.
- A missing rating leaves that log out of its series only; the line joins the ratings on
  either side of it.
- The summary's trend needs evidence: four rated sessions over ten days or more; before that it
  says so, and what it will show. It compares the average of the first half of the "after"
  ratings (the "before" ratings when there are none) with the second half; the middle rating
  of an odd count sits in neither. A change of under half a point, between the averages as shown, is
  "about the same". Averages always show one decimal ("3.0"), single ratings none ("3").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

MAX_PAIN = 10
SAFE_PAIN = 2  # 0-2 is the safe zone of the pain monitoring model
GRIDLINE_PAINS = (0, SAFE_PAIN, 5, MAX_PAIN)
MAX_X_LABELS = 6
X_LABEL_ROOM = 100  # viewBox units each date label needs, so labels never run together
STEADY_BELOW = Fraction(1, 2)  # a change smaller than this reads as "about the same"
# A trend needs evidence: this many rated sessions, spread over this many days or more.
TREND_MIN_LOGS = 4
TREND_MIN_DAYS = 10

# Room around the plot for the pain labels (left) and the dates (bottom).
MARGIN_LEFT = 40
MARGIN_RIGHT = 16
MARGIN_TOP = 16
MARGIN_BOTTOM = 32

MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

EMPTY_SUMMARY = "No pain ratings yet. They will appear here after your first logged session."

# (field of PainPoint, label, CSS class): the order of the chart's series.
SERIES = (
    ("before", "Before the session", "pain-before"),
    ("after", "After the session", "pain-after"),
    ("morning", "Next morning", "pain-morning"),
)


@dataclass(frozen=True)
class PainPoint:
    date: date
    before: int | None
    after: int | None
    morning: int | None

    def __post_init__(self) -> None:
        # A rating off the scale would otherwise be drawn outside the plot.
        for rating in (self.before, self.after, self.morning):
            if rating is not None and not 0 <= rating <= MAX_PAIN:
                raise ValueError(f"ratings run from 0 to {MAX_PAIN}, not {rating}")

    @property
    def is_rated(self) -> bool:
        return any(rating is not None for rating in (self.before, self.after, self.morning))


@dataclass(frozen=True)
class Series:
    label: str
    css_class: str
    points: tuple[tuple[float, float], ...]  # SVG (x, y), left to right by date
    path: str  # "M x y L x y ..." through the points; "" with fewer than 2 points
    latest: int | None

    @property
    def dots(self) -> str:
        """A dot at each point, as one SVG path: a zero-length line at each point, drawn with
        a round cap as wide as the dot (site.css), so a chart of many sessions is one element
        per series rather than one per session."""
        return " ".join(f"M {x:.1f} {y:.1f} h 0" for x, y in self.points)


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class XLabel:
    x: float
    label: str


@dataclass(frozen=True)
class PainChart:
    width: int  # the SVG viewBox size
    height: int
    series: tuple[Series, ...]  # before, after, morning
    gridlines: tuple[Gridline, ...]
    x_labels: tuple[XLabel, ...]
    safe_band: tuple[float, float]  # y of pain 2 and of pain 0
    summary: str
    is_empty: bool

    # The plot's edges, for the template's axis, gridlines and safe band.
    @property
    def plot_left(self) -> int:
        return MARGIN_LEFT

    @property
    def plot_right(self) -> int:
        return self.width - MARGIN_RIGHT

    @property
    def plot_top(self) -> int:
        return MARGIN_TOP

    @property
    def plot_bottom(self) -> int:
        return self.height - MARGIN_BOTTOM


@dataclass(frozen=True)
class _Frame:
    """Maps dates and pain ratings to SVG coordinates."""

    start: date
    end: date
    width: int
    height: int

    def x(self, day: date) -> float:
        plot_width = self.width - MARGIN_LEFT - MARGIN_RIGHT
        span = (self.end - self.start).days
        if span == 0:
            return round(MARGIN_LEFT + plot_width / 2, 1)
        return round(MARGIN_LEFT + plot_width * (day - self.start).days / span, 1)

    def y(self, pain: float) -> float:
        plot_height = self.height - MARGIN_TOP - MARGIN_BOTTOM
        return round(MARGIN_TOP + plot_height * (MAX_PAIN - pain) / MAX_PAIN, 1)


def pain_chart(
    points: Sequence[PainPoint], *, start: date, end: date, width: int = 640, height: int = 240
) -> PainChart:
    if end < start:
        raise ValueError(f"the chart must end on or after its start: {start} to {end}")
    if width <= MARGIN_LEFT + MARGIN_RIGHT or height <= MARGIN_TOP + MARGIN_BOTTOM:
        raise ValueError(f"{width} x {height} leaves no room for the plot")
    frame = _Frame(start, end, width, height)
    # sorted() is stable: logs of one date keep the order they came in, so "latest" is the last.
    logs = sorted((p for p in points if start <= p.date <= end), key=lambda p: p.date)
    series = tuple(
        _series(logs, field, label, css_class, frame) for field, label, css_class in SERIES
    )
    return PainChart(
        width=width,
        height=height,
        series=series,
        gridlines=tuple(Gridline(frame.y(pain), str(pain)) for pain in GRIDLINE_PAINS),
        x_labels=_x_labels(frame),
        safe_band=(frame.y(SAFE_PAIN), frame.y(0)),
        summary=_summary(logs, start=start, end=end),
        is_empty=not any(log.is_rated for log in logs),
    )


def date_x(day: date, *, start: date, end: date, width: int) -> float:
    """Where `day` sits across a chart from `start` to `end` of that width."""
    return _Frame(start, end, width, MARGIN_TOP + MARGIN_BOTTOM + 1).x(day)


def pain_summary(points: Sequence[PainPoint], *, start: date, end: date) -> str:
    """The chart of these logs in words, as pain_chart gives it."""
    logs = sorted((p for p in points if start <= p.date <= end), key=lambda p: p.date)
    return _summary(logs, start=start, end=end)


def _series(
    logs: Sequence[PainPoint], field: str, label: str, css_class: str, frame: _Frame
) -> Series:
    ratings = _ratings(logs, field)
    coordinates = tuple((frame.x(day), frame.y(rating)) for day, rating in ratings)
    return Series(
        label=label,
        css_class=css_class,
        points=coordinates,
        path=_path(coordinates),
        latest=ratings[-1][1] if ratings else None,
    )


def _ratings(logs: Sequence[PainPoint], field: str) -> list[tuple[date, int]]:
    rated = ((log.date, getattr(log, field)) for log in logs)
    return [(day, rating) for day, rating in rated if rating is not None]


def _path(coordinates: Sequence[tuple[float, float]]) -> str:
    if len(coordinates) < 2:
        return ""
    steps = [f"{x:.1f} {y:.1f}" for x, y in coordinates]
    return "M " + " L ".join(steps)


def _x_labels(frame: _Frame) -> tuple[XLabel, ...]:
    span = (frame.end - frame.start).days
    count = min(MAX_X_LABELS, frame.width // X_LABEL_ROOM, span + 1)
    if count == 1:
        return (XLabel(frame.x(frame.start), _day_month(frame.start)),)
    # Evenly spaced whole days, always including the first and the last.
    offsets = sorted({round(span * i / (count - 1)) for i in range(count)})
    days = [frame.start + timedelta(days=offset) for offset in offsets]
    return tuple(XLabel(frame.x(day), _day_month(day)) for day in days)


def _day_month(day: date) -> str:
    # Not strftime("%b"): that follows the server's locale.
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]}"


# The summary, read by screen readers and shown under the chart.


def _summary(logs: Sequence[PainPoint], *, start: date, end: date) -> str:
    """The chart in words; `logs` are those between `start` and `end`, in date order."""
    if not any(log.is_rated for log in logs):
        return EMPTY_SUMMARY
    count = len(logs)
    noun = "session" if count == 1 else "sessions"
    opening = f"{_period(start, end)} you logged {count} {noun}."
    if count == 1:
        return f"{opening} {_one_log(logs[0])}"
    sentences = [opening, _trend(logs), _latest_morning(logs)]
    return " ".join(sentence for sentence in sentences if sentence)


def _period(start: date, end: date) -> str:
    days = (end - start).days + 1
    if days == 1:
        return "Today"
    if days % 7 == 0:
        weeks = days // 7
        return "Over the last week" if weeks == 1 else f"Over the last {weeks} weeks"
    return f"Over the last {days} days"


def _one_log(log: PainPoint) -> str:
    moments = (
        (log.before, "before the session"),
        (log.after, "after the session"),
        (log.morning, "the next morning"),
    )
    parts = [f"{rating} {when}" for rating, when in moments if rating is not None]
    # "out of 10" once, after the first number, reads better than after each of them.
    first, _, when = parts[0].partition(" ")
    parts[0] = f"{first} out of 10 {when}"
    return f"Pain was {_joined(parts)}."


def _joined(parts: Sequence[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _trend(logs: Sequence[PainPoint]) -> str:
    field = "after" if _ratings(logs, "after") else "before"
    ratings = [rating for _, rating in _ratings(logs, field)]
    if not ratings:
        return ""
    subject = f"Pain {field} sessions"
    if len(ratings) == 1:
        return f"{subject} is most recently {ratings[0]} out of 10."
    dates = [day for day, _ in _ratings(logs, field)]
    if len(ratings) < TREND_MIN_LOGS or (dates[-1] - dates[0]).days < TREND_MIN_DAYS - 1:
        return (
            f"{subject} is most recently {ratings[-1]} out of 10. Not enough data yet for a "
            f"trend: once {TREND_MIN_LOGS} sessions over {TREND_MIN_DAYS} days or more are "
            f"logged, this says whether pain {field} sessions is easing, rising or about the "
            "same."
        )
    half = len(ratings) // 2
    first = _one_decimal(_average(ratings[:half]))
    second = _one_decimal(_average(ratings[-half:]))
    change = second - first
    if abs(change) < STEADY_BELOW:
        direction = "about the same"
    elif change < 0:
        direction = "easing"
    else:
        direction = "rising"
    return (
        f"{subject} averaged {_shown(first)} out of 10 in the first half "
        f"and {_shown(second)} in the second half: {direction}."
    )


def _latest_morning(logs: Sequence[PainPoint]) -> str:
    ratings = _ratings(logs, "morning")
    if not ratings:
        return "No next-morning ratings yet."
    return f"Next-morning pain is most recently {ratings[-1][1]} out of 10."


def _average(ratings: Sequence[int]) -> Fraction:
    return Fraction(sum(ratings), len(ratings))


def _one_decimal(value: Fraction) -> Fraction:
    # Half up, unlike round(), which would show 2.25 as 2.2; the trend is judged on these
    # rounded values so the words always agree with the numbers beside them.
    return Fraction(int(value * 10 + Fraction(1, 2)), 10)


def _shown(value: Fraction) -> str:
    tenths = int(value * 10)
    return f"{tenths // 10}.{tenths % 10}"
