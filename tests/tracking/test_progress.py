from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import ForeignKey, OneToOneField
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.models import FunctionalGoal, PlannedDay, ProgramBlock
from routines.services import monday_of
from tests.conftest import PASSWORD, page_text, reauthenticate, rendered_queries
from tracking.models import CareAdvice, Milestone, SessionLog, TaskRating
from tracking.progress import goal_progress, goal_trends
from tracking.services import session_log_manual

pytestmark = pytest.mark.django_db

PROGRESS = reverse("tracking:progress")
MILESTONES = reverse("tracking:milestones")


def goal_of(user: User) -> FunctionalGoal:
    return FunctionalGoal.objects.get(user=user)


def rate(client: Client, goal: FunctionalGoal, value: str) -> HttpResponse:
    return client.post(reverse("tracking:rate_goal", args=[goal.pk]), {"rating": value})


def add_history(user: User, count: int) -> None:
    today = user.profile.local_today()
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
    text = page_text(client_logged_in.get(MILESTONES))
    assert "Tying shoes 5 /10 now · started at 4 · up 1 Ratings so far: 4 → 5" in text


def test_a_trend_shows_the_last_six_ratings_in_the_order_given(
    client_logged_in: Client, onboarded_user: User
) -> None:
    goal = goal_of(onboarded_user)  # started at 4
    today = onboarded_user.profile.local_today()
    given = [5, 3, 6, 2, 7, 4, 8, 6]  # one a week, the oldest first
    TaskRating.objects.bulk_create(
        TaskRating(
            user=onboarded_user,
            goal=goal,
            rated_on=today - timedelta(weeks=len(given) - week),
            rating=rating,
        )
        for week, rating in enumerate(given)
    )
    assert "Ratings so far: 6 → 2 → 7 → 4 → 8 → 6" in page_text(client_logged_in.get(MILESTONES))
    assert "Tying shoes : 6 → 2 → 7 → 4 → 8 → 6 (+2)" in page_text(client_logged_in.get(PROGRESS))


@pytest.mark.parametrize("value", ["11", "-2", "", "lots"])
def test_a_rating_outside_0_to_10_is_refused(
    client_logged_in: Client, onboarded_user: User, value: str
) -> None:
    response = rate(client_logged_in, goal_of(onboarded_user), value)
    assert response.status_code == HTTPStatus.OK
    assert "Rate it from 0 to 10." in page_text(response)
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
    banner = page_text(client_logged_in.get(response["Location"]))
    assert "Milestone reached Tying shoes is now 7/10, up from 4 when you started." in banner
    assert "Milestone reached" not in page_text(client_logged_in.get(MILESTONES))
    again = rate(client_logged_in, goal, "9")
    assert Milestone.objects.filter(goal=goal).count() == 1
    page = page_text(client_logged_in.get(again["Location"]))
    assert "Milestone reached" not in page
    reached = milestone.reached_on
    assert f"Tying shoes Milestone {reached.day} {reached:%b} 9 /10 now" in page


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


PAIN_3_3 = {"pain_before": 3, "pain_after": 3, "effort": 5, "note": ""}
RERATE_NOTE = "It has been a while: re-rate your tasks to see how they are changing."


def visit_at(client: Client, user: User, day: date, time_machine: time_machine.TimeMachineFixture):
    noon = datetime.combine(day, time(12), tzinfo=ZoneInfo(user.profile.time_zone))
    time_machine.move_to(noon)
    client.get(reverse("routines:plan"))  # the plan reaches this week
    return page_text(client.get(PROGRESS)), page_text(client.get(MILESTONES))


def test_tasks_are_due_a_re_rating_a_week_after_the_last_one(
    client_logged_in: Client, onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    rated_on = onboarded_user.profile.local_today()
    rate(client_logged_in, goal_of(onboarded_user), "6")
    progress, milestones = visit_at(
        client_logged_in, onboarded_user, rated_on + timedelta(days=6), time_machine
    )
    assert RERATE_NOTE not in progress
    assert "Time for a quick re-rating" not in milestones
    progress, milestones = visit_at(
        client_logged_in, onboarded_user, rated_on + timedelta(days=7), time_machine
    )
    assert RERATE_NOTE in progress
    assert "Re-rate now" in progress
    assert "Time for a quick re-rating" in milestones


def test_a_new_block_asks_for_a_re_rating_even_within_the_week(
    client_logged_in: Client, onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    block = ProgramBlock.objects.get(user=onboarded_user, number=1)
    next_block_starts = block.starts_on + timedelta(weeks=4)
    visit_at(client_logged_in, onboarded_user, next_block_starts - timedelta(days=2), time_machine)
    rate(client_logged_in, goal_of(onboarded_user), "6")
    progress, milestones = visit_at(
        client_logged_in, onboarded_user, next_block_starts - timedelta(days=1), time_machine
    )
    assert RERATE_NOTE not in progress
    progress, milestones = visit_at(
        client_logged_in, onboarded_user, next_block_starts + timedelta(days=1), time_machine
    )
    assert RERATE_NOTE in progress
    assert "Time for a quick re-rating" in milestones


def test_progress_shows_adherence_streak_chart_and_recent_sessions(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = onboarded_user.profile.local_today()
    # The plan starts today, so today's is the only session of the week so far.
    monday = monday_of(today)
    this_week = (
        PlannedDay.objects.filter(user=onboarded_user, date__gte=monday)
        .filter(date__lte=monday + timedelta(days=6))
        .exclude(kind="rest")
        .count()
    )
    session_log_manual(
        user=onboarded_user,
        day=today,
        kind="mobility",
        pain_before=4,
        pain_after=2,
        effort=5,
        note="",
    )
    response = client_logged_in.get(PROGRESS)
    assert response.status_code == HTTPStatus.OK
    text = page_text(response)
    assert f"This week 1 of {this_week} sessions done" in text
    assert "Last 4 weeks 100% of planned sessions (1 of 1)" in text
    assert "Streak 1 week in a row with every session done" in text
    # A new person's chart spans their own two weeks, not twelve.
    assert "Pain since you started" in text
    summary = (
        "Over the last 2 weeks you logged 1 session. "
        "Pain was 4 out of 10 before the session and 2 after the session."
    )
    assert summary in text
    # The chart is an image whose words are the summary under it.
    assert 'role="img" aria-labelledby="chart-summary"' in response.text
    assert f'<p id="chart-summary">{summary}</p>' in response.text
    assert 'class="dots pain-before"' in response.text
    assert 'class="dots pain-after"' in response.text
    recent = f"{today:%a} {today.day} {today:%b} · Mobility · pain 4 → 2"
    assert f"Recent sessions All sessions {recent}" in text


def test_with_few_logs_all_are_listed_and_yesterdays_asks_about_the_morning(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = onboarded_user.profile.local_today()
    for days_ago, kind in ((5, "strength"), (1, "mobility"), (0, "recovery")):
        session_log_manual(
            user=onboarded_user, day=today - timedelta(days=days_ago), kind=kind, **PAIN_3_3
        )
    progress = page_text(client_logged_in.get(PROGRESS))
    for days_ago, kind in ((0, "Recovery"), (1, "Mobility"), (5, "Strength")):
        day = today - timedelta(days=days_ago)
        assert f"{day:%a} {day.day} {day:%b} · {kind} · pain 3 → 3" in progress
    question = "How is your back this morning? After yesterday's mobility session."
    assert question in progress
    assert question in page_text(client_logged_in.get(reverse("tracking:today")))


def test_recent_sessions_are_those_of_the_charts_twelve_weeks(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = onboarded_user.profile.local_today()
    long_ago = today - timedelta(weeks=13)
    session_log_manual(user=onboarded_user, day=long_ago, kind="strength", **PAIN_3_3)
    text = page_text(client_logged_in.get(PROGRESS))
    assert "Recent sessions All sessions No sessions logged in the last twelve weeks." in text
    assert f"{long_ago:%a} {long_ago.day} {long_ago:%b} · Strength" not in text


def test_the_professional_card_appears_for_persistent_pain_and_can_be_hidden(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = onboarded_user.profile.local_today()
    for days_ago in (1, 4, 8):
        SessionLog.objects.create(
            user=onboarded_user,
            date=today - timedelta(days=days_ago),
            kind="mobility",
            pain_before=7,
            pain_after=8,
        )
    card = (
        "Worth getting it checked Your pain reached 7/10 or more on 3 logs in the last two "
        "weeks. A physical therapist or qualified trainer can take a look and help adjust your "
        "plan. Hide for 14 days"
    )
    pages = (PROGRESS, reverse("tracking:today"))
    for url in pages:
        assert card in page_text(client_logged_in.get(url))
    client_logged_in.post(reverse("tracking:dismiss_advice"))
    assert CareAdvice.objects.get(user=onboarded_user).dismissed_until == today + timedelta(days=14)
    for url in pages:
        assert "Worth getting it checked" not in page_text(client_logged_in.get(url))


def test_tasks_without_gain_for_six_weeks_bring_the_card_until_one_gains_two_points(
    client_logged_in: Client, onboarded_user: User
) -> None:
    goal = goal_of(onboarded_user)  # started at 4
    FunctionalGoal.objects.filter(pk=goal.pk).update(created_at=timezone.now() - timedelta(weeks=6))
    today = onboarded_user.profile.local_today()
    TaskRating.objects.create(
        user=onboarded_user, goal=goal, rated_on=today - timedelta(weeks=3), rating=6
    )
    TaskRating.objects.create(user=onboarded_user, goal=goal, rated_on=today, rating=5)
    card = (
        "Worth getting it checked It has been 6 weeks since you first rated your everyday "
        "tasks, and none has improved by 2 points yet."
    )
    pages = (PROGRESS, reverse("tracking:today"))
    for url in pages:  # the latest rating counts, not the best one
        assert card in page_text(client_logged_in.get(url)), url
    TaskRating.objects.create(user=onboarded_user, goal=goal, rated_on=today, rating=6)
    for url in pages:
        assert "Worth getting it checked" not in page_text(client_logged_in.get(url)), url


def test_a_trend_reads_only_each_goals_last_six_ratings_the_same_days_in_order(
    onboarded_user: User,
) -> None:
    goal = goal_of(onboarded_user)  # started at 4
    today = onboarded_user.profile.local_today()
    for days_ago, rating in [(9, 1), (8, 2), (7, 3), (6, 5), (5, 6), (4, 7), (3, 8)]:
        TaskRating.objects.create(
            user=onboarded_user, goal=goal, rated_on=today - timedelta(days=days_ago), rating=rating
        )
    # Two ratings on one day: the one given later is the latest.
    TaskRating.objects.create(user=onboarded_user, goal=goal, rated_on=today, rating=9)
    TaskRating.objects.create(user=onboarded_user, goal=goal, rated_on=today, rating=7)
    trend = next(trend for trend in goal_trends(onboarded_user.profile) if trend.goal == goal)
    assert trend.ratings == [4, 5, 6, 7, 8, 9, 7]
    assert (trend.latest, trend.change, trend.last_rated) == (7, 3, today)
    assert trend.trend_text == "5 → 6 → 7 → 8 → 9 → 7"
    assert [task.latest for task in goal_progress(onboarded_user.profile)][0] == 7


@pytest.mark.parametrize(
    "url",
    [PROGRESS, MILESTONES, reverse("tracking:sessions"), reverse("tracking:today")],
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
            TaskRating(
                user=onboarded_user,
                goal=goal,
                rating=5,
                rated_on=onboarded_user.profile.local_today(),
            )
            for _ in range(30)
        )
    large = rendered_queries(client_logged_in, url)
    assert small == large


def test_export_downloads_everything_as_json(
    client_logged_in: Client, onboarded_user: User
) -> None:
    add_history(onboarded_user, 3)
    reauthenticate(client_logged_in)
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
    reauthenticate(client_logged_in)
    response = client_logged_in.get(reverse("tracking:export_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["date", "kind", "pain_before", "pain_after"]
    assert len(rows) == 3


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("tracking:export_json", "hipflex-{}.json"),
        ("tracking:export_csv", "hipflex-sessions-{}.csv"),
    ],
)
def test_export_files_are_named_by_the_persons_own_date(
    client_logged_in: Client,
    onboarded_user: User,
    time_machine: time_machine.TimeMachineFixture,
    name: str,
    file_name: str,
) -> None:
    # At 22:00 UTC it is already the next day on Kiritimati (UTC+14).
    utc_today = timezone.now().astimezone(UTC).date()
    time_machine.move_to(datetime.combine(utc_today, time(22), tzinfo=UTC), tick=False)
    profile = onboarded_user.profile
    profile.time_zone = "Pacific/Kiritimati"
    profile.save(update_fields=["time_zone"])
    reauthenticate(client_logged_in)
    response = client_logged_in.get(reverse(name))
    expected = file_name.format(utc_today + timedelta(days=1))
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_export_needs_a_signed_in_user(client: Client) -> None:
    response = client.get(reverse("tracking:export_json"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def rows_owned_by(user_pk: int) -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, ForeignKey | OneToOneField) and field.related_model is User:
                count = model.objects.filter(**{field.name: user_pk}).count()
                if count:
                    counts[f"{model._meta.label}.{field.name}"] = count
    return counts


@pytest.mark.parametrize(
    "name", ["tracking:delete_account", "tracking:export_json", "tracking:export_csv"]
)
def test_deletion_and_export_ask_for_the_password_again_after_five_minutes(
    client: Client,
    onboarded_user: User,
    time_machine: time_machine.TimeMachineFixture,
    name: str,
) -> None:
    url = reverse(name)
    client.post(reverse("account_login"), {"login": onboarded_user.email, "password": PASSWORD})
    # Just signed in with the password: not asked twice.
    assert client.get(url).status_code == HTTPStatus.OK
    time_machine.shift(timedelta(minutes=5, seconds=1))
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    wrong = client.post(response["Location"], {"password": "not-my-password"})
    assert "That password isn't right." in page_text(wrong)
    assert client.get(url).status_code == HTTPStatus.FOUND
    client.post(response["Location"], {"password": PASSWORD})
    assert client.get(url).status_code == HTTPStatus.OK
    assert User.objects.filter(pk=onboarded_user.pk).exists()


def test_a_deletion_sent_without_a_fresh_password_is_never_replayed(
    client: Client, onboarded_user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    url = reverse("tracking:delete_account")
    client.post(reverse("account_login"), {"login": onboarded_user.email, "password": PASSWORD})
    client.get(url)  # the page, with its box
    time_machine.shift(timedelta(minutes=10))  # the person walked away
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert response.redirect_chain[0][0] == url
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "Please confirm it is you, then tick the box again." in page_text(response)
    # The password given: back to the page with its box, nothing deleted behind it.
    after = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert after.redirect_chain[-1][0] == url
    assert "I understand this deletes my account" in page_text(after)
    assert User.objects.filter(pk=onboarded_user.pk).exists()


def test_a_sign_in_without_the_password_does_not_unlock_deletion(
    client: Client, onboarded_user: User
) -> None:
    client.force_login(onboarded_user)  # as by an emailed link: no password given
    response = client.get(reverse("tracking:delete_account"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_deleting_the_account_needs_the_box_ticked(
    client_logged_in: Client, onboarded_user: User
) -> None:
    reauthenticate(client_logged_in)
    response = client_logged_in.post(reverse("tracking:delete_account"), {})
    assert "Tick this to confirm." in page_text(response)
    assert User.objects.filter(pk=onboarded_user.pk).exists()


def test_deleting_the_account_leaves_nothing_of_theirs_in_any_table(
    client_logged_in: Client, onboarded_user: User, onboarded_other_user: User
) -> None:
    add_history(onboarded_user, 5)
    rate(client_logged_in, goal_of(onboarded_user), "8")
    pk = onboarded_user.pk
    assert rows_owned_by(pk)
    others_before = rows_owned_by(onboarded_other_user.pk)
    reauthenticate(client_logged_in)
    response = client_logged_in.post(
        reverse("tracking:delete_account"), {"confirm": "on"}, follow=True
    )
    assert "Your account and all your data are deleted. Take care." in page_text(response)
    assert not User.objects.filter(pk=pk).exists()
    assert rows_owned_by(pk) == {}
    assert rows_owned_by(onboarded_other_user.pk) == others_before


def test_the_chart_spans_a_persons_history_up_to_twelve_weeks(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = onboarded_user.profile.local_today()
    first = PlannedDay.objects.filter(user=onboarded_user).order_by("date").first()
    # Twenty days of plan behind them: the chart starts with it.
    PlannedDay.objects.filter(pk=first.pk).update(date=today - timedelta(days=19))
    session_log_manual(
        user=onboarded_user,
        day=today,
        kind="mobility",
        pain_before=3,
        pain_after=2,
        effort=5,
        note="",
    )
    text = page_text(client_logged_in.get(PROGRESS))
    assert "Pain since you started" in text
    assert "Over the last 20 days you logged 1 session." in text
    PlannedDay.objects.filter(pk=first.pk).update(date=today - timedelta(weeks=30))
    assert "Pain over the last 12 weeks" in page_text(client_logged_in.get(PROGRESS))
