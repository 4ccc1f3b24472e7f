from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracking.charts import (
    EMPTY_SUMMARY,
    MAX_X_LABELS,
    Gridline,
    PainChart,
    PainPoint,
    pain_chart,
)

# The dashboard's window: twelve weeks, start and end included.
START = date(2025, 11, 3)
END = START + timedelta(days=83)
# The plot inside the default 640 x 240 viewBox.
LEFT, RIGHT, TOP, BOTTOM = 40.0, 624.0, 16.0, 208.0


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


# Coordinates.


@pytest.mark.parametrize(
    ("pain", "height", "y"),
    [
        (10, 240, TOP),
        (0, 240, BOTTOM),
        (5, 240, 112.0),
        (2, 240, 169.6),
        (10, 300, TOP),
        (0, 300, 268.0),
    ],
)
def test_pain_ten_sits_on_the_top_margin_and_zero_on_the_bottom_margin(
    pain: int, height: int, y: float
) -> None:
    drawn = chart(log(0, before=pain), height=height)

    assert drawn.series[0].points[0][1] == y


@pytest.mark.parametrize(
    ("day", "width", "x"),
    [
        (0, 640, LEFT),
        (83, 640, RIGHT),
        (1, 640, 47.0),  # 584 / 83 = 7.036...: one decimal
        (0, 800, LEFT),
        (83, 800, 784.0),
    ],
)
def test_dates_run_from_the_left_margin_at_the_start_to_the_right_margin_at_the_end(
    day: int, width: int, x: float
) -> None:
    drawn = chart(log(day, after=3), width=width)

    assert drawn.series[1].points[0][0] == x


def test_a_one_day_window_puts_its_logs_in_the_middle() -> None:
    drawn = pain_chart([log(0, after=3)], start=START, end=START)

    assert drawn.series[1].points == ((332.0, 150.4),)


def test_logs_outside_the_window_are_left_out() -> None:
    drawn = chart(log(-1, after=9), log(0, after=3), log(83, after=4), log(84, after=9))

    assert drawn.series[1].points == ((LEFT, 150.4), (RIGHT, 131.2))


def test_logs_are_drawn_in_date_order_whatever_order_they_come_in() -> None:
    drawn = chart(log(83, after=4), log(0, after=3))

    assert drawn.series[1].path == "M 40.0 150.4 L 624.0 131.2"


def test_logs_of_the_same_date_are_each_kept() -> None:
    drawn = chart(log(0, after=3), log(0, after=5))

    assert drawn.series[1].points == ((LEFT, 150.4), (LEFT, 112.0))
    assert drawn.series[1].latest == 5


def test_a_missing_rating_skips_that_log_and_the_line_joins_its_neighbours() -> None:
    drawn = chart(log(0, after=10), log(1, before=4), log(83, after=0))

    assert drawn.series[1].points == ((LEFT, TOP), (RIGHT, BOTTOM))
    assert drawn.series[1].path == "M 40.0 16.0 L 624.0 208.0"
    assert drawn.series[0].points == ((47.0, 131.2),)


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

    assert drawn.gridlines == (
        Gridline(BOTTOM, "0"),
        Gridline(169.6, "2"),
        Gridline(112.0, "5"),
        Gridline(TOP, "10"),
    )
    assert drawn.safe_band == (169.6, BOTTOM)
    assert (drawn.plot_left, drawn.plot_right, drawn.plot_top, drawn.plot_bottom) == (
        LEFT,
        RIGHT,
        TOP,
        BOTTOM,
    )


# Date labels.


@pytest.mark.parametrize("days", [1, 2, 5, 6, 7, 14, 84, 365])
def test_there_are_at_most_six_date_labels_from_the_first_day_to_the_last(days: int) -> None:
    end = START + timedelta(days=days - 1)

    labels = pain_chart([], start=START, end=end).x_labels

    assert 1 <= len(labels) <= MAX_X_LABELS
    assert len(labels) == min(days, MAX_X_LABELS)
    xs = [label.x for label in labels]
    assert xs == sorted(set(xs))
    if days > 1:
        assert (xs[0], xs[-1]) == (LEFT, RIGHT)


def test_date_labels_read_as_day_and_month() -> None:
    labels = chart().x_labels

    assert [label.label for label in labels] == [
        "3 Nov",
        "20 Nov",
        "6 Dec",
        "23 Dec",
        "8 Jan",
        "25 Jan",
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
        ((4, 9, 2), "4.0 out of 10 in the first half and 2.0 in the second half: easing"),
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
    logs = [log(0, before=5), log(1, before=5), log(2, before=3), log(3, before=3)]

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
    one = chart(log(0, after=10)).series[1]
    assert one.path == ""  # no line through a single point
    assert one.dots == f"M {LEFT:.1f} {TOP:.1f} h 0"
    two = chart(log(0, after=10), log(83, after=0)).series[1]
    assert two.dots == f"M {LEFT:.1f} {TOP:.1f} h 0 M {RIGHT:.1f} {BOTTOM:.1f} h 0"
    assert chart(log(0, after=3)).series[0].dots == ""  # no before ratings: no dots
