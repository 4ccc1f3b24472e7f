"""Adaptations outlive blocks and rebuilds, and a block is followed at the rule's answer until
its review is answered (issue 14, rules 1 and 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from http import HTTPStatus
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from hipflex.query_budgets import QUERY_BUDGETS
from routines.models import FunctionalGoal, PlannedDay, PlannedExercise, ProgramBlock
from routines.services import program_extend, program_rebuild
from tests.conftest import onboard, page_text, training_days_from_today
from tests.routines.test_plan_pages import ALL_EQUIPMENT
from tests.tracking.test_plan_adapts import a_session_with, at_nine, hurt_in
from tracking.models import SessionLog
from tracking.services import morning_check_record, session_log_manual, session_start

pytestmark = pytest.mark.django_db


def only_the_first_block(user: User) -> ProgramBlock:
    ProgramBlock.objects.filter(user=user, number__gt=1).delete()
    return ProgramBlock.objects.get(user=user, number=1)


def training_days(user: User, first: date, last: date) -> list[PlannedDay]:
    return list(
        PlannedDay.objects.filter(user=user, date__range=(first, last))
        .exclude(kind="rest")
        .order_by("date")
    )


def log_day(user: User, day: PlannedDay, *, pain: int) -> SessionLog:
    return session_log_manual(
        user=user,
        day=day.date,
        kind=day.kind,
        pain_before=min(pain, 2),
        pain_after=pain,
        effort=5,
        note="",
    )


def test_a_block_built_after_a_flare_in_the_last_week_of_the_one_before_starts_eased(
    onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    block = only_the_first_block(onboarded_user)
    last_week = training_days(onboarded_user, block.ends_on - timedelta(days=6), block.ends_on)
    # A kind both blocks plan (each block's emphasis has its own mix of days).
    flare = next(day for day in last_week if day.kind in ("stability", "recovery"))
    time_machine.move_to(at_nine(onboarded_user, flare.date), tick=True)
    log_day(onboarded_user, flare, pain=8)
    # The next block is built only now, as a page reaching into it would build it.
    following = program_extend(user=onboarded_user, until=block.ends_on + timedelta(days=7))[1]
    assert (following.step, following.eased) == (-1, True)
    flared_kind_days = [
        day
        for day in training_days(onboarded_user, following.starts_on, following.ends_on)
        if day.kind == flare.kind
    ]
    assert flared_kind_days, "the next block plans the kind that flared"
    assert flared_kind_days[0].note.startswith(f"Eased: {flare.date:%A}'s pain was 8/10.")


def test_a_settings_rebuild_keeps_a_hurt_exercise_out_of_the_sessions_to_come(
    onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    def planned_again(item: PlannedExercise, planned_next: set[int]) -> bool:
        return item.part == "main" and item.exercise_id in planned_next

    day, item, following = a_session_with(onboarded_user, planned_again)
    time_machine.move_to(at_nine(onboarded_user, day.date), tick=True)
    hurt_in(onboarded_user, day, item)
    program_rebuild(user=onboarded_user)
    program_extend(user=onboarded_user, until=following.date)
    rebuilt = PlannedDay.objects.get(user=onboarded_user, date=following.date)
    # Swapped or left out, never kept as it was.
    assert not rebuilt.exercises.filter(exercise=item.exercise, part="main").exists()
    assert f"pinched or hurt on {day.date:%A}" in rebuilt.note


def settle_the_last_two_weeks(user: User, block: ProgramBlock, *, pain: int) -> None:
    """Every session of the block's last two weeks done at `pain`, each next morning at 2,
    on the clock of each day."""
    days = training_days(user, block.ends_on - timedelta(days=13), block.ends_on)
    for day in days:
        with time_machine.travel(at_nine(user, day.date), tick=False):
            log = log_day(user, day, pain=pain)
        with time_machine.travel(at_nine(user, day.date + timedelta(days=1)), tick=False):
            morning_check_record(log=log, pain=2)


def test_before_any_review_the_next_block_takes_the_step_the_last_two_weeks_earned(
    client_logged_in: Client,
    onboarded_user: User,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    block = only_the_first_block(onboarded_user)
    program_extend(user=onboarded_user, until=block.ends_on + timedelta(days=7))
    assert ProgramBlock.objects.get(user=onboarded_user, number=2).step == 0
    settle_the_last_two_weeks(onboarded_user, block, pain=2)
    following = ProgramBlock.objects.get(user=onboarded_user, number=2)
    assert (following.step, following.eased) == (1, False)
    assert ProgramBlock.objects.get(pk=block.pk).reviewed_at is None
    # A smaller step in the review plans the block again from the day it is answered.
    answered = following.starts_on + timedelta(days=2)
    time_machine.move_to(at_nine(onboarded_user, answered), tick=True)
    plan = page_text(client_logged_in.get(reverse("routines:plan")))
    assert (
        "A step up from block 1: two thirds or more of the sessions of its last two weeks done, "
        "with no flare, nothing sore and calm mornings."
    ) in plan
    data = {"choice": "repeat"}
    goals = FunctionalGoal.objects.filter(user=onboarded_user).values_list("pk", flat=True)
    data.update({f"goal-{pk}": "6" for pk in goals})
    client_logged_in.post(reverse("tracking:review"), data)
    assert ProgramBlock.objects.get(pk=following.pk).step == 0
    plan = page_text(client_logged_in.get(reverse("routines:plan")))
    assert "The same level as block 1, as you chose in its review." in plan


def test_a_flare_in_the_last_two_weeks_plans_the_next_block_easier_and_the_plan_says_so(
    client_logged_in: Client,
    onboarded_user: User,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    block = only_the_first_block(onboarded_user)
    program_extend(user=onboarded_user, until=block.ends_on + timedelta(days=7))
    settle_the_last_two_weeks(onboarded_user, block, pain=7)
    following = ProgramBlock.objects.get(user=onboarded_user, number=2)
    assert (following.step, following.eased) == (-1, True)
    time_machine.move_to(at_nine(onboarded_user, following.starts_on), tick=True)
    plan = page_text(client_logged_in.get(reverse("routines:plan")))
    assert "An easier block" in plan


def onboard_new_to_exercise(user: User) -> None:
    # Four days a week: the first block brings strength days from its third week.
    onboard(
        user,
        days=training_days_from_today(4),
        experience="new",
        usual_pain=2,
        equipment=ALL_EQUIPMENT,
    )


def test_someone_new_starts_without_weights_and_earns_them_with_a_calm_block(
    client: Client, user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    onboard_new_to_exercise(user)
    client.force_login(user)
    block = only_the_first_block(user)
    assert block.max_load == "held"
    first = PlannedExercise.objects.filter(day__user=user, day__block=block)
    assert first.exists()
    assert not first.filter(exercise__load__in=["loaded", "ballistic"]).exists()
    assert "New to exercise, so this block keeps to body weight." in page_text(
        client.get(reverse("routines:plan"))
    )
    program_extend(user=user, until=block.ends_on + timedelta(days=7))
    assert ProgramBlock.objects.get(user=user, number=2).max_load == "held"
    settle_the_last_two_weeks(user, block, pain=2)
    following = ProgramBlock.objects.get(user=user, number=2)
    assert following.max_load == "loaded"
    time_machine.move_to(at_nine(user, following.starts_on), tick=True)
    assert "Weights are in this block." in page_text(client.get(reverse("routines:plan")))


def test_a_strength_flare_keeps_the_next_block_without_weights(
    user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    onboard_new_to_exercise(user)
    block = only_the_first_block(user)
    program_extend(user=user, until=block.ends_on + timedelta(days=7))
    settle_the_last_two_weeks(user, block, pain=7)
    following = ProgramBlock.objects.get(user=user, number=2)
    assert following.max_load == "held"
    later = PlannedExercise.objects.filter(day__block=following)
    assert not later.filter(exercise__load__in=["loaded", "ballistic"]).exists()


def test_a_block_built_on_the_day_it_starts_plans_that_day_under_the_easing(
    client_logged_in: Client,
    onboarded_user: User,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    block = only_the_first_block(onboarded_user)
    flare = training_days(onboarded_user, block.ends_on - timedelta(days=6), block.ends_on)[-1]
    time_machine.move_to(at_nine(onboarded_user, flare.date), tick=True)
    log_day(onboarded_user, flare, pain=8)
    # Away until block 2 has begun: its first session is the first after the flare, and the
    # block is built by opening /today/ on that day.
    first_of_block_two = next(
        day
        for day in range(7)
        if (block.ends_on + timedelta(days=1 + day)).weekday()
        in onboarded_user.profile.training_days
    )
    today = block.ends_on + timedelta(days=1 + first_of_block_two)
    time_machine.move_to(at_nine(onboarded_user, today), tick=True)
    text = page_text(client_logged_in.get(reverse("tracking:today")))
    day = PlannedDay.objects.get(user=onboarded_user, date=today)
    assert day.note.startswith(f"Eased: {flare.date:%A}'s pain was 8/10."), day.note
    assert day.note in text


def test_answering_the_review_after_starting_todays_session_keeps_that_session(
    client_logged_in: Client,
    onboarded_user: User,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    block = only_the_first_block(onboarded_user)
    program_extend(user=onboarded_user, until=block.ends_on + timedelta(days=14))
    today = training_days(
        onboarded_user, block.ends_on + timedelta(days=1), block.ends_on + timedelta(days=7)
    )[0]
    time_machine.move_to(at_nine(onboarded_user, today.date), tick=True)
    log = session_start(user=onboarded_user, planned_day=today, pain_before=2)
    goals = FunctionalGoal.objects.filter(user=onboarded_user).values_list("pk", flat=True)
    data = {"choice": "ease", **{f"goal-{pk}": "6" for pk in goals}}
    client_logged_in.post(reverse("tracking:review"), data)
    assert ProgramBlock.objects.get(user=onboarded_user, number=2).step == -1
    log.refresh_from_db()
    assert log.planned_day_id == today.pk
    assert PlannedDay.objects.filter(pk=today.pk).exists()


def test_a_log_in_a_blocks_last_two_weeks_keeps_to_its_query_budget(
    client_logged_in: Client,
    onboarded_user: User,
    time_machine: time_machine.TimeMachineFixture,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    block = only_the_first_block(onboarded_user)
    program_extend(user=onboarded_user, until=block.ends_on + timedelta(days=7))
    first, second, *_ = training_days(
        onboarded_user, block.ends_on - timedelta(days=13), block.ends_on
    )
    for day in (first, second):
        time_machine.move_to(at_nine(onboarded_user, day.date), tick=True)
        form = {
            "date": day.date.isoformat(),
            "kind": day.kind,
            "pain_before": "2",
            "pain_after": "2",
            "effort": "5",
            "note": "",
        }
        with django_assert_max_num_queries(QUERY_BUDGETS["POST /sessions/new/"]):
            response = client_logged_in.post(reverse("tracking:session_new"), form)
        assert response.status_code == HTTPStatus.FOUND
