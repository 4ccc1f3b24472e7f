"""Every page is drawn from the database as it is now: no write, however it is made, leaves a
page behind it."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from routines.models import Exercise, PlannedDay, Status
from tests.conftest import page_text

pytestmark = pytest.mark.django_db
TODAY = reverse("tracking:today")


def test_a_change_written_without_save_shows_on_the_very_next_visit(
    client_logged_in: Client, onboarded_user: User
) -> None:
    day = PlannedDay.objects.get(user=onboarded_user, date=onboarded_user.profile.local_today())
    planned = day.exercises.select_related("exercise").first()
    before = planned.exercise
    assert before.name in page_text(client_logged_in.get(TODAY))
    other = Exercise.objects.published().exclude(pk__in=day.exercises.values("exercise")).first()
    # A bulk write: no save(), no signal.
    day.exercises.filter(pk=planned.pk).update(exercise=other)
    text = page_text(client_logged_in.get(TODAY))
    assert other.name in text
    assert before.name not in text


def test_an_account_switched_off_in_the_database_is_signed_out_at_once(
    client_logged_in: Client, onboarded_user: User
) -> None:
    assert client_logged_in.get(TODAY).status_code == HTTPStatus.OK
    User.objects.filter(pk=onboarded_user.pk).update(is_active=False)
    response = client_logged_in.get(TODAY)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_a_bulk_unpublish_leaves_the_library_at_once(client: Client) -> None:
    library = reverse("routines:library")
    assert "Dead bug" in page_text(client.get(library))
    Exercise.objects.filter(slug="dead-bug").update(status=Status.DRAFT)
    assert "Dead bug" not in page_text(client.get(library))
