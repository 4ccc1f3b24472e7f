from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

import pytest

from tracking.charts import (
    EMPTY_SUMMARY,
    MAX_X_LABELS,
    PainChart,
    PainPoint,
    pain_chart,
)

# The dashboard's window: twelve weeks, start and end included.
START = date(2025, 11, 3)
END = START + timedelta(days=83)


def log(
    day: int = 0,
    before: int | None = None,
    after: int | None = None,
    morning: int | None = None,
) -> PainPoint:
    """A log `day` days after START."""
    return PainPoint(START + timedelta(days=day), before, after, morning)


def chart(*points: PainPoint, width: int = 640, height: int = 240) -> PainChart:
    """The dashboard's chart of these logs."""
    return pain_chart(points, start=START, end=END, width=width, height=height)


def after_logs(*ratings: int, morning: int | None = None) -> list[PainPoint]:
    """One log a week with these after ratings; the last one also has `morning`."""
    logs = [log(7 * week, after=rating) for week, rating in enumerate(ratings)]
    logs[-1] = PainPoint(logs[-1].date, None, ratings[-1], morning)
    return logs


def read(
    drawn: PainChart, points: Iterable[tuple[float, float]], *, days: int = 83
) -> list[tuple[int, int]]:
    """What a reader takes from these points, by the plot's edges: (days after the first day of
    a window `days` long, pain). A point between two days or two ratings fails the reading."""
    left, right = drawn.plot_left, drawn.plot_right
    top, bottom = drawn.plot_top, drawn.plot_bottom
    readings = []
    for x, y in points:
        assert left <= x <= right and top <= y <= bottom, f"({x}, {y}) is outside the plot"
        day = days * (x - left) / (right - left)
        pain = 10 * (bottom - y) / (bottom - top)
        # Coordinates are rounded to a tenth, finer than a day or a point of pain.
        assert abs(day - round(day)) < 0.05 and abs(pain - round(pain)) < 0.05, (x, y)
        readings.append((round(day), round(pain)))
    return readings


def path_points(path: str) -> list[tuple[float, float]]:
    """The points an SVG path "M x y L x y ..." goes through, in the order it is drawn."""
    if not path:
        return []
    assert path.startswith("M ") and " M " not in path, path
    return [(float(x), float(y)) for x, y in (step.split() for step in path[2:].split(" L "))]


def dot_points(dots: str) -> list[tuple[float, float]]:
    """Where the dots of a series are: each is a zero-length line, "M x y h 0"."""
    found = re.findall(r"M (\S+) (\S+) h 0", dots)
    assert len(found) == dots.count("M "), dots
    return [(float(x), float(y)) for x, y in found]


# Where things are drawn.


@pytest.mark.parametrize("height", [240, 300])
def test_pain_ten_sits_on_the_top_margin_and_zero_on_the_bottom_margin(height: int) -> None:
    drawn = chart(*(log(pain, before=pain) for pain in range(11)), height=height)
    ys = [y for _, y in drawn.series[0].points]

    assert 0 < drawn.plot_top < drawn.plot_bottom < height  # room for the dates below
    assert (ys[10], ys[0]) == (drawn.plot_top, drawn.plot_bottom)
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == len(ys)  # more pain, higher
    # Evenly spaced: each rating reads back as itself.
    assert [pain for _, pain in read(drawn, drawn.series[0].points)] == list(range(11))


def test_a_taller_chart_gives_the_pain_scale_more_room() -> None:
    short, tall = chart(height=240), chart(height=300)

    assert tall.plot_bottom - tall.plot_top > short.plot_bottom - short.plot_top


@pytest.mark.parametrize("width", [640, 800])
def test_dates_run_from_the_left_margin_at_the_start_to_the_right_margin_at_the_end(
    width: int,
) -> None:
    drawn = chart(*(log(day, after=3) for day in range(84)), width=width)
    xs = [x for x, _ in drawn.series[1].points]

    assert 0 < drawn.plot_left < drawn.plot_right < width  # room for the pain labels
    assert (xs[0], xs[-1]) == (drawn.plot_left, drawn.plot_right)
    assert xs == sorted(xs) and len(set(xs)) == len(xs)  # later, further right
    # Evenly spaced: each log reads back on its own date.
    assert [day for day, _ in read(drawn, drawn.series[1].points)] == list(range(84))


def test_a_one_day_window_puts_its_logs_in_the_middle() -> None:
    drawn = pain_chart([log(0, after=3)], start=START, end=START)

    [(x, y)] = drawn.series[1].points
    assert abs(x - (drawn.plot_left + drawn.plot_right) / 2) <= 0.1
    assert read(drawn, [(x, y)], days=0) == [(0, 3)]


def test_logs_outside_the_window_are_left_out() -> None:
    drawn = chart(log(-1, after=9), log(0, after=3), log(83, after=4), log(84, after=9))

    assert read(drawn, drawn.series[1].points) == [(0, 3), (83, 4)]


def test_logs_are_drawn_in_date_order_whatever_order_they_come_in() -> None:
    drawn = chart(log(83, after=4), log(40, after=6), log(0, after=3))

    assert read(drawn, path_points(drawn.series[1].path)) == [(0, 3), (40, 6), (83, 4)]


def test_logs_of_the_same_date_are_each_kept() -> None:
    drawn = chart(log(0, after=3), log(0, after=5))

    assert read(drawn, drawn.series[1].points) == [(0, 3), (0, 5)]
    assert drawn.series[1].latest == 5


def test_a_missing_rating_skips_that_log_and_the_line_joins_its_neighbours() -> None:
    drawn = chart(log(0, after=10), log(1, before=4), log(83, after=0))

    assert read(drawn, drawn.series[1].points) == [(0, 10), (83, 0)]
    assert path_points(drawn.series[1].path) == list(drawn.series[1].points)
    assert read(drawn, drawn.series[0].points) == [(1, 4)]


@pytest.mark.parametrize("logs", [[], [log(5, after=3)], [log(5, after=3), log(6, before=2)]])
def test_the_path_is_empty_with_fewer_than_two_points(logs: list[PainPoint]) -> None:
    drawn = chart(*logs)

    assert drawn.series[1].path == ""


def test_there_are_always_three_series_in_the_order_before_after_morning() -> None:
    drawn = chart()

    assert [(s.label, s.css_class) for s in drawn.series] == [
        ("Before the session", "pain-before"),
        ("After the session", "pain-after"),
        ("Next morning", "pain-morning"),
    ]
    assert all(s.points == () and s.latest is None for s in drawn.series)


def test_each_series_knows_its_latest_rating() -> None:
    drawn = chart(log(0, 4, 3, 2), log(1, 5, None, None), log(2, None, 1, None))

    assert [s.latest for s in drawn.series] == [5, 1, 2]


def test_gridlines_mark_pain_0_2_5_and_10_and_the_safe_band_runs_from_2_down_to_0() -> None:
    drawn = chart()
    drawn_at = {pain: chart(log(0, before=pain)).series[0].points[0][1] for pain in range(11)}

    assert [line.label for line in drawn.gridlines] == ["0", "2", "5", "10"]
    # Each gridline runs where a rating of its label is drawn.
    assert all(line.y == drawn_at[int(line.label)] for line in drawn.gridlines)
    assert drawn.safe_band == (drawn_at[2], drawn_at[0])


# Date labels.


@pytest.mark.parametrize("days", [1, 2, 5, 6, 7, 14, 84, 365])
def test_there_are_at_most_six_date_labels_from_the_first_day_to_the_last(days: int) -> None:
    end = START + timedelta(days=days - 1)

    drawn = pain_chart([], start=START, end=end)
    labels = drawn.x_labels

    assert 1 <= len(labels) <= MAX_X_LABELS
    assert len(labels) == min(days, MAX_X_LABELS)
    xs = [label.x for label in labels]
    assert xs == sorted(set(xs))
    if days > 1:
        assert (xs[0], xs[-1]) == (drawn.plot_left, drawn.plot_right)


def test_date_labels_read_as_day_and_month_under_their_own_dates() -> None:
    drawn = chart()
    labels = drawn.x_labels

    assert [label.label for label in labels] == [
        "3 Nov",
        "20 Nov",
        "6 Dec",
        "23 Dec",
        "8 Jan",
        "25 Jan",
    ]
    under = [day for day, _ in read(drawn, [(label.x, drawn.plot_top) for label in labels])]
    assert [START + timedelta(days=day) for day in under] == [
        date(2025, 11, 3),
        date(2025, 11, 20),
        date(2025, 12, 6),
        date(2025, 12, 23),
        date(2026, 1, 8),
        date(2026, 1, 25),
    ]


# The summary.


def test_the_summary_without_logs_says_ratings_will_appear() -> None:
    drawn = chart(log(-3, after=4))

    assert drawn.summary == EMPTY_SUMMARY
    assert drawn.summary == (
        "No pain ratings yet. They will appear here after your first logged session."
    )
    assert drawn.is_empty


def test_logs_without_any_rating_still_leave_the_chart_empty() -> None:
    drawn = chart(log(0), log(1))

    assert drawn.summary == EMPTY_SUMMARY
    assert drawn.is_empty


@pytest.mark.parametrize(
    ("one_log", "summary"),
    [
        (
            log(4, 3, 2, 1),
            "Over the last 12 weeks you logged 1 session. Pain was 3 out of 10 before the "
            "session, 2 after the session and 1 the next morning.",
        ),
        (
            log(4, after=2),
            "Over the last 12 weeks you logged 1 session. Pain was 2 out of 10 after the session.",
        ),
        (
            log(4, before=4, morning=3),
            "Over the last 12 weeks you logged 1 session. Pain was 4 out of 10 before the "
            "session and 3 the next morning.",
        ),
        (
            log(4, after=0),
            "Over the last 12 weeks you logged 1 session. Pain was 0 out of 10 after the session.",
        ),
    ],
)
def test_the_summary_of_one_log_gives_its_ratings(one_log: PainPoint, summary: str) -> None:
    drawn = chart(one_log)

    assert drawn.summary == summary
    assert not drawn.is_empty


@pytest.mark.parametrize(
    ("ratings", "halves"),
    [
        ((4, 4, 3, 2), "4.0 out of 10 in the first half and 2.5 in the second half: easing"),
        ((1, 2, 3, 4), "1.5 out of 10 in the first half and 3.5 in the second half: rising"),
        (
            (2, 3, 3, 2),
            "2.5 out of 10 in the first half and 2.5 in the second half: about the same",
        ),
        # Half a point is the smallest change that counts, either way.
        ((3, 3, 3, 4), "3.0 out of 10 in the first half and 3.5 in the second half: rising"),
        ((3, 3, 3, 2), "3.0 out of 10 in the first half and 2.5 in the second half: easing"),
        (
            (2, 3, 3, 3, 3, 3),
            "2.7 out of 10 in the first half and 3.0 in the second half: about the same",
        ),
        # The middle log of an odd count belongs to neither half.
        ((4, 4, 9, 2, 2), "4.0 out of 10 in the first half and 2.0 in the second half: easing"),
        # Averages round half up: 2.25 shows as 2.3.
        (
            (2, 2, 2, 3, 2, 2, 2, 2),
            "2.3 out of 10 in the first half and 2.0 in the second half: about the same",
        ),
    ],
)
def test_the_summary_compares_the_first_and_second_half_of_the_after_ratings(
    ratings: tuple[int, ...], halves: str
) -> None:
    drawn = chart(*after_logs(*ratings, morning=2))

    assert drawn.summary == (
        f"Over the last 12 weeks you logged {len(ratings)} sessions. "
        f"Pain after sessions averaged {halves}. "
        "Next-morning pain is most recently 2 out of 10."
    )


def test_the_summary_follows_the_before_ratings_when_there_are_no_after_ratings() -> None:
    logs = [log(0, before=5), log(4, before=5), log(8, before=3), log(12, before=3)]

    assert chart(*logs).summary == (
        "Over the last 12 weeks you logged 4 sessions. Pain before sessions averaged 5.0 out "
        "of 10 in the first half and 3.0 in the second half: easing. "
        "No next-morning ratings yet."
    )


def test_the_summary_gives_the_only_after_rating_when_there_is_no_trend_to_tell() -> None:
    logs = [log(0, after=3, morning=1), log(1, before=4, morning=2)]

    assert chart(*logs).summary == (
        "Over the last 12 weeks you logged 2 sessions. Pain after sessions is most recently "
        "3 out of 10. Next-morning pain is most recently 2 out of 10."
    )


@pytest.mark.parametrize(
    "days",
    [
        pytest.param((0, 2), id="two-sessions-two-days-apart"),
        pytest.param((0, 3, 6), id="three-sessions"),
        pytest.param((0, 3, 6, 8), id="four-sessions-over-nine-days"),
    ],
)
def test_the_summary_tells_no_trend_before_four_sessions_over_ten_days(
    days: tuple[int, ...],
) -> None:
    logs = [log(day, after=2 + index * 2) for index, day in enumerate(days)]

    summary = chart(*logs).summary
    assert (
        "Not enough data yet for a trend: once 4 sessions over 10 days or more are logged, "
        "this says whether pain after sessions is easing, rising or about the same."
    ) in summary
    assert "averaged" not in summary


def test_four_sessions_over_ten_days_make_a_trend() -> None:
    logs = [log(day, after=rating) for day, rating in ((0, 2), (3, 2), (6, 5), (9, 5))]

    assert ": rising." in chart(*logs).summary


def test_the_summary_of_morning_ratings_alone_gives_the_latest_one() -> None:
    logs = [log(0, morning=3), log(1, morning=1)]

    assert chart(*logs).summary == (
        "Over the last 12 weeks you logged 2 sessions. Next-morning pain is most recently "
        "1 out of 10."
    )


def test_a_log_without_ratings_still_counts_as_a_logged_session() -> None:
    logs = [log(0, after=3), log(1), log(2, after=3)]

    assert chart(*logs).summary.startswith("Over the last 12 weeks you logged 3 sessions.")


@pytest.mark.parametrize(
    ("days", "period"),
    [
        (84, "Over the last 12 weeks"),
        (14, "Over the last 2 weeks"),
        (7, "Over the last week"),
        (10, "Over the last 10 days"),
        (1, "Today"),
    ],
)
def test_the_summary_names_the_window_in_weeks_when_it_is_whole_weeks(
    days: int, period: str
) -> None:
    end = START + timedelta(days=days - 1)

    summary = pain_chart([log(0, after=2)], start=START, end=end).summary

    assert summary.startswith(f"{period} you logged 1 session.")


# Limits.


def test_four_hundred_logs_make_a_chart() -> None:
    logs = [log(day % 84, day % 11, (day * 3) % 11, (day * 7) % 11) for day in range(400)]

    drawn = chart(*logs)

    assert [len(s.points) for s in drawn.series] == [400, 400, 400]
    assert drawn.series[1].path.count(" L ") == 399
    assert drawn.summary.startswith("Over the last 12 weeks you logged 400 sessions.")


@pytest.mark.parametrize("rating", [-1, 11])
def test_a_rating_off_the_0_to_10_scale_is_refused(rating: int) -> None:
    with pytest.raises(ValueError, match="ratings run from 0 to 10"):
        log(0, after=rating)


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="must end on or after its start"):
        pain_chart([], start=END, end=START)


def test_each_rating_gets_a_dot_at_its_point_even_when_alone() -> None:
    drawn = chart(log(0, after=10))
    one = drawn.series[1]
    assert one.path == ""  # no line through a single point
    assert read(drawn, dot_points(one.dots)) == [(0, 10)]
    drawn = chart(log(0, after=10), log(83, after=0))
    assert read(drawn, dot_points(drawn.series[1].dots)) == [(0, 10), (83, 0)]
    assert drawn.series[0].dots == ""  # no before ratings: no dots


def test_a_narrow_chart_has_fewer_date_labels_so_they_never_run_together() -> None:
    drawn = pain_chart([log(0, after=3)], start=START, end=END, width=400, height=260)
    xs = [label.x for label in drawn.x_labels]
    assert len(xs) == 4
    assert all(right - left >= 90 for left, right in zip(xs, xs[1:], strict=False))
