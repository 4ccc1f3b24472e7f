from __future__ import annotations

from datetime import date, datetime, time, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from routines.models import PlannedDay
from tests.conftest import page_text
from tests.tracking.conftest import todays_day
from tracking.models import ResultStatus, SessionLog
from tracking.services import session_start

pytestmark = pytest.mark.django_db

START = reverse("tracking:session_start")
NEW = reverse("tracking:session_new")


def finish_url(log: SessionLog) -> str:
    return reverse("tracking:session_finish", args=[log.pk])


def finish_data(**changes: object) -> dict[str, object]:
    return {"pain_after": "2", "effort": "5", "note": "Felt loose."} | changes


def test_start_asks_pain_now_and_opens_the_guided_session(
    client_logged_in: Client, onboarded_user: User
) -> None:
    page = client_logged_in.get(START)
    assert "How is your back right now? (0 = no pain, 10 = worst imaginable)" in page_text(page)
    response = client_logged_in.post(START, {"pain_before": "3"})
    log = SessionLog.objects.get(user=onboarded_user)
    assert response["Location"] == reverse("tracking:session_do", args=[log.pk])
    assert log.pain_before == 3
    assert log.planned_day == todays_day(onboarded_user)
    assert log.results.count() == todays_day(onboarded_user).exercises.count()


@pytest.mark.parametrize(
    ("pain", "message"),
    [
        ("", "Rate your pain from 0 (none) to 10 (worst imaginable)."),
        ("11", "Pain is rated from 0 to 10."),
        ("-1", "Pain is rated from 0 to 10."),
    ],
)
def test_start_refuses_pain_outside_0_to_10(
    client_logged_in: Client, onboarded_user: User, pain: str, message: str
) -> None:
    response = client_logged_in.post(START, {"pain_before": pain})
    assert response.status_code == HTTPStatus.OK
    assert message in page_text(response)
    assert not SessionLog.objects.exists()


def test_a_double_click_on_start_makes_one_log(
    client_logged_in: Client, onboarded_user: User
) -> None:
    client_logged_in.post(START, {"pain_before": "3"})
    again = client_logged_in.post(START, {"pain_before": "4"})
    log = SessionLog.objects.get(user=onboarded_user)
    assert again["Location"] == reverse("tracking:session_do", args=[log.pk])
    assert log.pain_before == 3


def test_the_database_refuses_two_logs_for_one_planned_day(started_log: SessionLog) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionLog.objects.create(
            user=started_log.user,
            planned_day=started_log.planned_day,
            date=started_log.date,
            kind=started_log.kind,
            pain_before=1,
        )


def test_finishing_stores_pain_effort_and_note_and_marks_the_day_done(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    plan = page_text(client_logged_in.get(reverse("routines:plan"))).split()
    assert plan.count("Done") == 0
    response = client_logged_in.post(finish_url(started_log), finish_data())
    assert response["Location"] == started_log.get_absolute_url()
    started_log.refresh_from_db()
    assert (started_log.pain_after, started_log.effort, started_log.note) == (2, 5, "Felt loose.")
    assert started_log.is_finished
    assert PlannedDay.objects.get(pk=started_log.planned_day_id).completed_at is not None
    plan = page_text(client_logged_in.get(reverse("routines:plan"))).split()
    assert plan.count("Done") == 1  # today's session, and nothing else this week


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pain_after": "11"}, "Pain is rated from 0 to 10."),
        ({"pain_after": ""}, "Rate your pain from 0"),
        ({"effort": "0"}, "Effort is rated from 1 to 10."),
        ({"effort": "11"}, "Effort is rated from 1 to 10."),
        ({"note": "x" * 2001}, "Keep the note under 2,000 characters"),
    ],
)
def test_bad_finish_input_gets_a_message_and_nothing_is_half_saved(
    client_logged_in: Client, started_log: SessionLog, changes: dict[str, str], message: str
) -> None:
    data = finish_data(**changes)
    response = client_logged_in.post(finish_url(started_log), data)
    assert response.status_code == HTTPStatus.OK
    assert message in page_text(response)
    started_log.refresh_from_db()
    assert not started_log.is_finished
    assert started_log.pain_after is None
    assert response.context["form"]["note"].value() == data["note"]


def test_another_users_session_cannot_be_finished_or_answered(
    client_logged_in: Client, onboarded_user: User, onboarded_other_user: User
) -> None:
    theirs = session_start(
        user=onboarded_other_user, planned_day=todays_day(onboarded_other_user), pain_before=1
    )
    result = theirs.results.first()
    finished = client_logged_in.post(finish_url(theirs), finish_data())
    assert finished.status_code == HTTPStatus.NOT_FOUND
    step = reverse("tracking:session_step", args=[theirs.pk, 1])
    answered = client_logged_in.post(step, {"status": "done"})
    assert answered.status_code == HTTPStatus.NOT_FOUND
    theirs.refresh_from_db()
    result.refresh_from_db()
    assert not theirs.is_finished
    assert result.status == ResultStatus.PENDING


def manual(today: date, **changes: object) -> dict[str, object]:
    """A by-hand log of two days before `today` (the person's), with these changes."""
    return {
        "date": (today - timedelta(days=2)).isoformat(),
        "kind": "mobility",
        "pain_before": "3",
        "pain_after": "2",
        "effort": "4",
        "note": "",
    } | changes


def test_an_unplanned_session_can_be_logged_up_to_14_days_back(
    client_logged_in: Client, onboarded_user: User
) -> None:
    day = onboarded_user.profile.local_today() - timedelta(days=14)
    response = client_logged_in.post(NEW, manual(day, date=day.isoformat()))
    log = SessionLog.objects.get(user=onboarded_user)
    assert response["Location"] == log.get_absolute_url()
    assert (log.date, log.pain_after, log.is_finished) == (day, 2, True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # Days from the person's today.
        ({"date": 1}, "That date is in the future: log a session once done."),
        ({"date": -15}, "Sessions can be logged up to 14 days back"),
        ({"date": "last week"}, "Enter a date like 2026-11-24."),
        ({"pain_before": "12"}, "Pain is rated from 0 to 10."),
        ({"effort": "20"}, "Effort is rated from 1 to 10."),
        ({"kind": "juggling"}, "Select a valid choice"),
        ({"note": "y" * 2001}, "Keep the note under 2,000 characters"),
    ],
)
def test_bad_manual_log_input_gets_a_message_and_saves_nothing(
    client_logged_in: Client, onboarded_user: User, changes: dict[str, str], message: str
) -> None:
    today = onboarded_user.profile.local_today()
    if isinstance(changes.get("date"), int):
        changes = changes | {"date": (today + timedelta(days=changes["date"])).isoformat()}
    response = client_logged_in.post(NEW, manual(today, **changes))
    assert response.status_code == HTTPStatus.OK
    assert message in page_text(response)
    assert not SessionLog.objects.exists()


def test_logging_today_by_hand_completes_todays_planned_day(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = onboarded_user.profile.local_today()
    client_logged_in.post(NEW, manual(today, date=today.isoformat()))
    assert todays_day(onboarded_user).completed_at is not None
    log = SessionLog.objects.get()
    assert log.planned_day == todays_day(onboarded_user)


def test_history_lists_sessions_newest_first_and_paginates(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = onboarded_user.profile.local_today()
    SessionLog.objects.bulk_create(
        SessionLog(
            user=onboarded_user,
            date=today - timedelta(days=offset),
            kind="mobility",
            pain_before=offset % 11,
        )
        for offset in range(25)
    )

    def row(offset: int) -> str:
        day = today - timedelta(days=offset)
        return f"Mobility {day:%A} {day.day} {day:%B} {day.year} Pain {offset % 11} · not finished"

    first = page_text(client_logged_in.get(reverse("tracking:sessions")))
    places = [first.find(row(offset)) for offset in range(20)]
    assert -1 not in places and places == sorted(places)  # all twenty, newest first
    assert row(20) not in first
    assert "Page 1 of 2 Older" in first
    second = page_text(client_logged_in.get(reverse("tracking:sessions"), {"page": 2}))
    assert [row(offset) in second for offset in range(25)] == [False] * 20 + [True] * 5
    # A page past the end shows the last; a page that is not a number, the first.
    past = page_text(client_logged_in.get(reverse("tracking:sessions"), {"page": 99}))
    assert row(24) in past and "Page 2 of 2" in past
    unread = page_text(client_logged_in.get(reverse("tracking:sessions"), {"page": "soon"}))
    assert row(0) in unread and "Page 1 of 2" in unread


def test_a_session_can_be_edited_with_checks(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    url = started_log.get_absolute_url()
    refused = client_logged_in.post(url, {"pain_before": "3", "morning_pain": "15"})
    assert "Pain is rated from 0 to 10." in page_text(refused)
    client_logged_in.post(url, {"pain_before": "4", "morning_pain": "1", "note": "Better."})
    started_log.refresh_from_db()
    assert (started_log.pain_before, started_log.morning_pain, started_log.note) == (
        4,
        1,
        "Better.",
    )


def test_deleting_a_session_asks_first_then_frees_the_day(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    url = reverse("tracking:session_delete", args=[started_log.pk])
    assert "Delete this session?" in page_text(client_logged_in.get(url))
    assert SessionLog.objects.exists()
    client_logged_in.post(url)
    assert not SessionLog.objects.exists()
    assert todays_day(started_log.user).completed_at is None


def test_the_next_morning_the_first_page_asks_about_the_back(
    client_logged_in: Client, started_log: SessionLog, time_machine: time_machine.TimeMachineFixture
) -> None:
    today_page = reverse("tracking:today")
    question = "How is your back this morning? After yesterday's"
    client_logged_in.post(finish_url(started_log), finish_data())
    assert question not in page_text(client_logged_in.get(today_page))
    zone = ZoneInfo(started_log.user.profile.time_zone)
    morning = datetime.combine(started_log.date + timedelta(days=1), time(7, 30), tzinfo=zone)
    time_machine.move_to(morning, tick=True)
    asked = f"{question} {started_log.get_kind_display().lower()} session."
    # Pages that read the recent logs themselves ask from those, the others ask the database.
    for page in ("routines:library", "tracking:today", "tracking:progress", "routines:plan"):
        assert asked in page_text(client_logged_in.get(reverse(page))), page
    response = client_logged_in.post(
        reverse("tracking:morning_check", args=[started_log.pk]),
        {"morning_pain": "3"},
        headers={"HX-Request": "true"},
    )
    assert response.text.lstrip().startswith('<section class="morning-check')
    assert "Thanks. 3/10 this morning is saved" in page_text(response)
    assert question not in page_text(client_logged_in.get(today_page))
    started_log.refresh_from_db()
    assert started_log.morning_pain == 3


def test_a_morning_rating_out_of_range_is_refused(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    response = client_logged_in.post(
        reverse("tracking:morning_check", args=[started_log.pk]),
        {"morning_pain": "42"},
        headers={"HX-Request": "true"},
    )
    assert "Pain is rated from 0 to 10." in page_text(response)
    started_log.refresh_from_db()
    assert started_log.morning_pain is None


def test_the_log_form_starts_on_today_in_the_form_a_date_input_shows(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = onboarded_user.profile.local_today()
    html = client_logged_in.get(NEW).text
    date_input = next(tag for tag in html.split("<input")[1:] if 'name="date"' in tag)
    # type="date" shows nothing for a value that is not YYYY-MM-DD.
    assert f'value="{today.isoformat()}"' in date_input


def test_today_continues_a_started_session_instead_of_starting_another(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = reverse("tracking:today")
    html = client_logged_in.get(today).text
    assert f'href="{reverse("tracking:session_start")}">Start session</a>' in html
    log = session_start(user=onboarded_user, planned_day=todays_day(onboarded_user), pain_before=2)
    html = client_logged_in.get(today).text
    assert f'href="{reverse("tracking:session_do", args=[log.pk])}">Continue session</a>' in html
    assert ">Start session</a>" not in html
