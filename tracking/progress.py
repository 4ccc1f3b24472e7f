"""What the progress dashboard and the milestones page show, read in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser

from routines.models import FunctionalGoal, PlannedDay, Profile, ProgramBlock
from routines.services import monday_of
from tracking import adaptation
from tracking.charts import PainPoint, pain_chart
from tracking.models import CareAdvice, Milestone, SessionLog, TaskRating
from tracking.review import BlockSummary, summarise

CHART_WEEKS = 12
STREAK_WEEKS = 52
RERATE_AFTER_DAYS = 7


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
    ratings: list[int]
    latest: int
    change: int
    milestone: Milestone | None
    last_rated: date

    @property
    def trend_text(self) -> str:
        return " → ".join(str(rating) for rating in self.ratings[-6:])


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


def goal_trends(user: AbstractBaseUser) -> list[GoalTrend]:
    goals = list(FunctionalGoal.objects.filter(user=user).select_related("task", "milestone"))
    ratings: dict[int, list[TaskRating]] = {}
    for rating in TaskRating.objects.filter(user=user).order_by("rated_on", "created_at"):
        ratings.setdefault(rating.goal_id, []).append(rating)
    trends = []
    for goal in goals:
        history = ratings.get(goal.pk, [])
        values = [goal.baseline] + [rating.rating for rating in history]
        trends.append(
            GoalTrend(
                goal=goal,
                ratings=values,
                latest=values[-1],
                change=values[-1] - goal.baseline,
                milestone=getattr(goal, "milestone", None),
                last_rated=history[-1].rated_on if history else goal.created_at.date(),
            )
        )
    return trends


def care_advice(
    user: AbstractBaseUser, today: date, trends: list[GoalTrend] | None = None
) -> adaptation.Recommendation | None:
    trends = goal_trends(user) if trends is None else trends
    logs = SessionLog.objects.for_user(user).filter(
        date__gte=today - timedelta(days=adaptation.WINDOW_DAYS)
    )
    outcomes = [
        adaptation.SessionOutcome(
            date=log.date,
            kind=log.kind,
            pain_before=log.pain_before,
            pain_after=log.pain_after,
            morning_pain=log.morning_pain,
        )
        for log in logs
    ]
    tasks = [
        adaptation.TaskProgress(
            baseline=trend.goal.baseline,
            latest=trend.latest,
            baseline_date=trend.goal.created_at.date(),
        )
        for trend in trends
    ]
    dismissal = CareAdvice.objects.filter(user=user).first()
    return adaptation.professional_recommendation(
        outcomes, tasks, today, dismissal.dismissed_until if dismissal else None
    )


def rerating_due(trends: list[GoalTrend], today: date, block: ProgramBlock | None) -> bool:
    if not trends:
        return False
    last = max(trend.last_rated for trend in trends)
    block_ended = block is not None and block.starts_on > last
    return today - last >= timedelta(days=RERATE_AFTER_DAYS) or block_ended


def dashboard_context(user: AbstractBaseUser, profile: Profile) -> dict[str, object]:
    today = profile.local_today()
    monday = monday_of(today)
    days = [
        (day, kind, completed is not None)
        for day, kind, completed in PlannedDay.objects.for_user(user)
        .between(monday - timedelta(weeks=STREAK_WEEKS), today)
        .values_list("date", "kind", "completed_at")
    ]
    chart_start = today - timedelta(weeks=CHART_WEEKS) + timedelta(days=1)
    points = [
        PainPoint(day, before, after, morning)
        for day, before, after, morning in SessionLog.objects.for_user(user)
        .filter(date__range=(chart_start, today))
        .order_by("date", "started_at")
        .values_list("date", "pain_before", "pain_after", "morning_pain")
    ]
    trends = goal_trends(user)
    block = ProgramBlock.objects.filter(user=user, starts_on__lte=today).order_by("-number").first()
    chart = pain_chart(points, start=chart_start, end=today)
    return {
        "today": today,
        "chart": chart,
        "band": {
            "x": chart.plot_left,
            "y": chart.safe_band[0],
            "width": round(chart.plot_right - chart.plot_left, 1),
            "height": round(chart.safe_band[1] - chart.safe_band[0], 1),
        },
        "this_week": adherence(days, monday, today),
        "this_week_planned": PlannedDay.objects.for_user(user)
        .between(monday, monday + timedelta(days=6))
        .exclude(kind="rest")
        .count(),
        "four_weeks": adherence(days, today - timedelta(days=27), today),
        "streak": week_streak(days, today),
        "trends": trends,
        "milestones": [trend for trend in trends if trend.milestone],
        "recent": list(SessionLog.objects.for_user(user).order_by("-date", "-started_at")[:5]),
        "advice": care_advice(user, today, trends),
        "rerating_due": rerating_due(trends, today, block),
    }


def milestones_context(user: AbstractBaseUser, today: date) -> dict[str, object]:
    trends = goal_trends(user)
    block = ProgramBlock.objects.filter(user=user, starts_on__lte=today).order_by("-number").first()
    return {
        "trends": trends,
        "rerating_due": rerating_due(trends, today, block),
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
        (day, max(value for value in (before, after, morning) if value is not None))
        for day, before, after, morning in SessionLog.objects.for_user(user)
        .filter(date__range=(block.starts_on, block.ends_on))
        .values_list("date", "pain_before", "pain_after", "morning_pain")
    ]
    return summarise(days, pains, block.starts_on, block.ends_on)


def block_to_review(user: AbstractBaseUser, today: date) -> ProgramBlock | None:
    """The latest block whose four weeks are over and that has not been reviewed yet."""
    return (
        ProgramBlock.objects.filter(
            user=user, reviewed_at__isnull=True, starts_on__lte=today - timedelta(weeks=4)
        )
        .order_by("-number")
        .first()
    )
