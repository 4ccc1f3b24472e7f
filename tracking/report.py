"""The one-page report a person can hand to a physical therapist or trainer, read once.

The page (/progress/report/) and its PDF (tracking/report_pdf.py) both draw a `Report`, so they
always say the same. What it holds, over the period chosen (the last 4, 8, 12, 26 or 52 weeks,
or since the start; never before the person's first day):

- training days planned and done each week, and the median pain of each week's sessions (each
  session's highest rating, as the block review weighs them);
- the pain chart (tracking/report_chart.py): a point a session, or for periods longer than
  BY_WEEK_AFTER weeks each week's median, so the page never runs over; flares (as the pain
  rules classify them, tracking/adaptation.py) and sessions the plan eased are marked;
- the everyday tasks from their first rating to their latest, with milestones; the hip
  extension self-test, first against latest;
- this week's plan: each training day with its main exercises and their doses (an even share
  of MAX_PLAN_ITEMS a day, then "and N more"), and the warm-up and cool-down exercises by name;
- only when the person asks: the safety questions answered yes and when they were cleared;
- only the notes the person chose (for a professional they share with: the latest they marked
  shared), at most MAX_NOTES, each cut at NOTE_CHARS characters (the page says so): a page
  holds no more.

It reads the person's own rows only, in a fixed number of queries whatever the history's length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from statistics import median
from zoneinfo import ZoneInfo

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.db.models.functions import Length, Substr
from django.utils import timezone

from routines.models import DayKind, Part, PlannedDay, PlannedExercise, Profile, dosage_text
from routines.safety import RED_FLAG_KEYS, SIGNS
from routines.services import monday_of

# The module, not its names: tracking.progress reaches tracking.forms, which reads this module.
from tracking import adaptation, progress
from tracking.charts import MONTH_ABBREVIATIONS, PainPoint, pain_summary
from tracking.models import SessionLog
from tracking.report_chart import PainFigure, Week, WeeksFigure, pain_figure, week_middle
from tracking.report_chart import weeks_figure as draw_weeks
from tracking.report_choices import MAX_NOTES

BY_WEEK_AFTER = 12  # longer periods show each week's median pain, not every session
NOTE_CHARS = 200
NOTE_PREVIEW = 90  # what the form shows of each note to choose from
MAX_PLAN_ITEMS = 18
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# The report's own words, the same on the page and in the PDF.
WORDS = {
    "title": "Hipflex progress report",
    "training": "Training days, week by week",
    "no_training": "No training days were planned or logged in this period.",
    "pain": "Pain before, after and the next morning (0 to 10)",
    "no_pain": "No pain ratings were logged in this period.",
    "median": "A week's median pain is the middle of its sessions' highest ratings.",
    "weekly_points": "Each point is a week's median.",
    "flare": "Flare",
    "eased": "Eased by the plan",
    "safe": "0-2: the safe zone",
    "planned": "Sessions planned (outline)",
    "done": "Sessions done (filled)",
    "tasks": "Everyday tasks (0 = cannot do, 10 = as before the problem)",
    "no_tasks": "No everyday tasks were chosen.",
    "plan": "This week's plan",
    "no_plan": "No sessions are planned this week.",
    "hip": "Hip extension self-test",
    "no_hip": "Not taken yet.",
    "safety": "Safety questions",
    "notes": "Notes chosen for this report",
    "footer": (
        "From Hipflex: the ratings and answers are the person's own. Hipflex advises on "
        "exercise and does not diagnose."
    ),
}


@dataclass(frozen=True)
class Period:
    weeks: int | None  # as chosen; None: since the start
    start: date  # the first day shown
    end: date  # the person's today

    @property
    def week_count(self) -> int:
        return (monday_of(self.end) - monday_of(self.start)).days // 7 + 1

    @property
    def by_week(self) -> bool:
        return self.week_count > BY_WEEK_AFTER

    @property
    def label(self) -> str:
        span = f"{long_date(self.start)} to {long_date(self.end)}"
        count = self.week_count
        weeks = f"{count} week{'' if count == 1 else 's'}"
        if self.weeks is None:
            return f"Since the start: {span} ({weeks})"
        if count < self.weeks:
            return f"Since the start: {span} ({weeks}, fewer than the {self.weeks} chosen)"
        return f"The last {weeks}: {span}"


@dataclass(frozen=True)
class TaskLine:
    name: str
    baseline: int
    started_on: date
    latest: int
    latest_on: date | None  # None before the first re-rating
    milestone_on: date | None

    @property
    def change(self) -> int:
        return self.latest - self.baseline

    @property
    def change_text(self) -> str:
        if self.latest_on is None:
            return "not re-rated yet"
        if self.change == 0:
            return "no change"
        return f"{'up' if self.change > 0 else 'down'} {abs(self.change)}"


@dataclass(frozen=True)
class HipLine:
    side: str
    first: str
    latest: str


@dataclass(frozen=True)
class HipSummary:
    first_on: date
    latest_on: date | None  # None before a retest
    sides: tuple[HipLine, ...]
    verdict: str


@dataclass(frozen=True)
class PlanDay:
    label: str  # "Mon, mobility"
    exercises: tuple[str, ...]  # "Dead bug 2 × 6 each side"
    left_out: int  # main exercises beyond the day's share of MAX_PLAN_ITEMS

    @property
    def text(self) -> str:
        more = f"; and {self.left_out} more" if self.left_out else ""
        return f"{'; '.join(self.exercises) or 'no main block'}{more}."


@dataclass(frozen=True)
class WeekPlan:
    block: str  # "Block 3, stability emphasis"
    days: tuple[PlanDay, ...]  # the training days, each with its main block
    warm_up: tuple[str, ...]  # every exercise of the week's warm-ups, once
    cool_down: tuple[str, ...]

    @property
    def extras(self) -> str:
        return (
            f"Warm-ups: {', '.join(self.warm_up) or 'none'}. "
            f"Cool-downs: {', '.join(self.cool_down) or 'none'}."
        )


@dataclass(frozen=True)
class SafetyAnswers:
    answered_on: date | None
    signs: tuple[str, ...]
    assessed_on: date | None
    assessed_by: str
    cleared_on: date | None

    @property
    def text(self) -> str:
        if self.answered_on is None:
            return "The safety questions have not been answered."
        answered = f"Last answered on {long_date(self.answered_on)}."
        if not self.signs:
            return f"{answered} No warning signs were reported."
        signs = "; ".join(self.signs)
        if self.cleared_on is None:
            return f"{answered} Reported: {signs}. Not yet cleared by a clinician."
        by = f" by {self.assessed_by}" if self.assessed_by else ""
        on = f" on {long_date(self.assessed_on)}" if self.assessed_on else ""
        return (
            f"{answered} Reported: {signs}. Assessed in person{on}{by}, and cleared to "
            f"exercise (confirmed in Hipflex on {long_date(self.cleared_on)})."
        )


@dataclass(frozen=True)
class NoteOption:
    log_id: int
    date: date
    kind: str
    preview: str
    chosen: bool


@dataclass(frozen=True)
class IncludedNote:
    date: date
    kind: str
    text: str
    shortened: bool


@dataclass(frozen=True)
class Totals:
    planned: int
    done: int
    sessions_logged: int
    flares: int
    eased: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0

    @property
    def text(self) -> str:
        return (
            f"In all: {self.done} of {self.planned} planned sessions done ({self.percent}%), "
            f"{_count(self.sessions_logged, 'session')} logged, "
            f"{_count(self.flares, 'flare')}, {_count(self.eased, 'session')} eased by the plan."
        )


@dataclass(frozen=True)
class Report:
    person: str
    made_on: date
    period: Period
    weeks: tuple[Week, ...]
    totals: Totals
    pain: PainFigure | None  # None without a pain rating in the period
    weeks_figure: WeeksFigure | None  # periods summarised by week only
    tasks: tuple[TaskLine, ...]
    hip: HipSummary | None
    plan: WeekPlan
    safety: SafetyAnswers | None  # only when the person includes it
    notes: tuple[IncludedNote, ...]
    note_options: tuple[NoteOption, ...]

    @property
    def has_history(self) -> bool:
        return bool(self.totals.planned or self.totals.sessions_logged)

    @property
    def training_words(self) -> str:
        """The totals, and what the weeks show."""
        if self.period.by_week:
            return self.totals.text
        return f"{self.totals.text} {WORDS['median']}"

    @property
    def pain_words(self) -> str:
        """The pain chart in words, and what its points are."""
        if self.pain is None:
            return WORDS["no_pain"]
        if self.period.by_week:
            return f"{WORDS['weekly_points']} {self.pain.summary}"
        return self.pain.summary


def period_for(profile: Profile, weeks: int | None) -> tuple[date | None, date]:
    """The first day the chosen period could reach (None: the start), and today."""
    today = profile.local_today()
    if weeks is None:
        return None, today
    return monday_of(today) - timedelta(weeks=weeks - 1), today


def build_report(
    profile: Profile,
    *,
    weeks: int | None,
    include_safety: bool,
    note_ids: frozenset[int] = frozenset(),
    shared_notes: bool = False,
) -> Report:
    """The report over `weeks` (None: since the start), with the notes of `note_ids`, or with
    the latest notes the person marked shared (a professional's view, tracking.sharing)."""
    user = profile.user
    zone = ZoneInfo(profile.time_zone)
    reach, today = period_for(profile, weeks)
    sunday = monday_of(today) + timedelta(days=6)
    plan_rows = list(
        _between(PlannedDay.objects.for_user(user), reach, sunday)
        .values_list("date", "kind", "completed_at", "note", "block__number", "block__emphasis")
        .order_by("date")
    )
    log_rows = list(
        _between(SessionLog.objects.for_user(user), reach, today)
        .annotate(text=Substr("note", 1, NOTE_CHARS + 1), note_length=Length("note"))
        .order_by("date", "started_at")
        .values_list(
            "id",
            "date",
            "kind",
            "pain_before",
            "pain_after",
            "morning_pain",
            "text",
            "note_length",
            "note_shared",
        )
    )
    first_day = min(
        [_local_date(profile.onboarded_at, zone) or today]
        + [row[0] for row in plan_rows[:1]]
        + [row[1] for row in log_rows[:1]]
    )
    start = first_day if reach is None else max(reach, first_day)
    period = Period(weeks=weeks, start=start, end=today)
    days = [row for row in plan_rows if start <= row[0] <= today]
    logs = [row for row in log_rows if start <= row[1] <= today]
    usual = profile.usual_pain or 0
    outcomes = [
        adaptation.SessionOutcome(date=day, kind=kind, pain_before=b, pain_after=a, morning_pain=m)
        for _, day, kind, b, a, m, *_ in logs
    ]
    flare_days = [o.date for o in outcomes if adaptation.classify(o, usual) == adaptation.FLARE]
    eased_days = [
        day
        for day, kind, _, note, *_ in days
        if kind != DayKind.REST and note.startswith(adaptation.EASED)
    ]
    week_rows = _weeks(period, days, outcomes, flare_days, eased_days)
    points = [PainPoint(o.date, o.pain_before, o.pain_after, o.morning_pain) for o in outcomes]
    axis_start = min(start, today - timedelta(days=progress.CHART_MIN_DAYS - 1))
    pain = None
    if any(point.is_rated for point in points):
        summary = pain_summary(points, start=axis_start, end=today)
        shown = _weekly_points(week_rows, outcomes, start, today) if period.by_week else points
        pain = pain_figure(
            shown,
            start=axis_start,
            end=today,
            flares=flare_days,
            eased=eased_days,
            summary=summary,
        )
    if shared_notes:
        chosen = [row for row in logs if row[6] and row[8]][-MAX_NOTES:]
    else:
        chosen = [row for row in logs if row[6] and row[0] in note_ids][:MAX_NOTES]
    return Report(
        person=user.get_full_name() or user.email,
        made_on=today,
        period=period,
        weeks=tuple(week_rows),
        totals=Totals(
            planned=sum(week.planned for week in week_rows),
            done=sum(week.done for week in week_rows),
            sessions_logged=len(logs),
            flares=len(flare_days),
            eased=len(eased_days),
        ),
        pain=pain,
        weeks_figure=draw_weeks(week_rows, start=axis_start, end=today) if period.by_week else None,
        tasks=tuple(_tasks(profile)),
        hip=_hip(progress.hip_progress(user)),
        plan=_week_plan(user, plan_rows, today),
        safety=_safety(profile, zone) if include_safety else None,
        notes=tuple(
            IncludedNote(
                date=day,
                kind=_kind_label(kind),
                text=_clipped(text, length),
                shortened=length > NOTE_CHARS,
            )
            for _, day, kind, _, _, _, text, length, _ in chosen
        ),
        note_options=tuple(
            NoteOption(
                log_id=log_id,
                date=day,
                kind=_kind_label(kind),
                preview=_clipped(text, length, NOTE_PREVIEW),
                chosen=log_id in note_ids,
            )
            for log_id, day, kind, _, _, _, text, length, _ in reversed(logs)
            if text
        ),
    )


def _between[Rows: QuerySet](queryset: Rows, first: date | None, last: date) -> Rows:
    if first is None:
        return queryset.filter(date__lte=last)
    return queryset.filter(date__range=(first, last))


def _local_date(moment: datetime | None, zone: ZoneInfo) -> date | None:
    return timezone.localtime(moment, zone).date() if moment else None


def _weeks(
    period: Period,
    days: list[tuple],
    outcomes: list[adaptation.SessionOutcome],
    flare_days: list[date],
    eased_days: list[date],
) -> list[Week]:
    mondays = [monday_of(period.start) + timedelta(weeks=n) for n in range(period.week_count)]

    def week_of(day: date) -> date:
        return monday_of(day)

    planned: dict[date, int] = dict.fromkeys(mondays, 0)
    done: dict[date, int] = dict.fromkeys(mondays, 0)
    for day, kind, completed_at, *_ in days:
        if kind != DayKind.REST:
            planned[week_of(day)] += 1
            done[week_of(day)] += completed_at is not None
    pains: dict[date, list[int]] = {monday: [] for monday in mondays}
    for outcome in outcomes:
        if outcome.log_pain is not None:
            pains[week_of(outcome.date)].append(outcome.log_pain)
    return [
        Week(
            monday=monday,
            planned=planned[monday],
            done=done[monday],
            median_pain=median(pains[monday]) if pains[monday] else None,
            flares=sum(week_of(day) == monday for day in flare_days),
            eased=sum(week_of(day) == monday for day in eased_days),
        )
        for monday in mondays
    ]


def _weekly_points(
    weeks: list[Week], outcomes: list[adaptation.SessionOutcome], start: date, end: date
) -> list[PainPoint]:
    """Each week's median before, after and next-morning pain, at the week's middle."""
    points = []
    for week in weeks:
        logs = [o for o in outcomes if monday_of(o.date) == week.monday]
        if not logs:
            continue

        def middle(values: list[int | None]) -> Fraction | None:
            # Exact, so that the chart's rules take it as they take a rating.
            given = [Fraction(value) for value in values if value is not None]
            return median(given) if given else None

        points.append(
            PainPoint(
                week_middle(week.monday, start, end),
                middle([o.pain_before for o in logs]),
                middle([o.pain_after for o in logs]),
                middle([o.morning_pain for o in logs]),
            )
        )
    return points


def _tasks(profile: Profile) -> list[TaskLine]:
    return [
        TaskLine(
            name=trend.goal.name,
            baseline=trend.goal.baseline,
            started_on=trend.chosen_on,
            latest=trend.latest,
            latest_on=trend.last_rated if len(trend.ratings) > 1 else None,
            milestone_on=trend.milestone.reached_on if trend.milestone else None,
        )
        for trend in progress.goal_trends(profile)
    ]


def _hip(hip: progress.HipProgress | None) -> HipSummary | None:
    if hip is None:
        return None
    first, latest = hip.first.result(), hip.latest.result()
    if not hip.retested:
        verdict = "Taken once so far."
    elif hip.improved:
        sides = " and ".join(hip.improved)
        verdict = f"The {sides} side gained a whole category since the first test."
    elif hip.worse:
        verdict = f"The {' and '.join(hip.worse)} side is tighter than at the first test."
    else:
        verdict = "About the same as at the first test."
    return HipSummary(
        first_on=hip.first.tested_on,
        latest_on=hip.latest.tested_on if hip.retested else None,
        sides=tuple(
            HipLine(side.capitalize(), first.side(side).words, latest.side(side).words)
            for side in ("left", "right")
        ),
        verdict=verdict,
    )


def _week_plan(user: AbstractBaseUser, plan_rows: list[tuple], today: date) -> WeekPlan:
    """This week's training days with each main exercise and its dose (at most
    MAX_PLAN_ITEMS in all), and the names of the warm-up and cool-down exercises."""
    monday = monday_of(today)
    sunday = monday + timedelta(days=6)
    doses = (
        PlannedExercise.objects.filter(day__user=user, day__date__range=(monday, sunday))
        .order_by("day__date", "position")
        .values_list("day__date", "part", "exercise__name", "mode", "sets", "amount", "per_side")
    )
    warm_up: dict[str, None] = {}
    cool_down: dict[str, None] = {}
    main: dict[date, list[str]] = {}
    for day, part, name, mode, sets, amount, per_side in doses:
        if part == Part.WARMUP:
            warm_up[name] = None
        elif part == Part.COOLDOWN:
            cool_down[name] = None
        else:
            main.setdefault(day, []).append(
                f"{name} {dosage_text(mode, sets, amount, per_side=per_side)}"
            )
    training = [row for row in plan_rows if monday <= row[0] <= sunday and row[1] != DayKind.REST]
    # Each day an even share of the room, so every day shows.
    share = MAX_PLAN_ITEMS // max(1, len(training))
    days = []
    for day, kind, *_ in training:
        exercises = main.get(day, [])
        days.append(
            PlanDay(
                f"{WEEKDAYS[day.weekday()]}, {kind}",
                tuple(exercises[:share]),
                max(0, len(exercises) - share),
            )
        )
    today_row = next((row for row in plan_rows if row[0] == today), None)
    return WeekPlan(
        block=f"Block {today_row[4]}, {today_row[5]} emphasis" if today_row else "",
        days=tuple(days),
        warm_up=tuple(warm_up),
        cool_down=tuple(cool_down),
    )


def _safety(profile: Profile, zone: ZoneInfo) -> SafetyAnswers:
    return SafetyAnswers(
        answered_on=_local_date(profile.safety_answered_at, zone),
        signs=tuple(SIGNS[key] for key in RED_FLAG_KEYS if key in profile.red_flags),
        assessed_on=profile.assessed_on,
        assessed_by=profile.assessed_by,
        cleared_on=_local_date(profile.clinician_cleared_at, zone),
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _kind_label(kind: str) -> str:
    return kind.capitalize()


def _clipped(text: str, length: int, limit: int = NOTE_CHARS) -> str:
    """The note's first `limit` characters, cut at a word where one is near."""
    text = " ".join(text.split()) if length <= limit else " ".join(text[:limit].split())
    if length <= limit:
        return text
    cut = text.rfind(" ", limit - 30)
    return (text[:cut] if cut > 0 else text).rstrip(" ,.;:") + "…"


def long_date(day: date) -> str:
    """ "25 Nov 2026": plain, whatever the server's locale."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def short_date(day: date, today: date | None = None) -> str:
    """ "7 Sep"; with the year too when it is not `today`'s."""
    if today is not None and day.year != today.year:
        return long_date(day)
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]}"


def pain_text(value: float | None) -> str:
    """A median as people read it: "3", "2.5", or a dash without a rating."""
    if value is None:
        return "–"
    return f"{value:g}" if value == int(value) else f"{value:.1f}"
