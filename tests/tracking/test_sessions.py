from __future__ import annotations

from datetime import timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.models import PlannedDay
from tests.tracking.conftest import todays_day
from tracking.models import ExerciseResult, ResultStatus, SessionLog

pytestmark = pytest.mark.django_db

START = reverse("tracking:session_start")
NEW = reverse("tracking:session_new")


def finish_url(log: SessionLog) -> str:
    return reverse("tracking:session_finish", args=[log.pk])


def answer_url(result: ExerciseResult) -> str:
    return reverse("tracking:result_answer", args=[result.log_id, result.pk])


def finish_data(**changes: object) -> dict[str, object]:
    return {"pain_after": "2", "effort": "5", "note": "Felt loose."} | changes


def test_start_asks_pain_now_and_opens_the_guided_session(
    client_logged_in: Client, onboarded_user: User
) -> None:
    page = client_logged_in.get(START)
    assert "How is your back right now?" in page.text
    response = client_logged_in.post(START, {"pain_before": "3"})
    log = SessionLog.objects.get(user=onboarded_user)
    assert response["Location"] == reverse("tracking:session_do", args=[log.pk])
    assert log.pain_before == 3
    assert log.planned_day == todays_day(onboarded_user)
    assert log.results.count() == todays_day(onboarded_user).exercises.count()


@pytest.mark.parametrize(
    ("pain", "message"),
    [("", "Rate your pain from 0"), ("11", "Pain is rated from 0 to 10."), ("-1", "0 to 10")],
)
def test_start_refuses_pain_outside_0_to_10(
    client_logged_in: Client, onboarded_user: User, pain: str, message: str
) -> None:
    response = client_logged_in.post(START, {"pain_before": pain})
    assert response.status_code == HTTPStatus.OK
    assert message in response.text
    assert not SessionLog.objects.exists()


def test_a_double_click_on_start_makes_one_log(
    client_logged_in: Client, onboarded_user: User
) -> None:
    client_logged_in.post(START, {"pain_before": "3"})
    again = client_logged_in.post(START, {"pain_before": "4"})
    assert SessionLog.objects.filter(user=onboarded_user).count() == 1
    assert again["Location"].endswith("/do/")


def test_the_database_refuses_two_logs_for_one_planned_day(started_log: SessionLog) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionLog.objects.create(
            user=started_log.user,
            planned_day=started_log.planned_day,
            date=started_log.date,
            kind=started_log.kind,
            pain_before=1,
        )


def test_the_guided_view_shows_each_exercise_with_cues_and_timer_data(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    response = client_logged_in.get(reverse("tracking:session_do", args=[started_log.pk]))
    for result in started_log.results.select_related("exercise"):
        assert result.exercise.name in response.text
        assert f'data-amount="{result.amount}"' in response.text
    assert "This pinched or hurt" in response.text
    assert 'name="pain_after"' in response.text


def test_each_answer_is_saved_as_it_is_given(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    result = started_log.results.first()
    response = client_logged_in.post(answer_url(result), {f"result-{result.pk}-status": "hurt"})
    assert response.status_code == HTTPStatus.FOUND
    result.refresh_from_db()
    assert result.status == ResultStatus.HURT


def test_an_htmx_answer_returns_only_that_exercises_saved_line(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    result = started_log.results.first()
    response = client_logged_in.post(
        answer_url(result), {f"result-{result.pk}-status": "done"}, headers={"HX-Request": "true"}
    )
    # The radios stay on the page as they are: replacing them would move the keyboard focus.
    assert response.text.strip() == '<p class="answered">Saved: done.</p>'
    page = client_logged_in.get(reverse("tracking:session_do", args=[started_log.pk]))
    assert f'hx-target="#answer-status-{result.pk}" hx-swap="innerHTML"' in page.text
    result.refresh_from_db()
    assert (result.status, result.sets_done) == ("done", result.sets)


def test_a_tampered_answer_gets_a_message_and_changes_nothing(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    result = started_log.results.first()
    response = client_logged_in.post(
        answer_url(result),
        {f"result-{result.pk}-status": "exploded"},
        headers={"HX-Request": "true"},
    )
    assert "Choose done, skipped, or pinched or hurt." in response.text
    result.refresh_from_db()
    assert result.status == ResultStatus.PENDING


def test_a_tampered_result_id_is_not_found(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    url = reverse("tracking:result_answer", args=[started_log.pk, 999_999])
    assert client_logged_in.post(url, {"status": "done"}).status_code == HTTPStatus.NOT_FOUND


def test_finishing_stores_pain_effort_and_note_and_marks_the_day_done(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    response = client_logged_in.post(finish_url(started_log), finish_data())
    assert response["Location"] == started_log.get_absolute_url()
    started_log.refresh_from_db()
    assert (started_log.pain_after, started_log.effort, started_log.note) == (2, 5, "Felt loose.")
    assert started_log.is_finished
    assert PlannedDay.objects.get(pk=started_log.planned_day_id).completed_at is not None
    plan = client_logged_in.get(reverse("routines:plan"))
    assert "Done" in plan.text


def test_without_javascript_the_whole_session_is_one_form(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    results = list(started_log.results.all())
    answers = {f"result-{result.pk}-status": "done" for result in results}
    answers[f"result-{results[0].pk}-status"] = "skipped"
    client_logged_in.post(finish_url(started_log), finish_data(**answers))
    statuses = [result.status for result in started_log.results.order_by("position")]
    assert statuses == ["skipped"] + ["done"] * (len(results) - 1)


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
    result = started_log.results.first()
    data = finish_data(**changes) | {f"result-{result.pk}-status": "done"}
    response = client_logged_in.post(finish_url(started_log), data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.text
    started_log.refresh_from_db()
    assert not started_log.is_finished
    assert started_log.pain_after is None
    result.refresh_from_db()
    assert result.status == ResultStatus.PENDING
    assert response.context["form"]["note"].value() == data["note"]


def test_another_users_session_cannot_be_finished_or_answered(
    client_logged_in: Client, onboarded_user: User, onboarded_other_user: User
) -> None:
    from tracking.services import session_start

    theirs = session_start(
        user=onboarded_other_user, planned_day=todays_day(onboarded_other_user), pain_before=1
    )
    result = theirs.results.first()
    assert client_logged_in.post(finish_url(theirs), finish_data()).status_code == 404
    assert client_logged_in.post(answer_url(result), {"status": "done"}).status_code == 404
    theirs.refresh_from_db()
    result.refresh_from_db()
    assert not theirs.is_finished
    assert result.status == ResultStatus.PENDING


def manual(**changes: object) -> dict[str, object]:
    today = timezone.localdate()
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
    day = timezone.localdate() - timedelta(days=14)
    response = client_logged_in.post(NEW, manual(date=day.isoformat()))
    log = SessionLog.objects.get(user=onboarded_user)
    assert response["Location"] == log.get_absolute_url()
    assert (log.date, log.pain_after, log.is_finished) == (day, 2, True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": (timezone.localdate() + timedelta(days=1)).isoformat()}, "in the future"),
        ({"date": (timezone.localdate() - timedelta(days=15)).isoformat()}, "up to 14 days back"),
        ({"date": "last week"}, "Enter a date like"),
        ({"pain_before": "12"}, "Pain is rated from 0 to 10."),
        ({"effort": "20"}, "Effort is rated from 1 to 10."),
        ({"kind": "juggling"}, "Select a valid choice"),
        ({"note": "y" * 2001}, "Keep the note under 2,000 characters"),
    ],
)
def test_bad_manual_log_input_gets_a_message_and_saves_nothing(
    client_logged_in: Client, onboarded_user: User, changes: dict[str, str], message: str
) -> None:
    response = client_logged_in.post(NEW, manual(**changes))
    assert response.status_code == HTTPStatus.OK
    assert message in response.text
    assert not SessionLog.objects.exists()


def test_logging_today_by_hand_completes_todays_planned_day(
    client_logged_in: Client, onboarded_user: User
) -> None:
    client_logged_in.post(NEW, manual(date=timezone.localdate().isoformat()))
    assert todays_day(onboarded_user).completed_at is not None
    log = SessionLog.objects.get()
    assert log.planned_day == todays_day(onboarded_user)


def test_history_lists_sessions_newest_first_and_paginates(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = timezone.localdate()
    SessionLog.objects.bulk_create(
        SessionLog(
            user=onboarded_user,
            date=today - timedelta(days=offset),
            kind="mobility",
            pain_before=offset % 11,
        )
        for offset in range(25)
    )
    first = client_logged_in.get(reverse("tracking:sessions"))
    dates = [log.date for log in first.context["page"].object_list]
    assert len(dates) == 20
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == today
    second = client_logged_in.get(reverse("tracking:sessions"), {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_a_session_can_be_edited_with_checks(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    url = started_log.get_absolute_url()
    refused = client_logged_in.post(url, {"pain_before": "3", "morning_pain": "15"})
    assert "Pain is rated from 0 to 10." in refused.text
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
    assert "Delete this session?" in client_logged_in.get(url).text
    assert SessionLog.objects.exists()
    client_logged_in.post(url)
    assert not SessionLog.objects.exists()
    assert todays_day(started_log.user).completed_at is None


def test_the_next_morning_the_first_page_asks_about_the_back(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    client_logged_in.post(finish_url(started_log), finish_data())
    assert "How is your back this morning?" not in client_logged_in.get("/").text
    tomorrow = timezone.now() + timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        page = client_logged_in.get(reverse("routines:library"))
        assert "How is your back this morning?" in page.text
        response = client_logged_in.post(
            reverse("tracking:morning_check", args=[started_log.pk]),
            {"morning_pain": "3"},
            headers={"HX-Request": "true"},
        )
        assert response.text.lstrip().startswith('<section class="morning-check')
        assert "3/10 this morning is saved" in response.text
        assert "How is your back this morning?" not in client_logged_in.get("/").text
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
    assert "Pain is rated from 0 to 10." in response.text
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
