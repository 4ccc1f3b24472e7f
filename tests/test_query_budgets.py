"""Every page keeps to its query budget (hipflex/query_budgets.py): a day or a year of history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from http import HTTPStatus
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from hipflex.query_budgets import QUERY_BUDGETS
from routines.models import DayKind, PlannedDay
from routines.services import program_extend
from tests.conftest import make_user, page_text
from tests.test_security_sweep import grant_access
from tracking.models import SessionLog
from tracking.services import plan_adapt, session_start
from tracking.sharing import care_note_write

pytestmark = pytest.mark.django_db
HISTORIES = [1, 365]
# What the page after each form says once it is saved: a refused form would cost less.
SAVED = {
    "POST /sessions/new/": "Session logged.",
    "POST /sessions/<id>/morning/": "Thanks. Your plan takes that into account.",
    "POST /sessions/<id>/do/<n>/": "Exercise 2 of",
    "POST /sessions/<id>/do/<n>/ (how much it hurt)": "It hurt at 4/10",
    "POST /sessions/<id>/do/finish/": "Session logged.",
}


@pytest.fixture(params=HISTORIES, ids=lambda days: f"{days}-days")
def person(request: pytest.FixtureRequest) -> User:
    days = request.param
    # Today is a rest day for some: among a few people, the first who trained and trains today
    # (a training day's /today/ reads the most: its exercises and what to lay out).
    call_command("seed_demo", users=4 if days > 1 else 8, days=days, seed=days, verbosity=0)
    people = User.objects.filter(
        username__startswith=f"demo-{days}-", session_logs__results__isnull=False
    ).distinct()
    trained = next(person for person in people.order_by("username") if _trains_today(person))
    log = SessionLog.objects.filter(user=trained, results__isnull=False).first()
    assert SessionLog.objects.filter(user=log.user).count() >= (100 if days == 365 else 1)
    # The demo's logs are written straight to the tables: bring the plan up to them, as the
    # last of those logs would have through the app.
    plan_adapt(user=log.user)
    return log.user


def _trains_today(person: User) -> bool:
    """Whether the person has a training session today; a rest day today trades places with
    the next session of the week (a training day's /today/ reads the most)."""
    today = person.profile.local_today()
    program_extend(user=person, until=today + timedelta(days=6))
    days = PlannedDay.objects.filter(user=person, completed_at__isnull=True)
    rest = days.filter(date=today, kind=DayKind.REST).first()
    session = (
        days.filter(date__gt=today, date__lte=today + timedelta(days=6))
        .exclude(kind=DayKind.REST)
        .order_by("date")
        .first()
    )
    if rest is not None and session is not None:
        PlannedDay.objects.filter(pk=rest.pk).update(date=today - timedelta(days=400))
        PlannedDay.objects.filter(pk=session.pk).update(date=today)
        PlannedDay.objects.filter(pk=rest.pk).update(date=session.date)
    return days.filter(date=today).exclude(kind=DayKind.REST).exists()


def requests_for(person: User) -> dict[str, Callable[[Client], Any]]:
    """How to send each request of the table, for this person."""
    today = person.profile.local_today()
    log = SessionLog.objects.filter(user=person).order_by("-date").first()
    # The morning check answers yesterday's session: there is one, waiting for its answer.
    SessionLog.objects.filter(pk=log.pk).update(date=today - timedelta(days=1), morning_pain=None)
    # A session started on the next training day after today, so /today/ reads as it was.
    day = (
        PlannedDay.objects.filter(user=person, date__gt=today, logs__isnull=True)
        .exclude(kind=DayKind.REST)
        .order_by("date")
        .first()
    )
    started = session_start(user=person, planned_day=day, pain_before=3)
    step, finish = f"/sessions/{started.pk}/do/1/", f"/sessions/{started.pk}/do/finish/"
    noted = SessionLog.objects.filter(user=person).order_by("-date")[:3]
    SessionLog.objects.filter(pk__in=[log.pk for log in noted]).update(note="Felt looser.")
    report = {"weeks": "all", "safety": "on", "note": [log.pk for log in noted]}
    manual = {
        "date": today.isoformat(),
        "kind": "mobility",
        "pain_before": "4",
        "pain_after": "3",
        "effort": "5",
        "note": "",
    }
    # A professional the person shares with, who opens the longest report and the sessions.
    professional = make_user(f"pro-of-{person.username}@example.com", consented=False)
    access, _ = grant_access(person, professional)
    care_note_write(access=access, note="Keep going.", now=timezone.now())
    SessionLog.objects.filter(pk__in=[log.pk for log in noted]).update(note_shared=True)
    pro = Client()
    pro.force_login(professional)
    return {
        "GET /today/": lambda client: client.get("/today/"),
        "GET /clients/<id>/": lambda client: pro.get(f"/clients/{access.pk}/", {"weeks": "all"}),
        "GET /clients/<id>/sessions/": lambda client: pro.get(f"/clients/{access.pk}/sessions/"),
        "GET /plan/": lambda client: client.get("/plan/"),
        "GET /progress/": lambda client: client.get("/progress/"),
        "GET /sessions/": lambda client: client.get("/sessions/"),
        "GET /library/": lambda client: client.get("/library/"),
        "GET /milestones/": lambda client: client.get("/milestones/"),
        # Everything a report can hold: the longest period, the safety answers, notes.
        "GET /progress/report/": lambda client: client.get("/progress/report/", report),
        "GET /progress/report/pdf/": lambda client: client.get("/progress/report/pdf/", report),
        "GET /sessions/new/": lambda client: client.get("/sessions/new/"),
        "GET /sessions/<id>/": lambda client: client.get(f"/sessions/{log.pk}/"),
        "POST /sessions/new/": lambda client: client.post("/sessions/new/", manual),
        "POST /sessions/<id>/morning/": lambda client: client.post(
            f"/sessions/{log.pk}/morning/", {"morning_pain": "2", "next": "/today/"}
        ),
        "GET /sessions/<id>/do/<n>/": lambda client: client.get(step),
        "POST /sessions/<id>/do/<n>/": lambda client: client.post(step, {"status": "done"}),
        "GET /sessions/<id>/do/finish/": lambda client: client.get(finish),
        "POST /sessions/<id>/do/<n>/ (how much it hurt)": lambda client: client.post(
            step, {"hurt_pain": "4"}
        ),
        "POST /sessions/<id>/do/finish/": lambda client: client.post(
            finish, {"pain_after": "3", "effort": "5", "note": ""}
        ),
    }


def test_the_table_covers_every_request_sent_here(person: User) -> None:
    assert set(requests_for(person)) == set(QUERY_BUDGETS)


@pytest.mark.parametrize("label", list(QUERY_BUDGETS))
def test_each_request_keeps_to_its_budget(
    person: User, label: str, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    client = Client()
    client.force_login(person)
    send = requests_for(person)[label]
    client.get("/today/")  # the plan reaches this week, as on any visit after the first
    with django_assert_max_num_queries(QUERY_BUDGETS[label]):
        response = send(client)
    if label in SAVED:
        assert response.status_code == HTTPStatus.FOUND, response
        assert SAVED[label] in page_text(client.get(response["Location"]))
    else:
        assert response.status_code == HTTPStatus.OK, response
