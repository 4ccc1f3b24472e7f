"""Red flags by urgency (issue 15; routines.safety): every flag at onboarding and later."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from routines.models import Profile, ProgramBlock, Reminder
from routines.reminders import reminders_schedule, send_reminder
from routines.safety import EMERGENCY, RED_FLAG_KEYS, RED_FLAGS, SIGNS
from routines.services import RESTART_REASON
from tests.conftest import page_text
from tests.routines.test_reminders import at_local, person

pytestmark = pytest.mark.django_db

SAFETY = reverse("routines:onboarding_safety")
CLEARANCE = reverse("routines:onboarding_clearance")
EMERGENCY_HEADLINE = "Get emergency care today"
CLINICIAN_HEADLINE = "Please see a clinician before you start"
LEVELS = [pytest.param(key, level, id=key) for key, _, level in RED_FLAGS]


def answers(flag: str) -> dict[str, str]:
    return dict.fromkeys(RED_FLAG_KEYS, "no") | {flag: "yes"}


@pytest.mark.parametrize(("flag", "level"), LEVELS)
def test_every_red_flag_at_onboarding_gets_the_page_of_its_level(
    client_logged_in: Client, flag: str, level: str
) -> None:
    response = client_logged_in.post(SAFETY, answers(flag), follow=True)
    assert response.redirect_chain[-1][0] == CLEARANCE
    text = page_text(response)
    if level == EMERGENCY:
        assert EMERGENCY_HEADLINE in text
        assert "Call your local emergency number, or go to an emergency department, today." in (
            text
        )
        assert CLINICIAN_HEADLINE not in text
        # Advice, never one country's number.
        assert not re.search(r"\b(911|999|112|000|111)\b", text)
    else:
        assert CLINICIAN_HEADLINE in text
        assert EMERGENCY_HEADLINE not in text
    # What to tell whoever assesses them, in their own words.
    assert SIGNS[flag] in text
    for page in ("routines:onboarding_profile", "routines:plan"):
        assert client_logged_in.get(reverse(page), follow=True).redirect_chain[-1][0] == (CLEARANCE)


@pytest.mark.parametrize(("flag", "level"), LEVELS)
def test_every_red_flag_reported_later_pauses_the_plan_reminders_and_calendar(
    client: Client,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
    flag: str,
    level: str,
) -> None:
    profile = person(f"{flag}@example.com", "UTC")
    client.force_login(profile.user)
    feed = reverse("routines:calendar", args=[profile.calendar_token])
    sessions = Calendar.from_ical(client.get(feed).content).walk("VEVENT")
    assert len(sessions) > 1
    client.post(SAFETY, answers(flag))
    today = client.get(reverse("tracking:today"), follow=True)
    assert today.redirect_chain[-1][0] == CLEARANCE
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_schedule(now=at_local("UTC", 0, 7, 35)) == 0
    assert mail.outbox == []
    [paused] = Calendar.from_ical(client.get(feed).content).walk("VEVENT")
    assert str(paused["summary"]) == "Hipflex: plan paused, open the app"
    assert paused.decoded("dtstart") == profile.local_today()
    # Nothing health-related leaves the app: calendars are often shared.
    feed_text = client.get(feed).content.decode().lower()
    health_words = ("session", "pain", "symptom", "flag", "clinician", "emergency", "numb")
    for word in (*health_words, "bladder", "weak", "fever", "cancer", "fall", "night"):
        assert word not in feed_text, word


def test_a_reminder_claimed_before_a_red_flag_is_never_sent(client: Client) -> None:
    profile = person("claimed@example.com", "UTC")
    reminder = Reminder.objects.create(user=profile.user, date=profile.local_today())
    client.force_login(profile.user)
    client.post(SAFETY, answers("night_pain"))
    send_reminder.call(reminder.pk)
    assert mail.outbox == []


def post_clearance(client: Client, **fields: str) -> str:
    return page_text(client.post(CLEARANCE, fields, follow=True))


def test_an_emergency_sign_is_never_cleared_by_a_tick_alone(
    client_logged_in: Client, onboarded_user: User
) -> None:
    client_logged_in.post(SAFETY, answers("bladder_bowel"))
    today = onboarded_user.profile.local_today().isoformat()
    text = post_clearance(client_logged_in, cleared="on", assessed_on=today)
    assert "Say who assessed you in person, so you can find it again." in text
    assert Profile.objects.get(user=onboarded_user).needs_clearance


@pytest.mark.parametrize("flag", ["leg_weakness", "trauma"])
@pytest.mark.parametrize(
    ("days", "message"),
    [
        (1, "That date is in the future: come back after it."),
        (-1, "That is before you told Hipflex about these signs"),
    ],
)
def test_an_assessment_dated_in_the_future_or_before_the_signs_is_refused(
    client_logged_in: Client, onboarded_user: User, flag: str, days: int, message: str
) -> None:
    client_logged_in.post(SAFETY, answers(flag))
    assessed = onboarded_user.profile.local_today() + timedelta(days=days)
    text = post_clearance(
        client_logged_in, cleared="on", assessed_on=assessed.isoformat(), assessed_by="My GP"
    )
    assert message in text
    profile = Profile.objects.get(user=onboarded_user)
    assert (profile.needs_clearance, profile.assessed_on) == (True, None)


def test_after_an_emergency_assessment_the_plan_restarts_at_its_lowest_step_eased(
    client_logged_in: Client, onboarded_user: User
) -> None:
    ProgramBlock.objects.filter(user=onboarded_user).update(step=2)
    client_logged_in.post(SAFETY, answers("saddle_numbness"))
    today = onboarded_user.profile.local_today()
    response = client_logged_in.post(
        CLEARANCE,
        {
            "assessed_on": today.isoformat(),
            "assessed_by": "Emergency department, St Mary's",
            "cleared": "on",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("tracking:today")
    profile = Profile.objects.get(user=onboarded_user)
    assert (profile.assessed_on, profile.assessed_by) == (today, "Emergency department, St Mary's")
    block = ProgramBlock.objects.get(user=onboarded_user, starts_on__lte=today, number=1)
    assert (block.step, block.eased) == (0, True)
    assert RESTART_REASON in page_text(client_logged_in.get(reverse("routines:plan")))


def test_after_a_see_a_clinician_assessment_the_plan_goes_on_where_it_was(
    client_logged_in: Client, onboarded_user: User
) -> None:
    ProgramBlock.objects.filter(user=onboarded_user).update(step=1)
    client_logged_in.post(SAFETY, answers("night_pain"))
    today = onboarded_user.profile.local_today().isoformat()
    post_clearance(client_logged_in, cleared="on", assessed_on=today)
    assert ProgramBlock.objects.get(user=onboarded_user, number=1).step == 1
    assert not Profile.objects.get(user=onboarded_user).needs_clearance
