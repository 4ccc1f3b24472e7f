from __future__ import annotations

from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.models import DayKind, Exercise, PlannedDay, PlannedExercise, Profile, ProgramBlock
from routines.services import monday_of, program_extend
from tests.conftest import onboard, page_text, rendered_queries

pytestmark = pytest.mark.django_db

PLAN = reverse("routines:plan")
TODAY = reverse("routines:today")


def todays_session(user: User) -> PlannedDay:
    return PlannedDay.objects.get(user=user, date=user.profile.local_today())


def swap_url(planned: PlannedExercise) -> str:
    return reverse("routines:swap", args=[planned.pk])


@pytest.mark.parametrize("url", [PLAN, TODAY, reverse("routines:settings")])
def test_app_pages_send_anonymous_visitors_to_log_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_the_plan_shows_seven_days_with_kind_and_status(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.get(PLAN)
    assert response.status_code == HTTPStatus.OK
    rows = response.context["rows"]
    assert len(rows) == 7
    today = onboarded_user.profile.local_today()
    statuses = {row["date"]: row["status"] for row in rows}
    assert statuses[today] == "today"
    assert "Block 1 · Mobility focus" in response.text
    assert set(statuses.values()) <= {"before", "today", "upcoming", "rest"}


def test_next_and_previous_weeks_are_reachable(
    client_logged_in: Client, onboarded_user: User
) -> None:
    monday = monday_of(onboarded_user.profile.local_today())
    response = client_logged_in.get(PLAN, {"week": (monday + timedelta(weeks=1)).isoformat()})
    assert response.context["monday"] == monday + timedelta(weeks=1)
    assert all(row["status"] in {"upcoming", "rest"} for row in response.context["rows"])
    earlier = client_logged_in.get(PLAN, {"week": (monday - timedelta(weeks=1)).isoformat()})
    assert all(row["status"] == "before" for row in earlier.context["rows"])


def test_a_far_week_extends_the_program_with_a_progressed_block(
    client_logged_in: Client, onboarded_user: User
) -> None:
    monday = monday_of(onboarded_user.profile.local_today())
    response = client_logged_in.get(PLAN, {"week": (monday + timedelta(weeks=5)).isoformat()})
    assert "Block 2 · Stability focus" in response.text
    block = ProgramBlock.objects.get(user=onboarded_user, number=2)
    assert block.step == 1
    assert block.starts_on == monday + timedelta(weeks=4)


def test_an_unreadable_week_falls_back_to_this_week(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.get(PLAN, {"week": "next tuesday"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["is_this_week"]
    assert "could not be read" in response.text


def test_an_htmx_week_change_gets_only_the_week_fragment(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.get(PLAN, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<section id="week"')
    assert "<html" not in response.text


def test_day_statuses_follow_the_date_and_completion() -> None:
    today = datetime(2026, 11, 26).date()
    day = PlannedDay(date=today, kind=DayKind.MOBILITY)
    assert day.status(today) == "today"
    assert day.status(today - timedelta(days=1)) == "upcoming"
    assert day.status(today + timedelta(days=1)) == "missed"
    day.completed_at = timezone.now()
    assert day.status(today + timedelta(days=1)) == "done"
    assert PlannedDay(date=today, kind=DayKind.REST).status(today) == "rest"


def test_today_lists_warm_up_main_and_cool_down_with_dosage(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.get(TODAY)
    assert response.status_code == HTTPStatus.OK
    labels = [label for label, _ in response.context["parts"]]
    assert labels == ["Warm-up", "Main", "Cool-down"]
    text = page_text(response)
    for planned in todays_session(onboarded_user).exercises.select_related("exercise"):
        assert planned.exercise.name in text
        assert planned.dosage_text() in text
        assert planned.exercise.cue_list()[0] in text


def test_a_rest_day_shows_rest_guidance(client_logged_in: Client, user: User) -> None:
    today = timezone.localdate().weekday()
    onboard(user, days=sorted({(today + offset) % 7 for offset in (1, 3, 5)}))
    response = client_logged_in.get(TODAY)
    assert "Today is a rest day" in response.text
    assert "Next session:" in response.text


def test_today_is_the_users_own_date_in_their_time_zone(user: User) -> None:
    onboard(user, time_zone="Pacific/Kiritimati")
    profile = Profile.objects.get(user=user)
    late_evening_utc = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=late_evening_utc):
        assert str(profile.local_today()) == "2026-11-27"
        profile.time_zone = "Pacific/Pago_Pago"
        assert str(profile.local_today()) == "2026-11-26"


def test_swap_replaces_an_exercise_with_another_of_its_kind_and_keeps_it(
    client_logged_in: Client, onboarded_user: User
) -> None:
    planned = todays_session(onboarded_user).exercises.filter(part="main").first()
    before = planned.exercise
    response = client_logged_in.post(swap_url(planned))
    assert response.status_code == HTTPStatus.FOUND
    planned.refresh_from_db()
    assert planned.exercise != before
    assert planned.exercise.kind == before.kind
    assert planned.swapped
    page = client_logged_in.get(TODAY)
    assert planned.exercise.name in page.text
    assert "Swapped in for today." in page.text


def test_swap_only_offers_exercises_the_user_has_equipment_for(
    client_logged_in: Client, onboarded_user: User
) -> None:
    session = todays_session(onboarded_user)
    for planned in session.exercises.all():
        for _ in range(4):
            client_logged_in.post(swap_url(planned))
            planned.refresh_from_db()
            assert not planned.exercise.equipment.exists()
    names = list(session.exercises.values_list("exercise_id", flat=True))
    assert len(names) == len(set(names))


def test_an_htmx_swap_returns_only_the_swapped_exercise(
    client_logged_in: Client, onboarded_user: User
) -> None:
    planned = todays_session(onboarded_user).exercises.filter(part="main").first()
    response = client_logged_in.post(swap_url(planned), headers={"HX-Request": "true"})
    assert response.status_code == HTTPStatus.OK
    assert response.text.lstrip().startswith(f'<li class="planned card" id="planned-{planned.pk}"')
    assert "<html" not in response.text


def test_another_users_planned_exercise_cannot_be_swapped(
    client_logged_in: Client, onboarded_user: User, onboarded_other_user: User
) -> None:
    theirs = todays_session(onboarded_other_user).exercises.first()
    before = theirs.exercise_id
    response = client_logged_in.post(swap_url(theirs))
    assert response.status_code == HTTPStatus.NOT_FOUND
    theirs.refresh_from_db()
    assert theirs.exercise_id == before
    assert not theirs.swapped


def test_swap_needs_a_post(client_logged_in: Client, onboarded_user: User) -> None:
    planned = todays_session(onboarded_user).exercises.first()
    assert client_logged_in.get(swap_url(planned)).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_a_past_session_cannot_be_swapped(client_logged_in: Client, onboarded_user: User) -> None:
    planned = todays_session(onboarded_user).exercises.first()
    PlannedDay.objects.filter(pk=planned.day_id).update(date=planned.day.date - timedelta(days=7))
    client_logged_in.post(swap_url(planned))
    planned.refresh_from_db()
    assert not planned.swapped


def test_a_planned_day_keeps_its_dosage_when_the_library_changes(onboarded_user: User) -> None:
    planned = todays_session(onboarded_user).exercises.select_related("exercise").first()
    sets, amount = planned.sets, planned.amount
    Exercise.objects.filter(pk=planned.exercise_id).update(dose_sets=6, dose_amount=99)
    planned.refresh_from_db()
    assert (planned.sets, planned.amount) == (sets, amount)


def test_changing_training_days_in_settings_offers_a_rebuild(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.post(
        reverse("routines:settings"),
        {
            "training_days": ["1", "3", "5", "6"],
            "session_minutes": "15",
            "experience": "some",
            "usual_pain": "3",
            "time_zone": "UTC",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("routines:rebuild")
    assert "Rebuild the weeks to come?" in response.text
    assert Profile.objects.get(user=onboarded_user).training_days == [1, 3, 5, 6]


def test_settings_bad_input_is_refused_beside_the_field(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.post(
        reverse("routines:settings"),
        {
            "training_days": [str(day) for day in range(7)],
            "session_minutes": "25",
            "experience": "some",
            "usual_pain": "12",
            "time_zone": "UTC",
        },
    )
    assert "Keep at least one rest day" in response.text
    assert "Pain is rated from 0 to 10." in response.text
    assert len(Profile.objects.get(user=onboarded_user).training_days) == 3


def test_rebuild_replaces_upcoming_days_and_keeps_today_and_the_past(
    client_logged_in: Client, onboarded_user: User
) -> None:
    profile = onboarded_user.profile
    today = profile.local_today()
    kept = {
        day.pk: day.kind for day in PlannedDay.objects.filter(user=onboarded_user, date__lte=today)
    }
    new_days = sorted({(today.weekday() + offset) % 7 for offset in (1, 2, 3, 4)})
    profile.training_days = new_days
    profile.save()
    response = client_logged_in.post(reverse("routines:rebuild"), follow=True)
    assert "Rebuilt" in response.text
    upcoming = PlannedDay.objects.filter(user=onboarded_user, date__gt=today)
    assert {day.date.weekday() for day in upcoming if day.is_training} == set(new_days)
    assert {
        day.pk: day.kind for day in PlannedDay.objects.filter(user=onboarded_user, date__lte=today)
    } == kept


@pytest.mark.parametrize("url", [PLAN, TODAY])
def test_plan_pages_run_the_same_queries_for_a_short_or_long_program(
    client_logged_in: Client, onboarded_user: User, url: str
) -> None:
    client_logged_in.get(url)  # warm: the first visit may extend the program
    short = rendered_queries(client_logged_in, url)
    program_extend(user=onboarded_user, until=timezone.localdate() + timedelta(weeks=52))
    long = rendered_queries(client_logged_in, url)
    assert short == long
