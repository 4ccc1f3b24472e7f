from __future__ import annotations

from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, reverse

from routines.models import FunctionalGoal, PlannedDay
from tracking import urls as tracking_urls
from tracking.models import ExerciseResult, SessionLog, TaskRating
from tracking.services import session_start

pytestmark = pytest.mark.django_db


def snapshot(user: User) -> list[object]:
    return [
        list(SessionLog.objects.filter(user=user).values()),
        list(ExerciseResult.objects.filter(log__user=user).values()),
        list(TaskRating.objects.filter(user=user).values()),
        list(PlannedDay.objects.filter(user=user).values("pk", "completed_at", "note")),
    ]


PATTERNS_WITH_IDS = [
    pattern
    for pattern in tracking_urls.urlpatterns
    if isinstance(pattern, URLPattern) and pattern.pattern.converters
]


def test_the_sweep_covers_every_tracking_url_with_an_id() -> None:
    names = {pattern.name for pattern in PATTERNS_WITH_IDS}
    assert {"session", "session_do", "result_answer", "session_finish"} <= names
    assert {"session_delete", "morning_check", "rate_goal"} <= names


@pytest.mark.parametrize("pattern", PATTERNS_WITH_IDS, ids=lambda pattern: pattern.name)
def test_every_tracking_url_with_another_users_ids_is_not_found_and_changes_nothing(
    client_logged_in: Client,
    onboarded_user: User,
    onboarded_other_user: User,
    pattern: URLPattern,
) -> None:
    theirs = session_start(
        user=onboarded_other_user,
        planned_day=PlannedDay.objects.get(
            user=onboarded_other_user, date=onboarded_other_user.profile.local_today()
        ),
        pain_before=2,
    )
    ids = {
        "pk": theirs.pk,
        "result_pk": theirs.results.first().pk,
        "goal_pk": FunctionalGoal.objects.get(user=onboarded_other_user).pk,
    }
    kwargs = {name: ids[name] for name in pattern.pattern.converters}
    url = reverse(f"tracking:{pattern.name}", kwargs=kwargs)
    before = snapshot(onboarded_other_user)
    data = {
        "status": "done",
        "pain_after": "1",
        "effort": "3",
        "morning_pain": "1",
        "rating": "9",
        "pain_before": "1",
    }
    answered = []
    for method in ("get", "post"):
        response = getattr(client_logged_in, method)(url, data if method == "post" else None)
        if response.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
            continue
        answered.append(method)
        assert response.status_code == HTTPStatus.NOT_FOUND, (method, url)
    assert answered
    assert snapshot(onboarded_other_user) == before
