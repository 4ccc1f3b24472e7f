from __future__ import annotations

import io
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, time, timedelta
from http import HTTPStatus
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.models import PlannedDay, Profile, Reminder
from routines.reminders import reminders_schedule, unsubscribe_token
from tests.conftest import make_user, onboard, page_text

pytestmark = pytest.mark.django_db

type Schedule = Callable[[datetime], int]


@pytest.fixture
def schedule(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Schedule:
    """reminders_schedule, with the on-commit enqueue run as a real commit would."""

    def run(now: datetime) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_schedule(now=now)

    return run


def at_local(zone: str, day_offset: int, hour: int, minute: int = 0) -> datetime:
    """An aware 'now': `hour:minute` local time in `zone`, `day_offset` days from today there."""
    local_today = datetime.now(ZoneInfo(zone)).date() + timedelta(days=day_offset)
    return datetime.combine(local_today, time(hour, minute), tzinfo=ZoneInfo(zone))


def person(email: str, zone: str, *, training_today: bool = True) -> Profile:
    user = make_user(email)
    weekday = datetime.now(ZoneInfo(zone)).date().weekday()
    offsets = (0, 2, 4) if training_today else (1, 3, 5)
    onboard(user, days=sorted({(weekday + o) % 7 for o in offsets}), time_zone=zone)
    profile = Profile.objects.get(user=user)
    profile.reminders_enabled = True
    profile.reminder_time = time(7, 30)
    profile.save()
    return profile


def test_each_person_gets_their_reminder_at_their_own_local_time(schedule: Schedule) -> None:
    west = person("west@example.com", "America/Los_Angeles")
    east = person("east@example.com", "Australia/Brisbane")
    assert schedule(at_local("America/Los_Angeles", 0, 7, 0)) == 0
    assert schedule(at_local("America/Los_Angeles", 0, 7, 35)) == 1
    assert [message.to for message in mail.outbox] == [[west.user.email]]
    assert schedule(at_local("Australia/Brisbane", 0, 7, 40)) == 1
    assert mail.outbox[-1].to == [east.user.email]


def test_running_the_scheduler_twice_never_sends_two_reminders_a_day(schedule: Schedule) -> None:
    profile = person("twice@example.com", "Europe/Berlin")
    now = at_local("Europe/Berlin", 0, 8)
    schedule(now)
    schedule(now + timedelta(minutes=5))
    assert Reminder.objects.filter(user=profile.user).count() == 1
    assert len(mail.outbox) == 1


def test_the_send_reminders_command_queues_due_reminders(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    profile = person("command@example.com", "UTC")
    time_machine.move_to(at_local("UTC", 0, 8), tick=False)
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=output)
    assert "Queued 1 reminder(s)." in output.getvalue()
    assert [message.to for message in mail.outbox] == [[profile.user.email]]


def test_no_reminder_on_a_rest_day_or_after_the_session_is_done(schedule: Schedule) -> None:
    resting = person("resting@example.com", "UTC", training_today=False)
    done = person("done@example.com", "UTC")
    training = person("training@example.com", "UTC")
    PlannedDay.objects.filter(user=done.user, date=done.local_today()).update(
        completed_at=datetime.now(UTC)
    )
    assert schedule(at_local("UTC", 0, 9)) == 1
    assert [message.to for message in mail.outbox] == [[training.user.email]]
    assert not Reminder.objects.filter(user__in=[resting.user, done.user]).exists()


def test_a_late_scheduler_skips_rather_than_mailing_at_night(schedule: Schedule) -> None:
    person("late@example.com", "UTC")
    assert schedule(at_local("UTC", 0, 22)) == 0
    assert mail.outbox == []
    # Within three hours of the reminder time (07:30) it would still have gone out.
    assert schedule(at_local("UTC", 0, 10, 29)) == 1


def test_the_reminder_email_has_the_session_a_link_and_one_click_unsubscribe(
    schedule: Schedule, time_machine: time_machine.TimeMachineFixture
) -> None:
    profile = person("mail@example.com", "UTC")
    time_machine.move_to(at_local("UTC", 0, 8), tick=False)
    schedule(timezone.now())
    [message] = mail.outbox
    day = PlannedDay.objects.get(user=profile.user, date=profile.local_today())
    assert message.subject == f"Hipflex: today's {day.get_kind_display().lower()} session"
    main = list(day.exercises.filter(part="main").select_related("exercise"))
    assert main
    for item in main:
        assert f"- {item.exercise.name}: {item.dosage_text()}\n" in message.body
    site = django_settings.SITE_URL.rstrip("/")
    assert f"Open today's session: {site}{reverse('tracking:today')}\n" in message.body
    unsubscribe = reverse("routines:unsubscribe", args=[unsubscribe_token(profile.user)])
    assert f"{site}{unsubscribe}" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{site}{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Reminder.objects.get(user=profile.user).sent_at == timezone.now()


def test_unsubscribing_with_the_link_needs_no_login_and_stops_reminders(
    client: Client, schedule: Schedule
) -> None:
    profile = person("leave@example.com", "UTC")
    url = reverse("routines:unsubscribe", args=[unsubscribe_token(profile.user)])
    page = client.get(url)
    assert "Stop reminder emails?" in page_text(page)
    profile.refresh_from_db()
    assert profile.reminders_enabled, "opening the link (as a mail scanner would) changes nothing"
    response = client.post(url)
    assert response.status_code == HTTPStatus.OK
    assert "No more reminder emails" in page_text(response)
    profile.refresh_from_db()
    assert not profile.reminders_enabled
    assert schedule(at_local("UTC", 0, 8)) == 0


def test_mail_clients_can_unsubscribe_with_a_one_click_post() -> None:
    profile = person("oneclick@example.com", "UTC")
    client = Client(enforce_csrf_checks=True)
    url = reverse("routines:unsubscribe", args=[unsubscribe_token(profile.user)])
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == HTTPStatus.OK
    profile.refresh_from_db()
    assert not profile.reminders_enabled


def test_a_forged_unsubscribe_token_is_not_found(client: Client) -> None:
    profile = person("forged@example.com", "UTC")
    url = reverse("routines:unsubscribe", args=[f"{profile.user_id}:forged"])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    profile.refresh_from_db()
    assert profile.reminders_enabled


def test_reminders_are_turned_on_in_settings_with_a_local_time(
    client_logged_in: Client, onboarded_user: User
) -> None:
    url = reverse("routines:reminder_settings")
    refused = client_logged_in.post(url, {"reminders_enabled": "on", "reminder_time": "25:61"})
    assert "Enter a time like 07:30." in page_text(refused)
    assert not Profile.objects.get(user=onboarded_user).reminders_enabled
    response = client_logged_in.post(
        url, {"reminders_enabled": "on", "reminder_time": "06:45"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("routines:settings")
    assert "Reminders on: training days at 06:45." in page_text(response)
    profile = Profile.objects.get(user=onboarded_user)
    assert (profile.reminders_enabled, profile.reminder_time) == (True, time(6, 45))


# The worker closes its database connection after each task, as a long-running process should;
# that needs real transactions rather than the test's wrapping one.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("starting_library")
def test_the_database_worker_sends_queued_reminders(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    person("worker@example.com", "UTC")
    assert reminders_schedule(now=at_local("UTC", 0, 8)) == 1
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().sent_at is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("starting_library")
def test_two_concurrent_schedulers_claim_each_reminder_once() -> None:
    for number in range(5):
        person(f"race{number}@example.com", "UTC")
    now = at_local("UTC", 0, 8)
    barrier = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            counts.append(reminders_schedule(now=now))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(counts) == 5
    assert Reminder.objects.count() == 5
    assert len(mail.outbox) == 5
