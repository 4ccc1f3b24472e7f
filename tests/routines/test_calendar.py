from __future__ import annotations

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from routines.models import PlannedDay, Profile
from tests.conftest import onboard

pytestmark = pytest.mark.django_db


def feed_url(profile: Profile) -> str:
    return reverse("routines:calendar", args=[profile.calendar_token])


def test_the_feed_lists_the_next_four_weeks_of_training_days_in_the_users_zone(
    client: Client, user: User
) -> None:
    profile = onboard(user, time_zone="Australia/Sydney")
    response = client.get(feed_url(profile))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    today = profile.local_today()
    expected = PlannedDay.objects.filter(
        user=user, date__range=(today, today + timedelta(weeks=4))
    ).exclude(kind="rest")
    assert len(events) == expected.count() > 8
    first = events[0]
    start = first.decoded("dtstart")
    assert str(start.tzinfo) == "Australia/Sydney"
    assert (start.hour, start.minute) == (8, 0)
    assert first["summary"].startswith("Hipflex: ")
    assert "/today/" in first["description"]
    assert list(calendar.walk("VTIMEZONE"))


def test_renewing_the_address_revokes_the_old_one(
    client_logged_in: Client, onboarded_user: User
) -> None:
    profile = Profile.objects.get(user=onboarded_user)
    old = feed_url(profile)
    settings_page = client_logged_in.get(reverse("routines:settings"))
    assert old in settings_page.text
    client_logged_in.post(reverse("routines:calendar_renew"))
    profile.refresh_from_db()
    assert Client().get(old).status_code == HTTPStatus.NOT_FOUND
    assert Client().get(feed_url(profile)).status_code == HTTPStatus.OK


def test_an_unknown_token_is_not_found(client: Client) -> None:
    url = reverse("routines:calendar", args=["not-a-real-token"])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
