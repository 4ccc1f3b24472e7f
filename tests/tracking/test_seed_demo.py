from __future__ import annotations

import math
from collections import Counter
from datetime import timedelta
from io import StringIO
from itertools import pairwise
from statistics import mean

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from routines.models import PlannedDay, PlannedExercise, ProgramBlock
from tracking.management.commands.seed_demo import DEFAULT_PASSWORD, TIME_ZONES
from tracking.models import ExerciseResult, Milestone, SessionLog, TaskRating
from tracking.services import MILESTONE_GAIN, MILESTONE_RATING

SEED = 5
USERS = 3
DAYS = 30

pytestmark = pytest.mark.django_db


def seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def seed_three_people() -> str:
    return seed_demo("--users", str(USERS), "--days", str(DAYS), "--seed", str(SEED))


def demo_people() -> list[User]:
    return list(
        User.objects.filter(username__startswith=f"demo-{SEED}-")
        .select_related("profile")
        .order_by("username")
    )


def fingerprint() -> list[tuple[object, ...]]:
    return sorted(
        SessionLog.objects.filter(user__username__startswith=f"demo-{SEED}-").values_list(
            "user__email", "date", "pain_before", "pain_after", "morning_pain"
        )
    )


@pytest.fixture
def seeded() -> str:
    return seed_three_people()


def test_seeding_reports_how_many_people_and_how_long_it_took(seeded: str) -> None:
    assert f"Seeded {USERS} users with {DAYS} days of history in " in seeded


def test_demo_people_log_in_with_the_demo_password_and_a_verified_email(seeded: str) -> None:
    people = demo_people()
    assert [person.email for person in people] == [
        f"demo-{SEED}-{number}@example.com" for number in range(1, USERS + 1)
    ]
    for person in people:
        assert person.check_password(DEFAULT_PASSWORD)
        assert person.is_active and not person.is_staff
        assert EmailAddress.objects.filter(
            user=person, email=person.email, verified=True, primary=True
        ).exists()


def test_every_demo_person_has_finished_onboarding(seeded: str) -> None:
    people = demo_people()
    assert len(people) == USERS
    for person in people:
        profile = person.profile
        assert profile.onboarding_step == "done"
        assert profile.health_data_consent_at is not None
        assert profile.red_flags == []
        assert 3 <= len(profile.training_days) <= 6
        assert profile.session_minutes in (15, 25, 40)
        assert profile.equipment.exists()
        assert profile.experience in ("new", "some", "regular")
        assert profile.usual_pain is not None
        assert profile.time_zone in TIME_ZONES
        goals = list(person.functional_goals.all())
        assert 1 <= len(goals) <= 3
        assert all(0 <= goal.baseline <= 10 for goal in goals)


def test_planned_days_cover_the_history_and_the_next_four_weeks(seeded: str) -> None:
    people = demo_people()
    assert len(people) == USERS
    for person in people:
        today = person.profile.local_today()
        wanted = {today + timedelta(days=offset) for offset in range(-DAYS, 28)}
        days = list(PlannedDay.objects.filter(user=person))
        assert wanted <= {day.date for day in days}
        assert min(day.date for day in days) == today - timedelta(days=DAYS)
        blocks = list(ProgramBlock.objects.filter(user=person))
        assert [block.number for block in blocks] == list(range(1, len(blocks) + 1))
        assert all(block.starts_on.weekday() == 0 for block in blocks)
        exercises = Counter(
            PlannedExercise.objects.filter(day__user=person).values_list("day_id", flat=True)
        )
        for day in days:
            assert (exercises[day.pk] > 0) == day.is_training
            assert day.block.starts_on <= day.date <= day.block.ends_on


def test_about_three_quarters_of_past_training_days_have_one_finished_log(seeded: str) -> None:
    past_training = PlannedDay.objects.filter(user__username__startswith=f"demo-{SEED}-").exclude(
        kind="rest"
    )
    logs = list(SessionLog.objects.filter(user__username__startswith=f"demo-{SEED}-"))
    planned = {day.pk: day for day in past_training}
    past = [day for day in planned.values() if day.date < day.user.profile.local_today()]
    # Attendance is drawn per person around three quarters (seed_demo.ATTENDANCE): the share
    # logged stays within four standard deviations of it for this many days, whatever the
    # date the suite runs on; logging none, all or half would not.
    share, spread = 0.75, 4 * math.sqrt(0.75 * 0.25 / len(past))
    assert share - spread <= len(logs) / len(past) <= min(0.97, share + spread)
    assert len({log.planned_day_id for log in logs}) == len(logs)
    for log in logs:
        day = planned[log.planned_day_id]
        assert (log.user_id, log.date, log.kind) == (day.user_id, day.date, day.kind)
        assert log.is_finished and day.completed_at == log.finished_at
        assert 3 <= log.effort <= 8
    assert not PlannedDay.objects.filter(
        user__username__startswith=f"demo-{SEED}-", completed_at__isnull=False, logs__isnull=True
    ).exists()


def test_each_log_has_a_result_for_every_planned_exercise(seeded: str) -> None:
    results = ExerciseResult.objects.filter(log__user__username__startswith=f"demo-{SEED}-")
    for log in SessionLog.objects.filter(user__username__startswith=f"demo-{SEED}-"):
        planned = list(
            PlannedExercise.objects.filter(day=log.planned_day_id).values_list(
                "position", "exercise_id", "sets"
            )
        )
        done = results.filter(log=log).order_by("position")
        assert list(done.values_list("position", "exercise_id", "sets")) == planned
    statuses = Counter(results.values_list("status", flat=True))
    assert statuses["done"] > 4 * statuses["skipped"] > 0


def test_pain_eases_over_the_history(seeded: str) -> None:
    logs = list(SessionLog.objects.filter(user__username__startswith=f"demo-{SEED}-"))
    first_day = min(log.date for log in logs)
    last_day = max(log.date for log in logs)
    early = [log for log in logs if log.date < first_day + timedelta(days=10)]
    late = [log for log in logs if log.date > last_day - timedelta(days=10)]
    for pain in ("pain_before", "pain_after", "morning_pain"):
        early_values = [getattr(log, pain) for log in early if getattr(log, pain) is not None]
        late_values = [getattr(log, pain) for log in late if getattr(log, pain) is not None]
        assert mean(late_values) < mean(early_values), pain


def test_tasks_are_rerated_weekly_and_milestones_follow_the_rules(seeded: str) -> None:
    gains = []
    people = demo_people()
    assert len(people) == USERS
    for person in people:
        for goal in person.functional_goals.all():
            ratings = list(TaskRating.objects.filter(goal=goal).values_list("rated_on", "rating"))
            assert 1 <= len(ratings) <= 4
            dates = [rated_on for rated_on, _ in ratings]
            # About a week apart, a week sometimes skipped, never twice in a few days.
            assert all((later - earlier).days >= 6 for earlier, later in pairwise(dates))
            assert dates[-1] < person.profile.local_today()
            gains.append(ratings[-1][1] - goal.baseline)
            reached = [
                (on, rating)
                for on, rating in ratings
                if rating - goal.baseline >= MILESTONE_GAIN
                or (rating >= MILESTONE_RATING and goal.baseline < MILESTONE_RATING)
            ]
            milestone = Milestone.objects.filter(goal=goal).first()
            if reached:
                assert milestone is not None
                assert (milestone.reached_on, milestone.rating) == reached[0]
            else:
                assert milestone is None
    assert mean(gains) > 0


def test_the_same_seed_gives_the_same_logs() -> None:
    seed_three_people()
    first = fingerprint()
    User.objects.filter(username__startswith=f"demo-{SEED}-").delete()
    seed_three_people()
    assert fingerprint() == first
    assert len(first) > USERS * 5


def test_seeding_again_keeps_the_people_there_and_adds_nobody(seeded: str) -> None:
    before = fingerprint(), User.objects.count(), PlannedDay.objects.count()
    output = seed_three_people()
    assert f"{USERS} demo people of seed {SEED} exist" in output
    assert (fingerprint(), User.objects.count(), PlannedDay.objects.count()) == before


def test_a_bigger_rerun_adds_only_the_missing_people(seeded: str) -> None:
    first = fingerprint()
    seed_demo("--users", str(USERS + 1), "--days", str(DAYS), "--seed", str(SEED))
    assert len(demo_people()) == USERS + 1
    assert set(first) < set(fingerprint())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--users", "0", "--days", "30"], "--users must be at least 1, not 0."),
        (["--users", "3", "--days", "-1"], "--days must be between 0 and 3650, not -1."),
        (["--users", "3", "--days", "30", "--password", ""], "--password must not be empty."),
        (
            ["--users", "3", "--days", "30", "--jobs", "2"],
            "--jobs above 1 needs PostgreSQL and no surrounding transaction.",
        ),
        # On SQLite: PostgreSQL only; on PostgreSQL: not inside the test's transaction.
        (["--users", "3", "--days", "30", "--disable-triggers"], "--disable-triggers "),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        seed_demo(*arguments)
    assert not User.objects.filter(username__startswith="demo-").exists()
