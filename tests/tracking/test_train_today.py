"""Train anyway: on a rest day, a session missed or to come within the week takes today's
place, and today's rest takes its date."""

from __future__ import annotations

from datetime import date, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.models import DayKind, PlannedDay
from tests.conftest import PERSON_TIME_ZONE, onboard, page_text
from tracking.services import session_start

pytestmark = pytest.mark.django_db

TODAY = reverse("tracking:today")


def rests_today(user: User) -> User:
    """Onboarded with three training days, none of them today."""
    weekday = timezone.now().astimezone(ZoneInfo(PERSON_TIME_ZONE)).weekday()
    onboard(user, days=sorted((weekday + offset) % 7 for offset in (1, 3, 5)))
    return user


def train_today(client: Client, on: date) -> object:
    return client.post(reverse("tracking:train_today", args=[on.isoformat()]))


def kinds(user: User, *dates: date) -> list[str]:
    found = dict(PlannedDay.objects.filter(user=user, date__in=dates).values_list("date", "kind"))
    return [found[day] for day in dates]


def test_a_rest_day_offers_the_next_session_and_trading_places_keeps_the_weeks_rest(
    client_logged_in: Client, user: User
) -> None:
    rests_today(user)
    today = user.profile.local_today()
    tomorrow = PlannedDay.objects.get(user=user, date=today + timedelta(days=1))
    exercises = list(tomorrow.exercises.values_list("exercise_id", flat=True))
    text = page_text(client_logged_in.get(TODAY))
    kind = tomorrow.get_kind_display().lower()
    assert f"You can do {tomorrow.date:%A}'s {kind} session today instead." in text
    response = train_today(client_logged_in, tomorrow.date)
    assert response.status_code == HTTPStatus.FOUND
    moved = PlannedDay.objects.get(pk=tomorrow.pk)
    assert moved.date == today
    assert list(moved.exercises.values_list("exercise_id", flat=True)) == exercises
    assert kinds(user, today, tomorrow.date) == [tomorrow.kind, DayKind.REST]
    page = page_text(client_logged_in.get(TODAY))
    assert f"{tomorrow.get_kind_display()} is today's session now" in page
    assert f"Today: {kind}" in page
    assert "Start session" in page


def test_a_missed_session_can_be_done_on_todays_rest_day(
    client_logged_in: Client, user: User, time_machine
) -> None:
    rests_today(user)
    first = PlannedDay.objects.filter(user=user).exclude(kind=DayKind.REST).order_by("date")[0]
    # Two days later the session is missed, and that day is a rest day.
    time_machine.shift(timedelta(days=2))
    today = user.profile.local_today()
    assert kinds(user, today) == [DayKind.REST]
    day_page = reverse("tracking:plan_day", args=[first.date.isoformat()])
    assert "You can do this session today instead" in page_text(client_logged_in.get(day_page))
    train_today(client_logged_in, first.date)
    assert kinds(user, today, first.date) == [first.kind, DayKind.REST]


@pytest.mark.parametrize("case", ["training today", "started", "too far", "done"])
def test_a_session_that_may_not_move_leaves_the_plan_as_it_was(
    client_logged_in: Client, user: User, case: str
) -> None:
    rests_today(user)
    today = user.profile.local_today()
    sessions = PlannedDay.objects.filter(user=user).exclude(kind=DayKind.REST).order_by("date")
    session = sessions[0]
    if case == "training today":
        PlannedDay.objects.filter(user=user, date=today).update(kind=DayKind.MOBILITY)
    elif case == "started":
        session_start(user=user, planned_day=session, pain_before=2)
    elif case == "too far":
        session = sessions.filter(date__gt=today + timedelta(days=6)).first()
    elif case == "done":
        PlannedDay.objects.filter(pk=session.pk).update(completed_at=timezone.now())
    before = list(PlannedDay.objects.filter(user=user).values_list("pk", "date", "kind"))
    response = train_today(client_logged_in, session.date)
    assert "That session cannot move to today, so your plan is unchanged." in page_text(
        client_logged_in.get(response["Location"])
    )
    assert list(PlannedDay.objects.filter(user=user).values_list("pk", "date", "kind")) == before


def test_another_persons_day_or_a_get_moves_nothing(
    client_logged_in: Client, user: User, other_user: User
) -> None:
    rests_today(user)
    onboard(other_user)
    theirs = PlannedDay.objects.filter(user=other_user).exclude(kind=DayKind.REST).last()
    assert train_today(client_logged_in, theirs.date + timedelta(days=400)).status_code == 404
    url = reverse("tracking:train_today", args=["not-a-date"])
    assert client_logged_in.post(url).status_code == HTTPStatus.NOT_FOUND
    mine = PlannedDay.objects.filter(user=user).exclude(kind=DayKind.REST).first()
    url = reverse("tracking:train_today", args=[mine.date.isoformat()])
    assert client_logged_in.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert PlannedDay.objects.get(pk=mine.pk).date == mine.date
