from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.models import Exercise, PlannedDay
from tests.tracking.conftest import todays_day
from tracking.models import ResultStatus, SessionLog
from tracking.services import session_finish, session_log_manual, session_start

pytestmark = pytest.mark.django_db


def next_day_of_kind(user: User, kind: str) -> PlannedDay:
    today = user.profile.local_today()
    return (
        PlannedDay.objects.filter(user=user, kind=kind, date__gt=today)
        .prefetch_related("exercises")
        .order_by("date")
        .first()
    )


def main_doses(day: PlannedDay) -> list[tuple[int, int, int]]:
    return [(p.exercise_id, p.sets, p.amount) for p in day.exercises.all() if p.part == "main"]


def finish_today(user: User, *, pain_after: int, hurt: bool = False) -> SessionLog:
    log = session_start(user=user, planned_day=todays_day(user), pain_before=2)
    answers = {}
    if hurt:
        first_main = log.results.filter(part="main").first()
        answers[first_main.pk] = (ResultStatus.HURT, None)
    return session_finish(log=log, answers=answers, pain_after=pain_after, effort=5, note="")


def test_pain_above_five_eases_the_next_session_of_that_kind_and_says_why(
    onboarded_user: User,
) -> None:
    kind = todays_day(onboarded_user).kind
    before = main_doses(next_day_of_kind(onboarded_user, kind))
    finish_today(onboarded_user, pain_after=7)
    eased = next_day_of_kind(onboarded_user, kind)
    weekday = todays_day(onboarded_user).date.strftime("%A")
    assert eased.note.startswith(f"Eased: {weekday}'s pain was 7/10.")
    after = main_doses(eased)
    assert sum(sets for _, sets, _ in after) < sum(sets for _, sets, _ in before)
    assert after != before


def test_pain_of_five_does_not_ease_the_plan(onboarded_user: User) -> None:
    kind = todays_day(onboarded_user).kind
    before = main_doses(next_day_of_kind(onboarded_user, kind))
    finish_today(onboarded_user, pain_after=5)
    day = next_day_of_kind(onboarded_user, kind)
    assert main_doses(day) == before
    assert day.note == ""


def test_a_flare_in_one_kind_leaves_other_kinds_alone(onboarded_user: User) -> None:
    kind = todays_day(onboarded_user).kind
    other = next(
        day
        for day in PlannedDay.objects.filter(
            user=onboarded_user, date__gt=todays_day(onboarded_user).date
        )
        .exclude(kind__in=[kind, "rest"])
        .prefetch_related("exercises")
    )
    before = main_doses(other)
    finish_today(onboarded_user, pain_after=8)
    other.refresh_from_db()
    assert main_doses(PlannedDay.objects.prefetch_related("exercises").get(pk=other.pk)) == before


def log_past(user: User, kind: str, days_ago: int, pain_after: int) -> None:
    session_log_manual(
        user=user,
        day=user.profile.local_today() - timedelta(days=days_ago),
        kind=kind,
        pain_before=1,
        pain_after=pain_after,
        effort=4,
        note="",
    )


@pytest.mark.parametrize(("comfortable", "eased"), [(0, True), (1, True), (2, False)])
def test_two_comfortable_sessions_in_a_row_bring_the_usual_plan_back(
    onboarded_user: User, comfortable: int, eased: bool
) -> None:
    kind = todays_day(onboarded_user).kind
    usual = main_doses(next_day_of_kind(onboarded_user, kind))
    log_past(onboarded_user, kind, days_ago=5, pain_after=7)
    for days_ago in range(comfortable, 0, -1):
        log_past(onboarded_user, kind, days_ago=days_ago, pain_after=1)
    day = next_day_of_kind(onboarded_user, kind)
    assert day.note.startswith("Eased") is eased
    assert (main_doses(day) == usual) is not eased
    if not eased:
        assert day.note == "Back to your usual plan after two comfortable sessions."


def test_morning_pain_two_above_usual_eases_the_next_session(
    client_logged_in: Client, onboarded_user: User
) -> None:
    kind = todays_day(onboarded_user).kind
    log = finish_today(onboarded_user, pain_after=3)
    assert next_day_of_kind(onboarded_user, kind).note == ""
    usual = onboarded_user.profile.usual_pain
    client_logged_in.post(
        reverse("tracking:morning_check", args=[log.pk]), {"morning_pain": str(usual + 2)}
    )
    assert "the morning after" in next_day_of_kind(onboarded_user, kind).note


def test_an_exercise_that_hurt_is_replaced_next_time(onboarded_user: User) -> None:
    kind = todays_day(onboarded_user).kind
    log = finish_today(onboarded_user, pain_after=2, hurt=True)
    hurt = log.results.get(status=ResultStatus.HURT).exercise
    upcoming = PlannedDay.objects.filter(
        user=onboarded_user, kind=kind, date__gt=log.date
    ).prefetch_related("exercises")
    planned_ids = {p.exercise_id for day in upcoming for p in day.exercises.all()}
    assert hurt.pk not in planned_ids or not (hurt.regression_id or hurt.alternatives.exists())
    notes = {day.note for day in upcoming}
    assert any("pinched or hurt" in note for note in notes)


def test_the_eased_reason_shows_on_today_and_the_plan(
    client_logged_in: Client, onboarded_user: User
) -> None:
    kind = todays_day(onboarded_user).kind
    finish_today(onboarded_user, pain_after=7)
    day = next_day_of_kind(onboarded_user, kind)
    plan = client_logged_in.get(reverse("routines:plan"), {"week": day.date.isoformat()})
    assert "Eased:" in plan.text
    assert Exercise.objects.filter(pk__in=[p for p, _, _ in main_doses(day)]).count() > 0


def test_a_session_that_changes_nothing_leaves_the_planned_sessions_untouched(
    client_logged_in: Client, onboarded_user: User
) -> None:
    from routines.models import PlannedExercise

    planned = PlannedExercise.objects.filter(day__user=onboarded_user)
    before = set(planned.values_list("pk", flat=True))
    yesterday = timezone.localdate() - timedelta(days=1)
    calm = {"date": yesterday.isoformat(), "kind": "mobility", "pain_before": "2"}
    client_logged_in.post(
        reverse("tracking:session_new"), calm | {"pain_after": "2", "effort": "4"}
    )
    assert SessionLog.objects.filter(user=onboarded_user, date=yesterday).exists()
    assert set(planned.values_list("pk", flat=True)) == before  # nothing rewritten
