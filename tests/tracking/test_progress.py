from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import ForeignKey, OneToOneField
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.models import FunctionalGoal
from tests.conftest import rendered_queries
from tracking.models import CareAdvice, Milestone, SessionLog, TaskRating
from tracking.services import session_log_manual

pytestmark = pytest.mark.django_db

PROGRESS = reverse("tracking:progress")
MILESTONES = reverse("tracking:milestones")


def goal_of(user: User) -> FunctionalGoal:
    return FunctionalGoal.objects.get(user=user)


def rate(client: Client, goal: FunctionalGoal, value: str):  # noqa: ANN201
    return client.post(reverse("tracking:rate_goal", args=[goal.pk]), {"rating": value})


def add_history(user: User, count: int) -> None:
    today = timezone.localdate()
    SessionLog.objects.bulk_create(
        SessionLog(
            user=user,
            date=today - timedelta(days=offset % 80),
            kind="mobility",
            pain_before=(offset * 3) % 11,
            pain_after=(offset * 7) % 11,
            morning_pain=offset % 4,
            effort=5,
            finished_at=timezone.now(),
        )
        for offset in range(count)
    )


def test_milestones_show_baseline_latest_and_trend(
    client_logged_in: Client, onboarded_user: User
) -> None:
    goal = goal_of(onboarded_user)
    rate(client_logged_in, goal, "5")
    response = client_logged_in.get(MILESTONES)
    assert "Tying shoes" in response.text
    assert "started at 4" in response.text
    assert "4 → 5" in response.text


@pytest.mark.parametrize("value", ["11", "-2", "", "lots"])
def test_a_rating_outside_0_to_10_is_refused(
    client_logged_in: Client, onboarded_user: User, value: str
) -> None:
    response = rate(client_logged_in, goal_of(onboarded_user), value)
    assert response.status_code == HTTPStatus.OK
    assert "Rate it from 0 to 10." in response.text
    assert not TaskRating.objects.exists()


def test_two_points_up_reaches_a_milestone_celebrated_once(
    client_logged_in: Client, onboarded_user: User
) -> None:
    goal = goal_of(onboarded_user)
    rate(client_logged_in, goal, "5")
    assert not Milestone.objects.exists()
    response = rate(client_logged_in, goal, "7")
    milestone = Milestone.objects.get(goal=goal)
    assert milestone.rating == 7
    banner = client_logged_in.get(response["Location"])
    assert "Milestone reached" in banner.text
    assert "Tying shoes is now 7/10, up from 4" in banner.text
    assert "Milestone reached" not in client_logged_in.get(MILESTONES).text
    rate(client_logged_in, goal, "9")
    assert Milestone.objects.filter(goal=goal).count() == 1
    assert "Milestone " in client_logged_in.get(MILESTONES).text


def test_reaching_eight_is_a_milestone_even_from_a_high_baseline(
    client_logged_in: Client, onboarded_user: User
) -> None:
    goal = goal_of(onboarded_user)
    goal.baseline = 7
    goal.save()
    rate(client_logged_in, goal, "8")
    assert Milestone.objects.filter(goal=goal).exists()


def test_another_users_task_cannot_be_rated(
    client_logged_in: Client, onboarded_user: User, onboarded_other_user: User
) -> None:
    theirs = goal_of(onboarded_other_user)
    assert rate(client_logged_in, theirs, "9").status_code == HTTPStatus.NOT_FOUND
    assert not TaskRating.objects.exists()


def test_progress_shows_adherence_streak_chart_and_recent_sessions(
    client_logged_in: Client, onboarded_user: User
) -> None:
    session_log_manual(
        user=onboarded_user,
        day=timezone.localdate(),
        kind="mobility",
        pain_before=4,
        pain_after=2,
        effort=5,
        note="",
    )
    response = client_logged_in.get(PROGRESS)
    assert response.status_code == HTTPStatus.OK
    assert response.context["this_week"].done == 1
    assert "<svg" in response.text
    assert 'role="img"' in response.text
    assert "you logged 1 session" in response.context["chart"].summary
    assert response.context["chart"].summary in response.text


def test_the_professional_card_appears_for_persistent_pain_and_can_be_hidden(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = timezone.localdate()
    for days_ago in (1, 4, 8):
        SessionLog.objects.create(
            user=onboarded_user,
            date=today - timedelta(days=days_ago),
            kind="mobility",
            pain_before=7,
            pain_after=8,
        )
    for url in (PROGRESS, reverse("routines:today")):
        page = client_logged_in.get(url)
        assert "Worth getting it checked" in page.text
        assert "physical therapist" in page.text
    client_logged_in.post(reverse("tracking:dismiss_advice"))
    assert CareAdvice.objects.get(user=onboarded_user).dismissed_until == today + timedelta(days=14)
    assert "Worth getting it checked" not in client_logged_in.get(PROGRESS).text


@pytest.mark.parametrize(
    "url",
    [PROGRESS, MILESTONES, reverse("tracking:sessions"), reverse("routines:today")],
)
def test_tracking_pages_run_the_same_queries_for_1_or_400_logs(
    client_logged_in: Client, onboarded_user: User, url: str
) -> None:
    add_history(onboarded_user, 1)
    client_logged_in.get(url)
    small = rendered_queries(client_logged_in, url)
    add_history(onboarded_user, 399)
    for goal in FunctionalGoal.objects.filter(user=onboarded_user):
        TaskRating.objects.bulk_create(
            TaskRating(user=onboarded_user, goal=goal, rating=5, rated_on=timezone.localdate())
            for _ in range(30)
        )
    large = rendered_queries(client_logged_in, url)
    assert small == large


def test_export_downloads_everything_as_json(
    client_logged_in: Client, onboarded_user: User
) -> None:
    add_history(onboarded_user, 3)
    response = client_logged_in.get(reverse("tracking:export_json"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == onboarded_user.email
    assert data["profile"]["usual_pain"] == 3
    assert len(data["sessions"]) == 3
    assert data["program"][0]["days"]
    assert data["functional_goals"][0]["task"] == "Tying shoes"


def test_export_downloads_sessions_as_csv(client_logged_in: Client, onboarded_user: User) -> None:
    add_history(onboarded_user, 2)
    response = client_logged_in.get(reverse("tracking:export_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["date", "kind", "pain_before", "pain_after"]
    assert len(rows) == 3


def test_export_needs_a_signed_in_user(client: Client) -> None:
    response = client.get(reverse("tracking:export_json"))
    assert response.status_code == HTTPStatus.FOUND


def rows_owned_by(user_pk: int) -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, ForeignKey | OneToOneField) and field.related_model is User:
                count = model.objects.filter(**{field.name: user_pk}).count()
                if count:
                    counts[f"{model._meta.label}.{field.name}"] = count
    return counts


def test_deleting_the_account_needs_the_password(
    client_logged_in: Client, onboarded_user: User
) -> None:
    url = reverse("tracking:delete_account")
    response = client_logged_in.post(url, {"password": "wrong", "confirm": "on"})
    assert "That password is not right." in response.text
    assert User.objects.filter(pk=onboarded_user.pk).exists()


def test_deleting_the_account_leaves_nothing_of_theirs_in_any_table(
    client_logged_in: Client, onboarded_user: User, onboarded_other_user: User
) -> None:
    from tests.conftest import PASSWORD

    add_history(onboarded_user, 5)
    rate(client_logged_in, goal_of(onboarded_user), "8")
    pk = onboarded_user.pk
    assert rows_owned_by(pk)
    others_before = rows_owned_by(onboarded_other_user.pk)
    response = client_logged_in.post(
        reverse("tracking:delete_account"), {"password": PASSWORD, "confirm": "on"}, follow=True
    )
    assert "Your account and all your data are deleted" in response.text
    assert not User.objects.filter(pk=pk).exists()
    assert rows_owned_by(pk) == {}
    assert rows_owned_by(onboarded_other_user.pk) == others_before
