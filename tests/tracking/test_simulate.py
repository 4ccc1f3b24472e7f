from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from routines.easing import WEEKDAY_NAMES
from routines.models import Exercise, PlannedDay, ProgramBlock
from tests.conftest import TEST_NOW
from tracking.models import SessionLog

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
START = date(2027, 1, 4)  # a Monday, far from the suite's own clock
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PROFILE = {
    "training_days": ["mon", "wed", "fri", "sat"],
    "session_minutes": 25,
    "equipment": ["mat", "chair", "strap"],
    "experience": "new",
    "usual_pain": 3,
}


def scenario(**changes: Any) -> dict[str, Any]:
    return {"start": START.isoformat(), "weeks": 2, "profile": dict(PROFILE), **changes}


def simulate(tmp_path: Path, plan: dict[str, Any] | str) -> dict[str, Any]:
    path = tmp_path / "scenario.json"
    path.write_text(plan if isinstance(plan, str) else json.dumps(plan))
    out = StringIO()
    call_command("simulate", str(path), stdout=out)
    return json.loads(out.getvalue())


def refused(tmp_path: Path, plan: dict[str, Any] | str) -> str:
    with pytest.raises(CommandError) as refusal:
        simulate(tmp_path, plan)
    assert refusal.value.returncode == 2
    message = str(refusal.value)
    assert "\n" not in message
    return message


def on(day: date) -> str:
    return day.isoformat()


def training_days(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [day for day in result["days"] if day["kind"] != "rest"]


def events(result: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [event for event in result["events"] if event["type"] == kind]


def main_slugs(day: dict[str, Any]) -> list[str]:
    return [item["slug"] for item in day["exercises"] if item["part"] == "main"]


def test_a_two_week_run_prints_every_day_with_exercises_on_training_days_only(
    tmp_path: Path,
) -> None:
    result = simulate(tmp_path, scenario())
    days = result["days"]
    assert [day["date"] for day in days] == [on(START + timedelta(days=n)) for n in range(14)]
    for day in days:
        if day["kind"] == "rest":
            assert day["exercises"] == []
            assert day["logged"] is None
        else:
            parts = {item["part"] for item in day["exercises"]}
            assert parts == {"warmup", "main", "cooldown"}, day
            assert day["logged"] == {
                "pain_before": 2,
                "pain_after": 2,
                "morning_pain": 2,
                "hurt": [],
            }
    assert {(day["block"], day["step"]) for day in days} == {(1, 0)}
    assert [day["week"] for day in days] == [1] * 7 + [2] * 7


@pytest.mark.parametrize(
    "weekdays", [["mon", "wed", "fri", "sat"], ["tue", "thu", "sat"], ["mon", "tue", "thu", "sun"]]
)
def test_the_days_follow_the_persons_training_days(tmp_path: Path, weekdays: list[str]) -> None:
    result = simulate(tmp_path, scenario(profile={**PROFILE, "training_days": weekdays}))
    trained = {WEEKDAYS[date.fromisoformat(day["date"]).weekday()] for day in training_days(result)}
    assert trained == set(weekdays)
    assert len(training_days(result)) == 2 * len(weekdays)


def test_a_flare_is_told_and_the_next_session_to_come_is_eased_and_says_why(
    tmp_path: Path,
) -> None:
    flare_day = START  # Monday, the first session
    result = simulate(
        tmp_path, scenario(sessions={on(flare_day): {"pain_before": 3, "pain_after": 7}})
    )
    assert events(result, "flare") == [
        {
            "date": on(flare_day),
            "type": "flare",
            "detail": "Monday's mobility session: pain 3/10 before and 7/10 after.",
        }
    ]
    following = next(
        day for day in training_days(result) if date.fromisoformat(day["date"]) > flare_day
    )
    assert following["notes"][0].startswith("Eased: Monday's pain was 7/10.")
    assert [event["date"] for event in events(result, "eased")][0] == following["date"]


def test_an_exercise_that_hurt_is_not_planned_unchanged_again_and_the_day_says_so(
    tmp_path: Path,
) -> None:
    first = simulate(tmp_path, scenario())
    # A main exercise of the first session that the plan holds again later in the run.
    hurt_day = training_days(first)[0]
    later = training_days(first)[1:]
    slug = next(
        slug for slug in main_slugs(hurt_day) if any(slug in main_slugs(day) for day in later)
    )
    again = next(day for day in later if slug in main_slugs(day))

    result = simulate(tmp_path, scenario(sessions={hurt_day["date"]: {"hurt": [slug]}}))

    assert result["days"][0]["logged"]["hurt"] == [slug]
    day = next(day for day in result["days"] if day["date"] == again["date"])
    dose = {item["slug"]: item for item in again["exercises"]}[slug]
    assert dose not in day["exercises"]
    weekday = WEEKDAY_NAMES[START.weekday()]
    told = (
        f"{Exercise.objects.get(slug=slug).name} swapped for ",
        f"left out: it pinched or hurt on {weekday}.",
        f"is back at an easier level: two comfortable sessions since it pinched or hurt on "
        f"{weekday}.",
    )
    assert any(sentence in " ".join(day["notes"]) for sentence in told), day["notes"]
    assert {event["type"] for event in result["events"]} & {"swap", "removed", "lifted"}


def test_the_same_scenario_prints_the_same_plan_every_time(tmp_path: Path) -> None:
    plan = scenario(weeks=1)
    assert simulate(tmp_path, plan) == simulate(tmp_path, plan)


def test_nothing_of_the_run_remains_in_the_database(tmp_path: Path) -> None:
    models = (User, SessionLog, PlannedDay, ProgramBlock)
    before = [model.objects.count() for model in models]
    result = simulate(tmp_path, scenario())
    assert any(day["logged"] for day in result["days"])
    assert [model.objects.count() for model in models] == before


def test_the_clock_is_the_suites_again_after_a_run(tmp_path: Path) -> None:
    simulate(tmp_path, scenario())
    assert timedelta(0) <= timezone.now() - TEST_NOW < timedelta(minutes=5)


def test_without_a_start_the_run_starts_on_the_persons_today(tmp_path: Path) -> None:
    result = simulate(tmp_path, {"weeks": 1, "profile": PROFILE})
    assert result["days"][0]["date"] == on(TEST_NOW.astimezone(UTC).date())


@pytest.mark.parametrize(
    ("flag", "advice"),
    [
        (
            "night_pain",
            "The app advises seeing a clinician before exercising and holds the plan until the "
            "person confirms the assessment and its date.",
        ),
        (
            "saddle_numbness",
            "The app tells the person to get emergency care today and holds the plan until "
            "they confirm an in-person assessment, its date and who made it.",
        ),
    ],
)
def test_a_profile_with_red_flags_prints_no_days_and_the_advice_given(
    tmp_path: Path, flag: str, advice: str
) -> None:
    result = simulate(tmp_path, scenario(profile={**PROFILE, "red_flags": [flag]}))
    assert result["days"] == []
    assert result["events"] == [
        {
            "date": on(START),
            "type": "red_flag",
            "detail": f"Red flags answered yes: {flag}. {advice} No plan made.",
        }
    ]


def test_a_red_flag_in_settings_pauses_the_plan_until_a_clinician_clears_it(
    tmp_path: Path,
) -> None:
    flagged, cleared = START + timedelta(days=2), START + timedelta(days=4)
    changes = {on(flagged): {"red_flags": ["fever"]}, on(cleared): {"cleared": True}}
    result = simulate(tmp_path, scenario(changes=changes))
    kinds = {day["date"]: day["kind"] for day in result["days"]}
    assert [kinds[on(START + timedelta(days=n))] == "paused" for n in range(6)] == [
        False,
        False,
        True,
        True,
        False,
        False,
    ]
    assert [event["date"] for event in events(result, "red_flag")] == [on(flagged), on(cleared)]


def test_a_review_asking_for_more_than_the_block_earned_is_capped(tmp_path: Path) -> None:
    late_flare = START + timedelta(weeks=3, days=2)  # the last week of block 1
    block_two = START + timedelta(weeks=4)
    plan = scenario(
        weeks=5,
        sessions={on(late_flare): {"pain_after": 8}},
        reviews={"1": "progress"},
    )
    result = simulate(tmp_path, plan)
    (review,) = events(result, "review")
    assert review["date"] == on(block_two)
    assert review["detail"].startswith(
        "Block 1 reviewed: ease. The scenario asked for progress, a bigger step than the block "
        "earned, so it was capped at ease."
    )
    first = next(day for day in result["days"] if day["date"] == on(block_two))
    assert (first["block"], first["step"]) == (2, -1)


@pytest.mark.parametrize(
    ("plan", "says"),
    [
        (
            scenario(sessions={on(START): {"hurt": ["no-such-exercise"]}}),
            f"sessions.{on(START)}.hurt: no exercise 'no-such-exercise' in the library",
        ),
        (
            scenario(profile={**PROFILE, "equipment": ["trampoline"]}),
            "profile.equipment: no equipment 'trampoline' in the library",
        ),
        (
            scenario(goals=[{"task": "juggling", "rating": 3}]),
            "goals[1].task: no task 'juggling' in the library",
        ),
        (
            scenario(profile={**PROFILE, "training_days": ["mon", "funday", "fri"]}),
            "profile.training_days: 'funday' is not a weekday",
        ),
        (
            scenario(sessions={"2027-01-18": {"done": False}}),
            "sessions.2027-01-18: 2027-01-18 is outside the run (2027-01-04 to 2027-01-17)",
        ),
        (
            scenario(changes={"2027-01-03": {"cleared": True}}),
            "changes.2027-01-03: 2027-01-03 is outside the run",
        ),
        (
            scenario(default_session={"pain_after": 11}),
            "default_session.pain_after: pain is rated 0 to 10, not 11",
        ),
        (
            scenario(sessions={on(START): {"morning_pain": -1}}),
            "pain is rated 0 to 10, not -1",
        ),
        (scenario(reviews={"default": "maybe"}), "reviews.default: one of suggested"),
        (
            scenario(reviews={"1": "progress"}),
            "reviews.1: block 1's review comes up on 2027-02-01, after the run's last day",
        ),
        (scenario(start="next monday"), "start: not a date like 2027-01-04: 'next monday'"),
        ('{"profile": {', "not valid JSON: "),
        ({"start": "2027-01-04"}, "profile is missing"),
    ],
)
def test_bad_input_is_refused_with_one_line_and_status_two(
    tmp_path: Path, plan: dict[str, Any] | str, says: str
) -> None:
    assert says in refused(tmp_path, plan)


def test_a_hurt_exercise_missing_from_that_days_session_is_refused_and_nothing_remains(
    tmp_path: Path,
) -> None:
    first_day = training_days(simulate(tmp_path, scenario(weeks=1)))[0]
    held = {item["slug"] for item in first_day["exercises"]}
    absent = Exercise.objects.published().exclude(slug__in=held).values_list("slug", flat=True)[0]
    users = User.objects.count()
    message = refused(tmp_path, scenario(sessions={first_day["date"]: {"hurt": [absent]}}))
    assert f"sessions.{first_day['date']}.hurt: {absent} is not in that day's session" in message
    assert User.objects.count() == users
    assert timedelta(0) <= timezone.now() - TEST_NOW < timedelta(minutes=5)


def test_manage_py_exits_with_status_two_and_one_line_for_malformed_json(tmp_path: Path) -> None:
    path = tmp_path / "scenario.json"
    path.write_text("{not json")
    result = subprocess.run(
        [sys.executable, "manage.py", "simulate", str(path)],
        cwd=ROOT,
        # Malformed JSON is refused before the database is opened.
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"CommandError: {path}: not valid JSON: Expecting property name enclosed in double "
        "quotes at line 1 column 2"
    ]
