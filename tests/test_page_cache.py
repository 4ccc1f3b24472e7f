"""The page cache: fast repeat visits, never a page that is out of date or someone else's."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hipflex.pagecache import (
    CSRF_PLACEHOLDER,
    NONCE_PLACEHOLDER,
    cached_user,
    person_cached,
    person_changed,
)
from routines.management.commands.createtrainer import trainer_account
from routines.models import Exercise, PlannedExercise, Profile, Status
from routines.services import program_rebuild
from tests.conftest import onboard
from tests.tracking.conftest import todays_day
from tracking.models import Milestone, SessionLog
from tracking.services import session_finish, session_start

pytestmark = pytest.mark.django_db

TODAY = reverse("routines:today")
PLAN = reverse("routines:plan")
PROGRESS = reverse("tracking:progress")
SESSIONS = reverse("tracking:sessions")
LIBRARY = reverse("routines:library")
CACHED_PAGES = [TODAY, PLAN, PROGRESS, SESSIONS, LIBRARY]


def main_exercise(user: User) -> Exercise:
    return todays_day(user).exercises.filter(part="main").first().exercise


def without_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


@pytest.mark.parametrize("url", CACHED_PAGES)
def test_a_second_visit_is_served_from_the_cache_with_one_query(
    client_logged_in: Client,
    onboarded_user: User,
    url: str,
    django_assert_num_queries: Callable[..., object],
) -> None:
    first = client_logged_in.get(url)
    assert first.context is not None  # rendered
    with django_assert_num_queries(0):  # the signed-in user comes from the cache too
        second = client_logged_in.get(url)
    assert second.status_code == HTTPStatus.OK
    assert second.context is None  # not rendered again
    assert without_tokens(second.text) == without_tokens(first.text)


def test_a_cached_page_carries_this_visits_csrf_token_and_csp_nonce(onboarded_user: User) -> None:
    phone, laptop = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    phone.force_login(onboarded_user)
    laptop.force_login(onboarded_user)
    phone.get(TODAY)
    page = laptop.get(TODAY)  # the page the phone's visit rendered
    assert page.context is None
    assert CSRF_PLACEHOLDER not in page.text
    assert NONCE_PLACEHOLDER not in page.text
    nonce = re.search(r"'nonce-([^']+)'", page["Content-Security-Policy"]).group(1)
    assert set(re.findall(r'nonce="([^"]+)"', page.text)) == {nonce}
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    planned = todays_day(onboarded_user).exercises.filter(part="main").first()
    swapped = laptop.post(
        reverse("routines:swap", args=[planned.pk]), {"csrfmiddlewaretoken": token}
    )
    assert swapped.status_code == HTTPStatus.FOUND  # accepted, not 403


def test_each_person_gets_their_own_page(
    client: Client, onboarded_user: User, onboarded_other_user: User
) -> None:
    SessionLog.objects.create(
        user=onboarded_user, date=timezone.localdate(), kind="mobility", pain_before=7
    )
    client.force_login(onboarded_user)
    assert "Pain 7" in client.get(SESSIONS).text
    client.force_login(onboarded_other_user)
    assert "Pain 7" not in client.get(SESSIONS).text
    client.force_login(onboarded_user)
    assert "Pain 7" in client.get(SESSIONS).text


def test_finishing_a_session_shows_at_once_on_every_page(
    client_logged_in: Client, onboarded_user: User
) -> None:
    pages = {url: without_tokens(client_logged_in.get(url).text) for url in CACHED_PAGES}
    assert "Done for today." not in pages[TODAY]
    log = session_start(user=onboarded_user, planned_day=todays_day(onboarded_user), pain_before=3)
    client_logged_in.post(
        reverse("tracking:session_finish", args=[log.pk]),
        {"pain_after": "1", "effort": "5", "note": ""},
    )
    assert "Done for today." in client_logged_in.get(TODAY).text
    assert "Pain 3 → 1" in client_logged_in.get(SESSIONS).text
    assert without_tokens(client_logged_in.get(PROGRESS).text) != pages[PROGRESS]


def test_a_change_made_outside_a_request_shows_at_once(
    client_logged_in: Client, onboarded_user: User
) -> None:
    # A change that arrives by no POST of this person's (a background job, a management
    # command): the models' own signals let the cached pages go.
    assert "Done for today." not in client_logged_in.get(TODAY).text
    log = session_start(user=onboarded_user, planned_day=todays_day(onboarded_user), pain_before=3)
    session_finish(log=log, answers={}, pain_after=2, effort=5, note="")
    assert "Done for today." in client_logged_in.get(TODAY).text


def test_a_swap_shows_on_the_next_visit(client_logged_in: Client, onboarded_user: User) -> None:
    client_logged_in.get(TODAY)
    planned = todays_day(onboarded_user).exercises.filter(part="main").first()
    client_logged_in.post(reverse("routines:swap", args=[planned.pk]), follow=True)  # the message
    planned.refresh_from_db()
    assert planned.exercise.name in client_logged_in.get(TODAY).text


def test_new_training_days_show_on_the_plan_at_once(
    client_logged_in: Client, onboarded_user: User
) -> None:
    profile = onboarded_user.profile
    # Next week: on a Sunday, only today is left of this one, and a rebuild keeps today.
    week = {"week": (profile.local_today() + timedelta(weeks=1)).isoformat()}
    before = without_tokens(client_logged_in.get(PLAN, week).text)
    profile.training_days = [day for day in range(7) if day not in profile.training_days][:3]
    profile.save()
    program_rebuild(user=onboarded_user)
    assert without_tokens(client_logged_in.get(PLAN, week).text) != before


def test_a_trainers_edit_shows_on_everyones_pages(
    client: Client, onboarded_user: User, onboarded_other_user: User
) -> None:
    exercise = main_exercise(onboarded_user)
    client.force_login(onboarded_user)
    assert exercise.name in client.get(TODAY).text
    exercise.name = "Hip opener, trainer's new name"
    exercise.save()
    assert "Hip opener, trainer&#x27;s new name" in client.get(TODAY).text


def test_unpublishing_in_admin_takes_an_exercise_off_the_library_page(client: Client) -> None:
    plank = Exercise.objects.get(slug="plank")
    assert plank.name in client.get(LIBRARY).text
    trainer, _ = trainer_account("coach@example.com")
    coach = Client()
    coach.force_login(trainer)
    changelist = reverse("admin:routines_exercise_changelist")
    coach.post(changelist, {"action": "unpublish", "_selected_action": [plank.pk]})
    assert Exercise.objects.get(pk=plank.pk).status == Status.DRAFT
    assert f">{plank.name}<" not in client.get(LIBRARY).text


def test_pages_move_on_at_the_persons_midnight(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = client_logged_in.get(TODAY)
    tomorrow = timezone.now() + timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        next_day = client_logged_in.get(TODAY)
    assert next_day.context is not None
    assert next_day.context["today"] == today.context["today"] + timedelta(days=1)


def test_a_milestone_is_celebrated_once(client_logged_in: Client, onboarded_user: User) -> None:
    goal = onboarded_user.functional_goals.get()
    client_logged_in.get(TODAY)
    client_logged_in.post(reverse("tracking:rate_goal", args=[goal.pk]), {"rating": "9"})
    assert "Milestone reached" in client_logged_in.get(TODAY).text
    assert "Milestone reached" not in client_logged_in.get(TODAY).text


def test_a_message_is_shown_once_and_never_kept_in_a_cached_page(
    client_logged_in: Client, onboarded_user: User
) -> None:
    client_logged_in.get(TODAY)
    planned = todays_day(onboarded_user).exercises.filter(part="main").first()
    shown = client_logged_in.post(reverse("routines:swap", args=[planned.pk]), follow=True)
    assert "Swapped in" in shown.text
    assert 'class="messages"' in shown.text
    assert 'class="messages"' not in client_logged_in.get(TODAY).text


@pytest.mark.parametrize("url", [TODAY, LIBRARY])
def test_a_page_visited_with_a_message_is_kept_without_it(
    client_logged_in: Client,
    onboarded_user: User,
    url: str,
    django_assert_num_queries: Callable[..., object],
) -> None:
    client_logged_in.post(
        reverse("tracking:session_new"),
        {
            "date": onboarded_user.profile.local_today().isoformat(),
            "kind": "mobility",
            "pain_before": "4",
            "pain_after": "3",
            "effort": "5",
            "note": "",
        },
    )
    with_message = client_logged_in.get(url)
    assert with_message.context is not None  # drawn after the change
    assert with_message.text.count("Session logged.") == 1
    with django_assert_num_queries(0):
        again = client_logged_in.get(url)
    assert again.context is None  # the page drawn with the message, served from the cache
    assert "Session logged." not in again.text
    shown = re.search(r'<ul class="messages".*?</ul>', with_message.text, re.S).group(0)

    def words(html: str) -> str:
        return " ".join(without_tokens(html).split())

    assert words(again.text) == words(with_message.text.replace(shown, ""))


def test_a_message_about_the_visit_itself_is_given_every_time(
    client_logged_in: Client, onboarded_user: User
) -> None:
    unreadable_week = f"{PLAN}?week=not-a-date"
    for _ in range(2):
        response = client_logged_in.get(unreadable_week)
        assert "That week could not be read" in response.text


def test_someone_still_onboarding_is_sent_on_not_served_a_page(client_logged_in: Client) -> None:
    for _ in range(2):
        assert client_logged_in.get(TODAY)["Location"] == reverse("routines:onboarding")


def test_finishing_onboarding_opens_today_at_once(client_logged_in: Client, user: User) -> None:
    assert client_logged_in.get(TODAY).status_code == HTTPStatus.FOUND
    onboard(user)
    assert client_logged_in.get(TODAY).status_code == HTTPStatus.OK


def test_last_seen_is_written_once_a_minute_and_at_once_for_a_new_browser(
    client: Client, onboarded_user: User
) -> None:
    client.force_login(onboarded_user)
    client.get(TODAY, headers={"user-agent": "Phone"})
    seen = UserSession.objects.get().last_seen_at
    client.get(PLAN, headers={"user-agent": "Phone"})
    assert UserSession.objects.get().last_seen_at == seen
    client.get(PLAN, headers={"user-agent": "Tablet"})
    session = UserSession.objects.get()
    assert session.user_agent == "Tablet"
    assert session.last_seen_at > seen


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda user: (user.set_password("a-new-pass-phrase-77"), user.save()), id="pw"
        ),
        pytest.param(lambda user: (setattr(user, "is_active", False), user.save()), id="inactive"),
        pytest.param(lambda user: user.delete(), id="deleted"),
    ],
)
def test_the_cached_user_never_outlives_a_change_to_the_account(
    client_logged_in: Client, onboarded_user: User, change: Callable[[User], object]
) -> None:
    assert client_logged_in.get(TODAY).status_code == HTTPStatus.OK
    assert client_logged_in.get(TODAY).status_code == HTTPStatus.OK  # user and page cached
    change(User.objects.get(pk=onboarded_user.pk))
    response = client_logged_in.get(TODAY)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_the_shared_library_list_shows_a_renamed_exercise_at_once(
    client: Client, client_logged_in: Client
) -> None:
    plank = Exercise.objects.get(slug="plank")
    for visitor in (client, client_logged_in):
        assert plank.name in visitor.get(LIBRARY, {"q": "plank"}).text
    plank.name = "Forearm plank, renamed"
    plank.save()
    for visitor in (client, client_logged_in):
        assert "Forearm plank, renamed" in visitor.get(LIBRARY, {"q": "plank"}).text


NEW = reverse("tracking:session_new")
MORNING = "How is your back this morning?"


def waiting_morning_check(user: User) -> SessionLog:
    yesterday = user.profile.local_today() - timedelta(days=1)
    return SessionLog.objects.create(
        user=user, date=yesterday, kind="mobility", pain_before=3, finished_at=timezone.now()
    )


@pytest.mark.parametrize("url", [LIBRARY, NEW])
def test_a_page_shared_by_everyone_carries_each_persons_own_prompts(
    onboarded_user: User, onboarded_other_user: User, url: str
) -> None:
    log = waiting_morning_check(onboarded_user)
    ada, grace = Client(), Client()
    ada.force_login(onboarded_user)
    grace.force_login(onboarded_other_user)
    ada_page = ada.get(url).text
    grace_page = grace.get(url).text  # the same page, drawn once
    assert MORNING in ada_page
    assert f'action="{reverse("tracking:morning_check", args=[log.pk])}"' in ada_page
    assert MORNING not in grace_page
    ada.post(reverse("tracking:morning_check", args=[log.pk]), {"morning_pain": "2"})
    assert MORNING not in ada.get(url).text
    assert without_tokens(ada.get(url).text) == without_tokens(grace.get(url).text)


def test_the_shared_session_form_keeps_each_persons_own_date(
    onboarded_user: User, onboarded_other_user: User
) -> None:
    # 25 hours apart: never the same date.
    for user, zone in (
        (onboarded_user, "Pacific/Pago_Pago"),
        (onboarded_other_user, "Pacific/Kiritimati"),
    ):
        Profile.objects.filter(user=user).update(time_zone=zone)
        person_changed(user.pk)
    ada, grace = Client(), Client()
    ada.force_login(onboarded_user)
    grace.force_login(onboarded_other_user)
    for client, user in (
        (ada, onboarded_user),
        (grace, onboarded_other_user),
        (ada, onboarded_user),
    ):
        today = Profile.objects.get(user=user).local_today()
        assert f'max="{today.isoformat()}"' in client.get(NEW).text


def test_replanning_after_a_trainer_unpublishes_an_exercise_leaves_it_out(
    client_logged_in: Client, onboarded_user: User
) -> None:
    # The plan engine's inputs and blocks are cached under the library token: unpublishing
    # (admin's bulk action) must reach the next replan.
    today = timezone.localdate()
    calm = {"kind": "mobility", "pain_before": "2", "pain_after": "2", "effort": "4"}
    client_logged_in.post(NEW, calm | {"date": (today - timedelta(days=2)).isoformat()})
    upcoming = PlannedExercise.objects.filter(day__user=onboarded_user, day__date__gt=today)
    exercise = upcoming.filter(part="main").first().exercise
    trainer, _ = trainer_account("coach@example.com")
    coach = Client()
    coach.force_login(trainer)
    changelist = reverse("admin:routines_exercise_changelist")
    coach.post(changelist, {"action": "unpublish", "_selected_action": [exercise.pk]})
    client_logged_in.post(NEW, calm | {"date": (today - timedelta(days=1)).isoformat()})
    assert not upcoming.filter(exercise=exercise).exists()


def test_a_milestone_another_visit_has_celebrated_is_not_celebrated_again(
    client_logged_in: Client, onboarded_user: User
) -> None:
    goal = onboarded_user.functional_goals.get()
    client_logged_in.post(reverse("tracking:rate_goal", args=[goal.pk]), {"rating": "9"})
    read_earlier = Milestone.objects.get(goal=goal)  # as a visit on another device read it
    assert "Milestone reached" in client_logged_in.get(TODAY).text
    with mock.patch("tracking.context_processors._waiting", return_value=(None, read_earlier)):
        assert "Milestone reached" not in client_logged_in.get(PLAN).text


def test_what_is_kept_for_a_person_is_read_again_once_their_data_changes(
    rf: RequestFactory, onboarded_user: User
) -> None:
    def signed_in_user() -> User:
        return cached_user(onboarded_user.pk, lambda pk: User.objects.filter(pk=pk).first())

    request = rf.get(TODAY)
    request.user = signed_in_user()
    reads: list[int] = []

    def read() -> int:
        reads.append(len(reads) + 1)
        return reads[-1]

    assert person_cached(request, "reads", read) == 1
    assert person_cached(request, "reads", read) == 1  # kept
    person_changed(onboarded_user.pk)
    # This request's token is gone: read afresh every time, and never kept under it.
    assert person_cached(request, "reads", read) == 2
    assert person_cached(request, "reads", read) == 3
    request.user = signed_in_user()  # the next request
    assert person_cached(request, "reads", read) == 4
    assert person_cached(request, "reads", read) == 4


def test_pages_drawn_after_a_change_read_what_they_share_once(
    client_logged_in: Client, onboarded_user: User
) -> None:
    def progress_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client_logged_in.get(PROGRESS).context is not None  # drawn afresh
        return len(queries)

    client_logged_in.get(TODAY)
    person_changed(onboarded_user.pk)
    drawn_first = progress_queries()
    person_changed(onboarded_user.pk)
    client_logged_in.get(TODAY)  # reads the user, profile, blocks, prompts, goals and advice
    assert progress_queries() <= drawn_first - 6
