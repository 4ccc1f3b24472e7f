from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from routines.models import PlannedDay, Profile
from tests.conftest import onboard, page_text

pytestmark = pytest.mark.django_db

SYDNEY = ZoneInfo("Australia/Sydney")


def feed_url(profile: Profile) -> str:
    return reverse("routines:calendar", args=[profile.calendar_token])


def test_the_feed_lists_the_next_four_weeks_of_training_days_in_the_users_zone(
    client: Client, user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    # Mid-afternoon in UTC it is already the next day in Sydney: the feed must follow Sydney.
    utc_today = timezone.now().astimezone(UTC).date()
    time_machine.move_to(datetime.combine(utc_today, time(15), tzinfo=UTC), tick=False)
    today = timezone.now().astimezone(SYDNEY).date()
    assert today == utc_today + timedelta(days=1)
    weekdays = sorted((today.weekday() + offset) % 7 for offset in (0, 2, 4))
    profile = onboard(user, days=weekdays, time_zone="Australia/Sydney")

    response = client.get(feed_url(profile))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    starts = [event.decoded("dtstart") for event in events]
    # Today in Sydney up to the same weekday four weeks on, both ends included.
    expected = [
        today + timedelta(days=offset)
        for offset in range(4 * 7 + 1)
        if (today + timedelta(days=offset)).weekday() in weekdays
    ]
    assert sorted(start.date() for start in starts) == expected
    assert all(str(start.tzinfo) == "Australia/Sydney" for start in starts)
    assert all((start.hour, start.minute) == (8, 0) for start in starts)
    kinds = dict(
        PlannedDay.objects.filter(user=user, date__in=expected).values_list("date", "kind")
    )
    for event, start in zip(events, starts, strict=True):
        assert event["summary"] == f"Hipflex: {kinds[start.date()]} session"
        assert event["description"].endswith("Today's session: http://testserver/today/")
    assert list(calendar.walk("VTIMEZONE"))


def test_renewing_the_address_revokes_the_old_one(
    client_logged_in: Client, onboarded_user: User
) -> None:
    profile = Profile.objects.get(user=onboarded_user)
    old = feed_url(profile)
    settings_page = client_logged_in.get(reverse("routines:settings"))
    assert f'value="http://testserver{old}"' in settings_page.text

    response = client_logged_in.post(reverse("routines:calendar_renew"), follow=True)

    assert "New calendar address made. The old one no longer works." in page_text(response)
    profile.refresh_from_db()
    new = feed_url(profile)
    assert new != old
    assert f'value="http://testserver{new}"' in response.text
    assert old not in response.text
    assert Client().get(old).status_code == HTTPStatus.NOT_FOUND
    assert Client().get(new).status_code == HTTPStatus.OK


def test_an_unknown_token_is_not_found(client: Client) -> None:
    url = reverse("routines:calendar", args=["not-a-real-token"])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_settings_offer_to_subscribe_and_to_copy_the_address(
    client_logged_in: Client, onboarded_user: User
) -> None:
    profile = Profile.objects.get(user=onboarded_user)
    page = client_logged_in.get(reverse("routines:settings")).text
    assert f'href="webcal://testserver{feed_url(profile)}"' in page
    assert 'data-copy="calendar-url"' in page
    assert "Subscribe in my calendar app" in page
