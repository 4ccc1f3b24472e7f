"""What the progress dashboard and the milestones page show, read in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import overload
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.utils import timezone

from hipflex import rows
from routines.models import (
    FunctionalGoal,
    FunctionalTask,
    LoadType,
    PlannedDay,
    Profile,
    ProgramBlock,
)
from routines.services import monday_of
from tracking import adaptation, hip_test, review
from tracking.charts import PainPoint, pain_chart
from tracking.models import (
    CareAdvice,
    ExerciseResult,
    HipExtensionTest,
    Milestone,
    ResultStatus,
    SessionLog,
    TaskRating,
)
from tracking.prompts import morning_context, waiting_for_morning
from tracking.review import BlockEnd, BlockSummary, summarise

CHART_WEEKS = 12
STREAK_WEEKS = 52
RERATE_AFTER_DAYS = 7
TREND_RATINGS = 6  # the ratings a trend shows, latest last
RECENT_LOGS = 5  # the sessions /progress/ lists
LOG_FIELDS = (
    "id",
    "date",
    "kind",
    "pain_before",
    "pain_after",
    "morning_pain",
    "pain_during",
    "started_at",
    "finished_at",
)


@dataclass(frozen=True)
class Adherence:
    done: int
    planned: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0


@dataclass(frozen=True)
class GoalTrend:
    goal: FunctionalGoal
    ratings: list[int]  # the baseline, then at most the last TREND_RATINGS ratings
    latest: int
    change: int
    milestone: Milestone | None
    chosen_on: date  # the person's date when they picked the task
    last_rated: date  # or chosen_on, before any re-rating

    @property
    def trend_text(self) -> str:
        return " → ".join(str(rating) for rating in self.ratings[-TREND_RATINGS:])

    @property
    def progress(self) -> adaptation.TaskProgress:
        return adaptation.TaskProgress(
            baseline=self.goal.baseline, latest=self.latest, baseline_date=self.chosen_on
        )


def adherence(days: list[tuple[date, str, bool]], first: date, last: date) -> Adherence:
    counted = [done for day, kind, done in days if first <= day <= last and kind != "rest"]
    return Adherence(done=sum(counted), planned=len(counted))


def week_streak(days: list[tuple[date, str, bool]], today: date) -> int:
    """Weeks in a row, back from this one, in which every planned session was done."""
    weeks: dict[date, list[bool]] = {}
    for day, kind, done in days:
        if kind != "rest":
            weeks.setdefault(monday_of(day), []).append(done)
    streak = 0
    monday = monday_of(today)
    if not all(weeks.get(monday, [False])):
        monday -= timedelta(weeks=1)  # this week is not over yet; count from last week
    while weeks.get(monday) and all(weeks[monday]):
        streak += 1
        monday -= timedelta(weeks=1)
    return streak


def goal_trends(profile: Profile) -> list[GoalTrend]:
    user = profile.user
    zone = ZoneInfo(profile.time_zone)
    goals = _goals_with_task_and_milestone(user)
    ratings: dict[int, list[tuple[date, int]]] = {}
    for goal_id, rated_on, rating in _latest_ratings(profile.user_id):
        ratings.setdefault(goal_id, []).append((rated_on, rating))
    trends = []
    for goal in goals:
        history = ratings.get(goal.pk, [])
        values = [goal.baseline] + [rating for _, rating in history]
        chosen_on = timezone.localtime(goal.created_at, zone).date()
        trends.append(
            GoalTrend(
                goal=goal,
                ratings=values,
                latest=values[-1],
                change=values[-1] - goal.baseline,
                milestone=getattr(goal, "milestone", None),
                chosen_on=chosen_on,
                last_rated=history[-1][0] if history else chosen_on,
            )
        )
    return trends


def _goals_with_task_and_milestone(user: AbstractBaseUser) -> list[FunctionalGoal]:
    """The person's goals, each with its task and milestone, as select_related reads them."""
    goals = []
    for values in rows.each_row(_GOALS_SQL, [user.pk]):
        goal = rows.instance(FunctionalGoal, values)
        goal.task = rows.instance(FunctionalTask, values)
        Milestone.goal.field.remote_field.set_cached_value(goal, rows.instance(Milestone, values))
        goals.append(goal)
    return goals


def goal_progress(profile: Profile) -> list[adaptation.TaskProgress]:
    """Each goal's first and latest rating, in one query: what the care advice weighs."""
    zone = ZoneInfo(profile.time_zone)
    return [
        adaptation.TaskProgress(
            baseline=baseline,
            latest=baseline if rating is None else rating,
            baseline_date=timezone.localtime(_aware(created_at), zone).date(),
        )
        for baseline, rating, created_at in _rows(_GOALS_WITH_LATEST_SQL, profile.user_id)
    ]


# The two reads of everyday-task ratings that every /today/ and /progress/ makes are written
# in SQL. The ORM spends most of their time building it (a window function wrapped in a
# subquery: 1.5 ms of Python a page, against 0.2 ms through a cursor; the goals with their
# latest rating: 1.0 ms against 0.2 ms). Both read a bounded number of rows whatever the
# history's length, through the person's own id, and run on PostgreSQL and SQLite alike.
_LATEST_RATINGS_SQL = f"""
    SELECT goal_id, rated_on, rating FROM (
        SELECT goal_id, rated_on, rating, created_at, ROW_NUMBER() OVER (
            PARTITION BY goal_id ORDER BY rated_on DESC, created_at DESC
        ) AS recency
        FROM {TaskRating._meta.db_table} WHERE user_id = %s
    ) AS latest
    WHERE recency <= {TREND_RATINGS}
    ORDER BY rated_on, created_at
"""
_GOALS_WITH_LATEST_SQL = f"""
    SELECT goal.baseline, (
        SELECT rating FROM {TaskRating._meta.db_table} AS rated
        WHERE rated.goal_id = goal.id ORDER BY rated.rated_on DESC, rated.created_at DESC
        LIMIT 1
    ), goal.created_at
    FROM {FunctionalGoal._meta.db_table} AS goal WHERE goal.user_id = %s
    ORDER BY goal.created_at, goal.id
"""

# The goals with their task and milestone: 1.0 ms of Python through select_related.
_GOALS_SQL = f"""
    SELECT {rows.columns(FunctionalGoal, "goal")}, {rows.columns(FunctionalTask, "task")},
        {rows.columns(Milestone, "milestone")}
    FROM {FunctionalGoal._meta.db_table} AS goal
    LEFT JOIN {FunctionalTask._meta.db_table} AS task ON task.id = goal.task_id
    LEFT JOIN {Milestone._meta.db_table} AS milestone ON milestone.goal_id = goal.id
    WHERE goal.user_id = %s ORDER BY goal.created_at, goal.id
"""
# /progress/'s other reads, in SQL for the same reason: the plan's days over the streak's
# year (date, kind, whether done, block; 0.7 ms of Python through the ORM; the time it was
# done, a timestamp for each of 400 rows, cost 0.4 ms more) and the first and latest hip tests.
_PLAN_ROWS_SQL = f"""
    SELECT date, kind, completed_at IS NOT NULL, block_id FROM {PlannedDay._meta.db_table}
    WHERE user_id = %s AND date BETWEEN %s AND %s ORDER BY date
"""
_HIP_TESTS_SQL = f"""
    SELECT * FROM (
        SELECT {rows.columns(HipExtensionTest, "test")}, 0 AS latest
        FROM {HipExtensionTest._meta.db_table} AS test
        WHERE test.user_id = %s ORDER BY test.tested_on, test.id LIMIT 1
    ) AS first_test
    UNION ALL
    SELECT * FROM (
        SELECT {rows.columns(HipExtensionTest, "test")}, 1 AS latest
        FROM {HipExtensionTest._meta.db_table} AS test
        WHERE test.user_id = %s ORDER BY test.tested_on DESC, test.id DESC LIMIT 1
    ) AS latest_test
    ORDER BY latest
"""


def _latest_ratings(user_id: int) -> list[tuple[int, date, int]]:
    """Each goal's last TREND_RATINGS ratings as (goal id, date, rating), oldest first."""
    return [
        (goal_id, _date(on), rating) for goal_id, on, rating in _rows(_LATEST_RATINGS_SQL, user_id)
    ]


def _rows(sql: str, user_id: int, *params: object) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, *params])
        return cursor.fetchall()


def _date(value: date | str) -> date:
    # PostgreSQL answers a date; SQLite a date too for a column, but text through a subquery.
    return value if isinstance(value, date) else date.fromisoformat(value)


def _aware(value: datetime | str) -> datetime:
    # SQLite keeps datetimes as naive UTC text.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


class NewestLogs(Sequence[SessionLog]):
    """The person's logs, newest first, as Paginator reads them: their number, then one page.

    /sessions/ in SQL: the ORM took 1.5 ms of Python to build the count and the page's
    query. The page's rows carry what the list shows; the person's own logs only.
    """

    def __init__(self, user: AbstractBaseUser) -> None:
        self.user = user

    @cached_property
    def _count(self) -> int:
        return _rows(_LOG_COUNT_SQL, self.user.pk)[0][0]

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> SessionLog: ...
    @overload
    def __getitem__(self, index: slice) -> list[SessionLog]: ...
    def __getitem__(self, index: int | slice) -> SessionLog | list[SessionLog]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, len(self) if index.stop is None else index.stop
        if stop <= start:
            return []
        found = SessionLog.objects.raw(_LOG_PAGE_SQL, [self.user.pk, stop - start, start])
        return list(found)


_LOG_COUNT_SQL = f"SELECT COUNT(*) FROM {SessionLog._meta.db_table} WHERE user_id = %s"
_LOG_PAGE_SQL = f"""
    SELECT id, user_id, date, kind, pain_before, pain_after, morning_pain, started_at,
        finished_at
    FROM {SessionLog._meta.db_table} WHERE user_id = %s
    ORDER BY date DESC, started_at DESC LIMIT %s OFFSET %s
"""


@dataclass(frozen=True)
class LoggedSessions:
    """The person's logs over a window of days, read once: as the pain rules weigh them, and
    the newest as pages show them (the recent list, yesterday's morning check)."""

    outcomes: list[adaptation.SessionOutcome]  # oldest first
    newest: list[SessionLog]  # newest first: the last RECENT_LOGS, and every one since yesterday

    def waiting_for_morning(self, today: date) -> SessionLog | None:
        return waiting_for_morning(self.newest, today - timedelta(days=1))


def logged_sessions(user: AbstractBaseUser, first: date, last: date) -> LoggedSessions:
    """The person's logs from `first` to `last` (their today) in one query.

    /today/ and /progress/ ask it on every visit, so in SQL: the ORM took 0.9 ms of Python to
    build the query. The pain rules read plain values; only the logs a page shows become
    instances (hipflex/rows.py). The person's own logs only.
    """
    found = _rows(_LOGGED_SQL, user.pk, first, last)
    values = [dict(zip(_LOG_ATTNAMES, row, strict=True)) for row in found]
    outcomes = [
        adaptation.SessionOutcome(
            date=_date(log["date"]),
            kind=log["kind"],
            pain_before=log["pain_before"],
            pain_after=log["pain_after"],
            morning_pain=log["morning_pain"],
            pain_during=log["pain_during"],
        )
        for log in values
    ]
    since_yesterday = sum(1 for outcome in outcomes if outcome.date >= last - timedelta(days=1))
    newest = []
    for row in reversed(found[max(0, len(found) - max(RECENT_LOGS, since_yesterday)) :]):
        log = rows.instance(SessionLog, iter(row), skip=_LOG_SKIP)
        log.user = user
        newest.append(log)
    return LoggedSessions(outcomes=outcomes, newest=newest)


_LOG_SKIP = tuple(
    field.name
    for field in SessionLog._meta.concrete_fields
    if field.attname not in ("user_id", *LOG_FIELDS)
)
_LOG_ATTNAMES = rows.attnames(SessionLog, _LOG_SKIP)
_LOGGED_SQL = f"""
    SELECT {rows.columns(SessionLog, "log", _LOG_SKIP)} FROM {SessionLog._meta.db_table} AS log
    WHERE log.user_id = %s AND log.date BETWEEN %s AND %s ORDER BY log.date, log.started_at
"""


def care_advice(
    user: AbstractBaseUser,
    today: date,
    tasks: list[adaptation.TaskProgress],
    outcomes: list[adaptation.SessionOutcome],
) -> adaptation.Recommendation | None:
    """Whether to suggest seeing a professional. `outcomes` must reach back
    adaptation.WINDOW_DAYS from today."""
    return adaptation.professional_recommendation(
        outcomes, tasks, today, CareAdvice.hidden_until(user)
    )


def rerating_due(trends: list[GoalTrend], today: date, block_started_on: date | None) -> bool:
    if not trends:
        return False
    last = max(trend.last_rated for trend in trends)
    block_ended = block_started_on is not None and block_started_on > last
    return today - last >= timedelta(days=RERATE_AFTER_DAYS) or block_ended


def dashboard_context(profile: Profile) -> dict[str, object]:
    user = profile.user
    today = profile.local_today()
    monday = monday_of(today)
    sunday = monday + timedelta(days=6)
    # To the end of this week: the days to come count in "of N sessions" this week.
    plan_rows = [
        (_date(day), kind, bool(done), block_id)
        for day, kind, done, block_id in _rows(
            _PLAN_ROWS_SQL, user.pk, monday - timedelta(weeks=STREAK_WEEKS), sunday
        )
    ]
    week_and_before = [(day, kind, done) for day, kind, done, _ in plan_rows]
    days = [row for row in week_and_before if row[0] <= today]
    chart_start = today - timedelta(weeks=CHART_WEEKS) + timedelta(days=1)
    # The chart's twelve weeks hold the care advice's two, the recent list and yesterday's.
    logged = logged_sessions(user, chart_start, today)
    outcomes = logged.outcomes
    points = [
        PainPoint(item.date, item.pain_before, item.pain_after, item.morning_pain)
        for item in outcomes
    ]
    trends = goal_trends(profile)
    axis_start = chart_axis_start(plan_rows, chart_start, today)
    chart = pain_chart(points, start=axis_start, end=today, **CHART_SIZE)
    return {
        "today": today,
        "chart": chart,
        "chart_weeks": ((today - axis_start).days + 1) // 7,
        "band": {
            "x": chart.plot_left,
            "y": chart.safe_band[0],
            "width": round(chart.plot_right - chart.plot_left, 1),
            "height": round(chart.safe_band[1] - chart.safe_band[0], 1),
        },
        "this_week": adherence(days, monday, today),
        "this_week_planned": adherence(week_and_before, monday, sunday).planned,
        "four_weeks": adherence(days, today - timedelta(days=27), today),
        "streak": week_streak(days, today),
        "trends": trends,
        "milestones": [trend for trend in trends if trend.milestone],
        "recent": logged.newest[:RECENT_LOGS],
        "morning": morning_context(logged.waiting_for_morning(today)),
        "advice": care_advice(user, today, [trend.progress for trend in trends], outcomes),
        "rerating_due": rerating_due(trends, today, block_started_on(plan_rows, today)),
        "hip": hip_progress(user),
    }


CHART_SIZE = {"width": 400, "height": 260}  # drawn about 1:1 on a phone: 200 px tall or more
CHART_MIN_DAYS = 14


def chart_axis_start(
    plan_rows: list[tuple[date, str, bool, int]], chart_start: date, today: date
) -> date:
    """The chart spans the person's own history, up to its twelve weeks, two weeks at least:
    a new person's first points do not huddle at the right edge. `plan_rows` in date order."""
    began = plan_rows[0][0] if plan_rows else today
    return max(chart_start, min(began, today - timedelta(days=CHART_MIN_DAYS - 1)))


def block_started_on(plan_rows: list[tuple[date, str, bool, int]], today: date) -> date | None:
    """When the block holding today began, from the plan's (date, kind, done, block id) rows
    reaching back over it."""
    current = next((block for day, _, _, block in plan_rows if day == today), None)
    return min((day for day, _, _, block in plan_rows if block == current), default=None)


@dataclass(frozen=True)
class HipProgress:
    first: HipExtensionTest
    latest: HipExtensionTest
    improved: tuple[str, ...]  # sides a whole category better than at the first test
    worse: tuple[str, ...]

    @property
    def retested(self) -> bool:
        return self.latest.pk != self.first.pk


def hip_progress(user: AbstractBaseUser) -> HipProgress | None:
    """The hip extension self-test: the first and the latest (one query, whatever the number
    of tests; the same row twice when there is one)."""
    tests = [
        rows.instance(HipExtensionTest, values)
        for values in rows.each_row(_HIP_TESTS_SQL, [user.pk, user.pk])
    ]
    if not tests:
        return None
    first, latest = tests
    return HipProgress(
        first,
        latest,
        hip_test.improved_sides(first.result(), latest.result()),
        hip_test.worse_sides(first.result(), latest.result()),
    )


def milestones_context(profile: Profile) -> dict[str, object]:
    user, today = profile.user, profile.local_today()
    trends = goal_trends(profile)
    block = ProgramBlock.objects.filter(user=user, starts_on__lte=today).order_by("-number").first()
    return {
        "trends": trends,
        "rerating_due": rerating_due(trends, today, block and block.starts_on),
        "today": today,
        "errors": {},
    }


def block_summary(user: AbstractBaseUser, block: ProgramBlock) -> BlockSummary:
    days = [
        (day, kind, completed is not None)
        for day, kind, completed in PlannedDay.objects.for_user(user)
        .between(block.starts_on, block.ends_on)
        .values_list("date", "kind", "completed_at")
    ]
    pains = [
        (day, max(value for value in ratings if value is not None))
        for day, *ratings in SessionLog.objects.for_user(user)
        .filter(date__range=(block.starts_on, block.ends_on))
        .values_list("date", "pain_before", "pain_after", "morning_pain", "pain_during")
    ]
    return summarise(days, pains, block.starts_on, block.ends_on)


LAST_WEEKS_DAYS = 14  # the part of a block that earns the next step
REVIEW_WAIT_DAYS = 7  # after a block ends, before its review is taken as skipped


def outcomes_for(user: AbstractBaseUser, since: date) -> list[adaptation.SessionOutcome]:
    # Plain rows: the rules need five numbers a session, not model instances.
    fields = ("pk", "date", "kind", "pain_before", "pain_after", "morning_pain", "pain_during")
    logs = list(
        SessionLog.objects.for_user(user)
        .filter(date__gte=since)
        .order_by("date", "started_at")
        .values_list(*fields)
    )
    # By the logs' own ids: the (log, position) index, whatever the table's statistics say.
    hurt: dict[int, set[int]] = {}
    rows = ExerciseResult.objects.filter(
        log_id__in=[log[0] for log in logs], status=ResultStatus.HURT
    ).values_list("log_id", "exercise_id")
    for log_id, exercise_id in rows:
        hurt.setdefault(log_id, set()).add(exercise_id)
    return [
        adaptation.SessionOutcome(
            date=day,
            kind=kind,
            pain_before=before,
            pain_after=after,
            morning_pain=morning,
            hurt_exercise_ids=frozenset(hurt.get(pk, ())),
            pain_during=during,
        )
        for pk, day, kind, before, after, morning, during in logs
    ]


def block_end(user: AbstractBaseUser, block: ProgramBlock) -> BlockEnd:
    """The facts that earn the block after `block` its step (tracking.review.earned_choice),
    over its last two weeks and, for flares and soreness, the days since it ended."""
    logs = outcomes_for(user, block_last_weeks(block))
    done = blocks_days_done(user, [block])[block.pk]
    return review.block_end(done, logs, Profile.of(user).usual_pain or 0)


def block_last_weeks(block: ProgramBlock) -> date:
    """The first day of the part of `block` that earns the next step."""
    return block.ends_on - timedelta(days=LAST_WEEKS_DAYS - 1)


def blocks_days_done(user: AbstractBaseUser, blocks: list[ProgramBlock]) -> dict[int, list[bool]]:
    """For each block: whether each training day of its last two weeks was done (one query)."""
    done: dict[int, list[bool]] = {block.pk: [] for block in blocks}
    if not blocks:
        return done
    rows = (
        PlannedDay.objects.for_user(user)
        .between(min(map(block_last_weeks, blocks)), max(block.ends_on for block in blocks))
        .filter(block__in=blocks)
        .exclude(kind="rest")
        .order_by("date")
        .values_list("block_id", "date", "completed_at")
    )
    last_weeks = {block.pk: block_last_weeks(block) for block in blocks}
    for block_id, day, completed in rows:
        if day >= last_weeks[block_id]:
            done[block_id].append(completed is not None)
    return done


def loaded_dates(user: AbstractBaseUser, block: ProgramBlock) -> set[date]:
    """The days of `block` on which the person did the weighted work a swing builds on: an
    exercise whose harder version is ballistic (a kettlebell deadlift)."""
    return set(
        ExerciseResult.objects.filter(
            log__user=user,
            log__date__range=(block.starts_on, block.ends_on),
            exercise__load=LoadType.LOADED,
            exercise__progression__load=LoadType.BALLISTIC,
            status=ResultStatus.DONE,
        ).values_list("log__date", flat=True)
    )


def block_to_review(blocks: list[ProgramBlock], today: date) -> ProgramBlock | None:
    """The block that ended last, while it has not been reviewed (older ones are past)."""
    ended = [block for block in blocks if block.ends_on < today]
    latest = max(ended, key=lambda block: block.number, default=None)
    return latest if latest is not None and latest.reviewed_at is None else None


def review_skipped(block: ProgramBlock, today: date) -> bool:
    """Not answered within REVIEW_WAIT_DAYS of the block's end: the rule answers instead."""
    return today > block.ends_on + timedelta(days=REVIEW_WAIT_DAYS)
