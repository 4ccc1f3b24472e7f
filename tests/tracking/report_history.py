"""A person with months of history, for the report's tests: every training day logged, with
pain, next-morning pain, notes, flares and eased sessions, five everyday tasks re-rated, and
hip self-tests."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.models import User
from django.utils import timezone

from routines.models import DayKind, FunctionalGoal, FunctionalTask, PlannedDay, Profile
from routines.services import program_extend
from tests.conftest import onboard
from tracking.adaptation import EASED
from tracking.models import MAX_NOTE, HipExtensionTest, SessionLog
from tracking.services import task_rate

SIX_DAYS = [0, 1, 2, 3, 4, 5]
LONG_NOTE = (
    (
        "The kneeling stretch felt tight on the right side at first, then eased after the "
        "second round; I kept the pelvis tucked and breathed out into the stretch as the cues "
        "say. "
    )
    * 20
)[:MAX_NOTE]  # as long as a note can be: the report shortens it, and says so


FLARE_EVERY = 15  # sessions


def pain_of(session: int) -> tuple[int, int, int]:
    """Before, after and next-morning pain of the person's `session`th session: a slow easing,
    with a flare every FLARE_EVERY sessions (and the session after it eased)."""
    before = 5 - min(3, session // 18)
    after = max(0, before - 1)
    if session % FLARE_EVERY == FLARE_EVERY // 2:
        after = 7  # above 5: a flare
    return before, after, max(0, before - 1)


EVERY_KIT = ["mat", "strap", "chair", "band", "kettlebell", "foam-roller", "step"]


def person_with_history(
    user: User,
    *,
    weeks: int,
    notes: bool = True,
    tasks: int = 5,
    hip_tests: int = 2,
    minutes: int = 40,
) -> Profile:
    """`user` onboarded `weeks` weeks ago with six training days a week of the longest
    sessions and every piece of equipment, every training day logged up to yesterday."""
    now = timezone.now()
    with time_machine.travel(now - timedelta(weeks=weeks), tick=False):
        profile = onboard(user, days=SIX_DAYS, usual_pain=3, minutes=minutes, equipment=EVERY_KIT)
        chosen = FunctionalTask.objects.exclude(
            pk__in=FunctionalGoal.objects.filter(user=user).values("task")
        ).order_by("pk")[: tasks - 1]
        for number, task in enumerate(chosen):
            FunctionalGoal.objects.create(user=user, task=task, baseline=3 + number % 3)
    start = timezone.localtime(profile.onboarded_at, ZoneInfo(profile.time_zone)).date()
    today = profile.local_today()
    program_extend(user=user, until=today + timedelta(days=6))
    days = PlannedDay.objects.filter(user=user, date__gte=start, date__lt=today).exclude(
        kind=DayKind.REST
    )
    logs = []
    for session, day in enumerate(days.order_by("date")):
        before, after, morning = pain_of(session)
        logs.append(
            SessionLog(
                user=user,
                planned_day=day,
                date=day.date,
                kind=day.kind,
                pain_before=before,
                pain_after=after,
                morning_pain=morning,
                effort=5,
                note=LONG_NOTE if notes else "",
                finished_at=now,
            )
        )
        if session % FLARE_EVERY == FLARE_EVERY // 2 + 1:
            PlannedDay.objects.filter(pk=day.pk).update(note=f"{EASED} pain went above 5.")
    SessionLog.objects.bulk_create(logs)
    days.update(completed_at=now)
    for goal in FunctionalGoal.objects.filter(user=user):
        for week in range(2, weeks, 2):
            task_rate(
                user=user,
                goal=goal,
                rating=min(10, goal.baseline + week // 3),
                on=start + timedelta(weeks=week),
            )
    answers = [("far_above", "straighter"), ("above", "bent")]
    for number in range(hip_tests):
        thigh, knee = answers[min(number, 1)]
        HipExtensionTest.objects.create(
            user=user,
            tested_on=start + timedelta(weeks=4 * number),
            left_thigh=thigh,
            left_knee=knee,
            right_thigh="above",
            right_knee="bent",
        )
    profile.refresh_from_db()
    return profile
