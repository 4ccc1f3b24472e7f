from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from hipflex.query_budgets import QUERY_BUDGETS
from routines.models import Exercise, PlannedDay, PlannedExercise
from routines.services import program_extend
from tests.conftest import page_text
from tests.tracking.conftest import todays_day
from tracking.models import ResultStatus, SessionLog
from tracking.services import session_finish, session_log_manual, session_start

pytestmark = pytest.mark.django_db


def next_day_of_kind(user: User, kind: str, after: date | None = None) -> PlannedDay:
    after = after or user.profile.local_today()
    return (
        PlannedDay.objects.filter(user=user, kind=kind, date__gt=after)
        .prefetch_related("exercises")
        .order_by("date")
        .first()
    )


def main_doses(day: PlannedDay) -> list[tuple[int, int, int]]:
    return [(p.exercise_id, p.sets, p.amount) for p in day.exercises.all() if p.part == "main"]


def finish_today(user: User, *, pain_after: int) -> SessionLog:
    log = session_start(user=user, planned_day=todays_day(user), pain_before=2)
    return session_finish(log=log, answers={}, pain_after=pain_after, effort=5, note="")


def at_nine(user: User, day: date) -> datetime:
    """Nine in the morning of `day` where the person lives."""
    return datetime.combine(day, time(9), tzinfo=ZoneInfo(user.profile.time_zone))


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


def sessions_to_come(user: User) -> list[PlannedDay]:
    return list(
        PlannedDay.objects.filter(user=user, date__gte=user.profile.local_today())
        .exclude(kind="rest")
        .prefetch_related("exercises")
        .order_by("date")
    )


def another_kind(kind: str) -> str:
    return "strength" if kind != "strength" else "mobility"


def test_a_flare_eases_the_very_next_session_whatever_its_kind(onboarded_user: User) -> None:
    first, *later = sessions_to_come(onboarded_user)
    flared = another_kind(first.kind)
    # A later session of neither kind keeps its plan.
    unrelated = next(day for day in later if day.kind not in {first.kind, flared})
    before = {day.pk: main_doses(day) for day in (first, unrelated)}
    log_past(onboarded_user, flared, days_ago=1, pain_after=8)
    first, unrelated = (
        PlannedDay.objects.prefetch_related("exercises").get(pk=day.pk)
        for day in (first, unrelated)
    )
    yesterday = onboarded_user.profile.local_today() - timedelta(days=1)
    assert first.note == (
        f"Eased: {yesterday:%A}'s pain was 8/10. The first session after a flare is a gentler "
        "one, whatever its kind."
    )
    assert sum(sets for _, sets, _ in main_doses(first)) < sum(
        sets for _, sets, _ in before[first.pk]
    )
    assert main_doses(unrelated) == before[unrelated.pk]
    assert unrelated.note == ""


def test_once_a_session_follows_the_flare_other_kinds_are_back_to_usual(
    onboarded_user: User,
) -> None:
    first = sessions_to_come(onboarded_user)[0]
    before = main_doses(first)
    log_past(onboarded_user, another_kind(first.kind), days_ago=2, pain_after=8)
    log_past(onboarded_user, first.kind, days_ago=1, pain_after=2)
    first = PlannedDay.objects.prefetch_related("exercises").get(pk=first.pk)
    assert main_doses(first) == before
    assert first.note == ""


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
    client_logged_in: Client, onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    kind = todays_day(onboarded_user).kind
    usual_doses = main_doses(next_day_of_kind(onboarded_user, kind))
    log = finish_today(onboarded_user, pain_after=3)
    assert next_day_of_kind(onboarded_user, kind).note == ""
    time_machine.move_to(at_nine(onboarded_user, log.date + timedelta(days=1)), tick=True)
    usual = onboarded_user.profile.usual_pain
    client_logged_in.post(
        reverse("tracking:morning_check", args=[log.pk]), {"morning_pain": str(usual + 2)}
    )
    eased = next_day_of_kind(onboarded_user, kind, after=log.date)
    assert eased.note.startswith(
        f"Eased: the morning after {log.date:%A}'s session your pain was {usual + 2}/10, "
        "2 above usual."
    )
    assert main_doses(eased) != usual_doses


def a_session_with(
    user: User, wanted: Callable[[PlannedExercise, set[int]], bool]
) -> tuple[PlannedDay, PlannedExercise, PlannedDay]:
    """The first planned session with an exercise that is `wanted` (given the exercises of the
    next session of that kind), and that next session, over the program's next three blocks
    (which exercises a plan draws depends on the person's id)."""
    program_extend(user=user, until=user.profile.local_today() + timedelta(weeks=12))
    days = (
        PlannedDay.objects.filter(user=user, date__gte=user.profile.local_today())
        .exclude(kind="rest")
        .order_by("date")
    )
    for day in days:
        following = next_day_of_kind(user, day.kind, after=day.date)
        if following is None:  # the last of its kind the plan holds yet
            continue
        planned_next = {p.exercise_id for p in following.exercises.all()}
        for item in day.exercises.order_by("position"):
            if wanted(item, planned_next):
                return day, item, following
    raise AssertionError("no planned session has such an exercise")


def hurt_in(user: User, day: PlannedDay, item: PlannedExercise) -> None:
    """The person does `day`'s session and marks `item` as pinching or hurting."""
    log = session_start(user=user, planned_day=day, pain_before=2)
    hurt = log.results.get(exercise=item.exercise, part=item.part)
    session_finish(
        log=log, answers={hurt.pk: (ResultStatus.HURT, None)}, pain_after=2, effort=5, note=""
    )


def test_an_exercise_that_hurt_is_replaced_next_time(
    onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    # Which exercises a day holds depends on its kind (recovery ones have no easier
    # versions), so the person does the first session that has one they can do, which the
    # next session of that kind plans again (and not its easier version).
    def with_easier_version(item: PlannedExercise, planned_next: set[int]) -> bool:
        regression = item.exercise.regression
        return (
            item.part == "main"
            and regression is not None
            and not regression.equipment.exists()
            and item.exercise_id in planned_next
            and regression.pk not in planned_next
        )

    day, item, following = a_session_with(onboarded_user, with_easier_version)
    time_machine.move_to(at_nine(onboarded_user, day.date), tick=True)
    position = following.exercises.get(exercise=item.exercise).position
    hurt_in(onboarded_user, day, item)
    following = PlannedDay.objects.get(pk=following.pk)
    planned = dict(following.exercises.values_list("position", "exercise_id"))
    assert item.exercise_id not in planned.values()
    assert planned[position] == item.exercise.regression_id
    assert following.note == (
        f"{item.exercise.name} swapped for {item.exercise.regression.name}, an easier version: "
        f"it pinched or hurt on {day.date:%A}."
    )


def test_two_comfortable_sessions_bring_a_hurt_exercise_back_at_an_easier_level(
    onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    def without_easier_version(item: PlannedExercise, planned_next: set[int]) -> bool:
        return (
            item.part == "main"
            and item.exercise.regression_id is None
            and item.exercise_id in planned_next
        )

    day, item, _ = a_session_with(onboarded_user, without_easier_version)
    time_machine.move_to(at_nine(onboarded_user, day.date), tick=True)
    hurt_in(onboarded_user, day, item)
    later = day.date + timedelta(days=2)
    following = next_day_of_kind(onboarded_user, day.kind, after=later)
    # Left out, or swapped for a similar one, while it is sore.
    assert not following.exercises.filter(exercise=item.exercise).exists()
    time_machine.move_to(at_nine(onboarded_user, later), tick=True)
    for offset in (1, 2):
        log_past(onboarded_user, "recovery", days_ago=2 - offset, pain_after=1)
    following = PlannedDay.objects.get(pk=following.pk)
    back = following.exercises.get(exercise=item.exercise)
    assert (back.sets, back.amount) < (item.sets, item.amount)
    assert (
        f"{item.exercise.name} is back at an easier level: two comfortable sessions since it "
        f"pinched or hurt on {day.date:%A}."
    ) in following.note


def test_an_exercise_that_hurt_with_nothing_to_swap_in_is_left_out_and_the_note_says_so(
    onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    def without_easier_or_similar(item: PlannedExercise, planned_next: set[int]) -> bool:
        exercise = item.exercise
        return (
            exercise.regression_id is None
            and not exercise.alternatives.exists()
            and item.exercise_id in planned_next
        )

    day, item, following = a_session_with(onboarded_user, without_easier_or_similar)
    time_machine.move_to(at_nine(onboarded_user, day.date), tick=True)
    hurt_in(onboarded_user, day, item)
    following = PlannedDay.objects.get(pk=following.pk)
    assert not following.exercises.filter(exercise=item.exercise).exists()
    assert f"{item.exercise.name} left out: it pinched or hurt on {day.date:%A}." in (
        following.note
    )


def test_the_eased_reason_shows_on_today_and_the_plan(
    client_logged_in: Client, onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    kind = todays_day(onboarded_user).kind
    log = finish_today(onboarded_user, pain_after=7)
    day = next_day_of_kind(onboarded_user, kind)
    reason = f"Eased: {log.date:%A}'s pain was 7/10."
    plan = client_logged_in.get(reverse("routines:plan"), {"week": day.date.isoformat()})
    assert reason in page_text(plan)
    time_machine.move_to(at_nine(onboarded_user, day.date), tick=True)
    today = page_text(client_logged_in.get(reverse("tracking:today")))
    assert f"{reason} Two comfortable sessions in a row bring back your usual plan." in today
    names = Exercise.objects.filter(pk__in=[pk for pk, _, _ in main_doses(day)])
    assert all(exercise.name in today for exercise in names)


def test_a_session_that_changes_nothing_leaves_the_planned_sessions_untouched(
    client_logged_in: Client, onboarded_user: User
) -> None:
    planned = PlannedExercise.objects.filter(day__user=onboarded_user).order_by("pk")
    fields = ("pk", "day_id", "exercise_id", "position", "sets", "amount")
    before = list(planned.values_list(*fields))
    yesterday = onboarded_user.profile.local_today() - timedelta(days=1)
    calm = {"date": yesterday.isoformat(), "kind": "mobility", "pain_before": "2"}
    client_logged_in.post(
        reverse("tracking:session_new"), calm | {"pain_after": "2", "effort": "4"}
    )
    assert SessionLog.objects.filter(user=onboarded_user, date=yesterday).exists()
    assert list(planned.values_list(*fields)) == before  # nothing rewritten
    assert not PlannedDay.objects.filter(user=onboarded_user).exclude(note="").exists()


def test_when_the_eased_session_after_a_flare_is_missed_the_next_one_done_is_eased(
    client_logged_in: Client, onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    flare = todays_day(onboarded_user)
    missed, following, *_ = [
        day for day in sessions_to_come(onboarded_user) if day.date > flare.date
    ]
    usual = main_doses(following)
    finish_today(onboarded_user, pain_after=8)
    assert PlannedDay.objects.get(pk=missed.pk).note.startswith("Eased:")
    # Nothing is done on the missed day; the person opens the app on the next one.
    time_machine.move_to(at_nine(onboarded_user, following.date), tick=True)
    text = page_text(client_logged_in.get(reverse("tracking:today")))
    following = PlannedDay.objects.prefetch_related("exercises").get(pk=following.pk)
    assert following.note.startswith("Eased:")
    assert following.note in text
    if following.kind != flare.kind:
        assert "The first session after a flare is a gentler one" in following.note
    assert sum(sets for _, sets, _ in main_doses(following)) < sum(sets for _, sets, _ in usual)


def test_the_guided_session_shows_why_the_day_was_eased(
    client_logged_in: Client, onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    log = finish_today(onboarded_user, pain_after=7)
    day = next(day for day in sessions_to_come(onboarded_user) if day.date > log.date)
    time_machine.move_to(at_nine(onboarded_user, day.date), tick=True)
    reason = f"Eased: {log.date:%A}'s pain was 7/10."
    start = page_text(client_logged_in.get(reverse("tracking:session_start")))
    assert reason in start
    response = client_logged_in.post(
        reverse("tracking:session_start"), {"pain_before": "2"}, follow=True
    )
    assert reason in page_text(response)


def test_today_never_replans_on_every_visit_when_its_session_cannot_take_the_easing(
    client_logged_in: Client,
    onboarded_user: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    # Settings changed without the rebuild: today's kind no longer matches the plan engine's,
    # so the easing after the flare goes to the next session instead.
    today = todays_day(onboarded_user)
    PlannedDay.objects.filter(pk=today.pk).update(kind=another_kind(today.kind))
    log_past(onboarded_user, today.kind, days_ago=1, pain_after=8)
    assert PlannedDay.objects.get(pk=today.pk).note == ""
    later = next(day for day in sessions_to_come(onboarded_user) if day.date > today.date)
    assert later.note.startswith("Eased:")
    for _ in range(2):
        with django_assert_max_num_queries(QUERY_BUDGETS["GET /today/"] + 1):
            client_logged_in.get(reverse("tracking:today"))


def test_a_day_of_the_plan_opens_its_session_or_its_log(
    client_logged_in: Client, onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    today = todays_day(onboarded_user)
    upcoming = next(day for day in sessions_to_come(onboarded_user) if day.date > today.date)
    url = reverse("tracking:plan_day", args=[upcoming.date.isoformat()])
    plan = client_logged_in.get(reverse("routines:plan"), {"week": upcoming.date.isoformat()})
    assert f'href="{url}"' in plan.text
    text = page_text(client_logged_in.get(url))
    assert "Coming up." in text
    for item in upcoming.exercises.select_related("exercise"):
        assert item.exercise.name in text
    # Today's opens /today/; once done, a day opens its log.
    today_url = reverse("tracking:plan_day", args=[today.date.isoformat()])
    assert client_logged_in.get(today_url)["Location"] == reverse("tracking:today")
    log = finish_today(onboarded_user, pain_after=2)
    time_machine.move_to(at_nine(onboarded_user, upcoming.date), tick=True)
    assert client_logged_in.get(today_url)["Location"] == log.get_absolute_url()
