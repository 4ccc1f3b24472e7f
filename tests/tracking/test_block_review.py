from __future__ import annotations

import re
from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines import plan_engine
from routines.models import FunctionalGoal, PlannedDay, PlannedExercise, ProgramBlock
from routines.services import exercise_option
from tests.conftest import page_text
from tracking.adaptation import SessionOutcome
from tracking.models import SessionLog, TaskRating
from tracking.review import BlockEnd, allowed_choices, earned_choice, earned_load, summarise

pytestmark = pytest.mark.django_db

REVIEW = reverse("tracking:review")


def finish_first_block(
    user: User, *, done_share: float, pain: tuple[int, int], morning: int | None = 2
) -> ProgramBlock:
    """Move the first block four weeks into the past, with sessions done and pain as given
    (before and after, first half and second), and each next morning at `morning`."""
    ProgramBlock.objects.filter(user=user).update(starts_on=F("starts_on") - timedelta(weeks=4))
    PlannedDay.objects.filter(user=user).update(date=F("date") - timedelta(weeks=4))
    block = ProgramBlock.objects.get(user=user, number=1)
    training = list(
        PlannedDay.objects.filter(user=user, block=block).exclude(kind="rest").order_by("date")
    )
    done = training[: round(len(training) * done_share)]
    middle = block.starts_on + timedelta(days=14)
    for day in done:
        day.completed_at = timezone.now()
        day.save(update_fields=["completed_at"])
        SessionLog.objects.create(
            user=user,
            planned_day=day,
            date=day.date,
            kind=day.kind,
            pain_before=pain[0] if day.date < middle else pain[1],
            pain_after=pain[0] if day.date < middle else pain[1],
            morning_pain=morning,
            finished_at=timezone.now(),
        )
    return block


def sessions_done(block: ProgramBlock) -> str:
    """The block's adherence as the review shows it (how many days it plans depends on the
    weekday the person started on)."""
    training = PlannedDay.objects.filter(block=block).exclude(kind="rest")
    done, planned = training.filter(completed_at__isnull=False).count(), training.count()
    return f"{round(100 * done / planned)}% ({done} of {planned})"


def preselected_choice(markup: str) -> str:
    """The next-block choice the review form comes with already ticked."""
    [value] = re.findall(r'<input type="radio" name="choice" value="(\w+)"[^>]* checked', markup)
    return value


def review_data(user: User, choice: str, rating: str = "6") -> dict[str, str]:
    data = {"choice": choice}
    for goal in FunctionalGoal.objects.filter(user=user):
        data[f"goal-{goal.pk}"] = rating
    return data


def block_end(**changes: object) -> BlockEnd:
    """Eight of twelve sessions done, no flare, nothing sore, calm mornings: a step up."""
    facts = {
        "planned": 12,
        "done": 8,
        "flare_on": None,
        "flare_pain": None,
        "hurt": False,
        "settled": True,
    }
    return BlockEnd(**{**facts, **changes})


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        pytest.param(block_end(), "progress", id="earned"),
        pytest.param(block_end(done=7), "repeat", id="less-than-two-thirds"),
        pytest.param(block_end(planned=0, done=0), "repeat", id="nothing-planned"),
        pytest.param(block_end(hurt=True), "repeat", id="an-exercise-hurt"),
        pytest.param(block_end(settled=False), "repeat", id="mornings-not-settled"),
        pytest.param(
            block_end(flare_on=date(2026, 11, 20), flare_pain=7), "ease", id="a-recent-flare"
        ),
        pytest.param(
            block_end(done=12, settled=False),
            "repeat",
            id="every-session-done-but-mornings-not-settled",
        ),
    ],
)
def test_a_step_up_is_earned_and_a_flare_eases(end: BlockEnd, expected: str) -> None:
    assert earned_choice(end) == expected


@pytest.mark.parametrize(
    ("suggestion", "allowed"),
    [
        ("progress", ("ease", "repeat", "progress")),
        ("repeat", ("ease", "repeat")),
        ("ease", ("ease",)),
    ],
)
def test_the_person_may_choose_a_smaller_step_never_a_bigger_one(
    suggestion: str, allowed: tuple[str, ...]
) -> None:
    assert allowed_choices(suggestion) == allowed


def last_two_weeks(block: ProgramBlock) -> tuple[int, int]:
    training = PlannedDay.objects.filter(
        block=block, date__gt=block.ends_on - timedelta(days=14)
    ).exclude(kind="rest")
    return training.filter(completed_at__isnull=False).count(), training.count()


def test_the_block_summary_splits_pain_into_halves() -> None:
    start = date(2026, 11, 2)
    days = [(start + timedelta(days=n), "mobility", n % 2 == 0) for n in range(28)]
    pains = [(start + timedelta(days=1), 4), (start + timedelta(days=20), 2)]
    summary = summarise(days, pains, start, start + timedelta(days=27))
    assert (summary.done, summary.planned) == (14, 28)
    assert (summary.first_half_pain, summary.second_half_pain) == (4, 2)


def test_today_leads_to_the_review_when_a_block_has_ended(
    client_logged_in: Client, onboarded_user: User
) -> None:
    assert "Review my block" not in page_text(client_logged_in.get(reverse("tracking:today")))
    block = finish_first_block(onboarded_user, done_share=0.8, pain=(3, 3))
    today = client_logged_in.get(reverse("tracking:today"))
    assert "Block 1 is done Take two minutes to look back" in page_text(today)
    assert f'<a class="button" href="{REVIEW}">Review my block</a>' in today.text
    review = client_logged_in.get(REVIEW)
    assert review.status_code == HTTPStatus.OK
    text = page_text(review)
    done = sessions_done(block)
    assert f"Sessions done {done} Pain About the same." in text
    recent, planned = last_two_weeks(block)
    assert (
        f"Suggested: progress. You did {recent} of {planned} sessions in the last two weeks, "
        "with no flare and nothing sore, and your mornings settled"
    ) in text
    assert preselected_choice(review.text) == "progress"


def test_the_review_names_the_block_its_focus_and_its_dates(
    client_logged_in: Client, onboarded_user: User
) -> None:
    block = finish_first_block(onboarded_user, done_share=0.8, pain=(3, 3))
    text = page_text(client_logged_in.get(REVIEW))
    starts, ends = block.starts_on, block.ends_on
    assert (
        f"Block 1 is done Four weeks of {block.get_emphasis_display().lower()} focus, "
        f"{starts.day} {starts:%b} to {ends.day} {ends:%b}."
    ) in text


@pytest.mark.parametrize(("choice", "step"), [("progress", 1), ("repeat", 0), ("ease", -1)])
def test_each_review_choice_sets_the_next_blocks_step(
    client_logged_in: Client, onboarded_user: User, choice: str, step: int
) -> None:
    finish_first_block(onboarded_user, done_share=0.8, pain=(3, 3))
    response = client_logged_in.post(REVIEW, review_data(onboarded_user, choice))
    assert response["Location"] == reverse("routines:plan")
    block = ProgramBlock.objects.get(user=onboarded_user, number=1)
    assert block.review_choice == choice
    following = ProgramBlock.objects.get(user=onboarded_user, number=2)
    assert following.step == step
    today = onboarded_user.profile.local_today()
    upcoming = PlannedDay.objects.filter(user=onboarded_user, date__gte=today)
    assert upcoming.exists()
    assert set(upcoming.values_list("block__number", flat=True)) <= {2, 3}
    assert TaskRating.objects.filter(user=onboarded_user, rating=6).count() == 1
    assert "Block 1 is done" not in page_text(client_logged_in.get(reverse("tracking:today")))


def test_a_flare_near_the_end_suggests_easing_and_only_easing(
    client_logged_in: Client, onboarded_user: User
) -> None:
    finish_first_block(onboarded_user, done_share=1.0, pain=(2, 7))
    review = client_logged_in.get(REVIEW)
    text = page_text(review)
    assert preselected_choice(review.text) == "ease"
    flare = SessionLog.objects.filter(user=onboarded_user, pain_after=7).latest("date").date
    assert (
        f"Suggested: ease. Your pain reached 7/10 on {flare:%A} {flare.day} {flare:%B}: a "
        "gentler next block gives your back time to settle."
    ) in text
    assert re.findall(r'name="choice" value="(\w+)"', review.text) == ["ease"]


def test_low_adherence_suggests_repeating_and_says_what_a_step_up_needs(
    client_logged_in: Client, onboarded_user: User
) -> None:
    block = finish_first_block(onboarded_user, done_share=0.3, pain=(3, 3))
    review = client_logged_in.get(REVIEW)
    recent, planned = last_two_weeks(block)
    assert (
        "Suggested: repeat. A step up comes with two thirds of the sessions of the last two "
        f"weeks (you did {recent} of {planned}) and two mornings in a row at or below your "
        "usual 3/10. The same level again lets that happen."
    ) in page_text(review)
    assert re.findall(r'name="choice" value="(\w+)"', review.text) == ["repeat", "ease"]


def test_mornings_above_usual_hold_the_step(client_logged_in: Client, onboarded_user: User) -> None:
    finish_first_block(onboarded_user, done_share=1.0, pain=(3, 3), morning=4)
    text = page_text(client_logged_in.get(REVIEW))
    assert (
        "Suggested: repeat. A step up comes with two mornings in a row at or below your usual 3/10."
    ) in text


def test_a_bigger_step_than_earned_is_refused_next_to_the_choice(
    client_logged_in: Client, onboarded_user: User
) -> None:
    finish_first_block(onboarded_user, done_share=0.3, pain=(3, 3))
    response = client_logged_in.post(REVIEW, review_data(onboarded_user, "progress"))
    assert response.status_code == HTTPStatus.OK
    message = "The next block can take the suggested step or a smaller one, not a bigger one."
    assert re.search(
        r'<div class="question field-error">.*?name="choice".*?</div>',
        response.text,
        re.DOTALL,
    )
    assert message in page_text(response)
    assert ProgramBlock.objects.get(user=onboarded_user, number=1).reviewed_at is None
    assert not ProgramBlock.objects.filter(user=onboarded_user, step__gt=0).exists()
    assert not TaskRating.objects.exists()


def test_the_review_needs_every_rating_and_a_choice(
    client_logged_in: Client, onboarded_user: User
) -> None:
    finish_first_block(onboarded_user, done_share=0.8, pain=(3, 3))
    response = client_logged_in.post(REVIEW, {"choice": "sideways"})
    text = page_text(response)
    assert "The next block can take the suggested step or a smaller one" in text
    assert "Rate this task from 0 to 10." in text
    assert ProgramBlock.objects.get(user=onboarded_user, number=1).reviewed_at is None
    assert not TaskRating.objects.exists()


def test_without_an_ended_block_the_review_sends_you_back(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.get(REVIEW, follow=True)
    assert response.redirect_chain == [(reverse("tracking:today"), HTTPStatus.FOUND)]
    assert "There is no finished block to review right now." in page_text(response)


def a_week_later(user: User) -> None:
    """Everything a week further in the past: the block ended eight days ago."""
    ProgramBlock.objects.filter(user=user).update(starts_on=F("starts_on") - timedelta(weeks=1))
    # Through a far date: a row moved onto a date another row still holds breaks the one day
    # per date constraint, whichever order PostgreSQL updates them in.
    for days in (PlannedDay.objects.filter(user=user), SessionLog.objects.filter(user=user)):
        days.update(date=F("date") - timedelta(weeks=1000))
        days.update(date=F("date") + timedelta(weeks=999))


def test_a_review_unanswered_for_a_week_takes_the_rules_answer_and_says_so(
    client_logged_in: Client, onboarded_user: User
) -> None:
    finish_first_block(onboarded_user, done_share=1.0, pain=(2, 7))
    a_week_later(onboarded_user)
    text = page_text(client_logged_in.get(reverse("tracking:today")))
    assert (
        "Block 1 was not reviewed within a week, so block 2 takes a step easier. Your pain "
        "reached 7/10 on"
    ) in text
    assert "Review my block" not in text
    block = ProgramBlock.objects.get(user=onboarded_user, number=1)
    assert (block.review_choice, block.reviewed_at is not None) == ("ease", True)
    assert ProgramBlock.objects.get(user=onboarded_user, number=2).step == -1
    # Once, not on every visit.
    again = page_text(client_logged_in.get(reverse("tracking:today")))
    assert "was not reviewed within a week" not in again


def test_a_skipped_review_never_steps_up_unearned(
    client_logged_in: Client, onboarded_user: User
) -> None:
    finish_first_block(onboarded_user, done_share=1.0, pain=(3, 3), morning=4)
    a_week_later(onboarded_user)
    client_logged_in.get(reverse("tracking:today"))
    assert ProgramBlock.objects.get(user=onboarded_user, number=1).review_choice == "repeat"
    assert ProgramBlock.objects.get(user=onboarded_user, number=2).step == 0


def test_a_skipped_review_steps_up_when_the_block_earned_it(
    client_logged_in: Client, onboarded_user: User
) -> None:
    finish_first_block(onboarded_user, done_share=1.0, pain=(3, 3))
    a_week_later(onboarded_user)
    client_logged_in.get(reverse("tracking:today"))
    assert ProgramBlock.objects.get(user=onboarded_user, number=2).step == 1


def test_within_the_week_the_review_still_waits_for_the_person(
    client_logged_in: Client, onboarded_user: User
) -> None:
    finish_first_block(onboarded_user, done_share=1.0, pain=(2, 7))
    text = page_text(client_logged_in.get(reverse("tracking:today")))
    assert "Review my block" in text
    assert ProgramBlock.objects.get(user=onboarded_user, number=1).reviewed_at is None


def test_an_eased_next_block_keeps_every_dose_low_and_the_plan_says_so(
    client_logged_in: Client, onboarded_user: User
) -> None:
    finish_first_block(onboarded_user, done_share=1.0, pain=(2, 7))
    client_logged_in.post(REVIEW, review_data(onboarded_user, "ease"))
    following = ProgramBlock.objects.get(user=onboarded_user, number=2)
    assert (following.step, following.eased) == (-1, True)
    main = PlannedExercise.objects.filter(day__block=following, part="main").select_related(
        "exercise"
    )
    assert main.exists()
    for planned in main:
        dosage = plan_engine.dosage_for(exercise_option(planned.exercise), "main")
        # At most: the flare also eases its own kind's sessions for a while (tracking.adaptation).
        assert planned.sets <= dosage.min_sets, planned
        assert planned.amount <= dosage.min_amount, planned
    plan = page_text(client_logged_in.get(reverse("routines:plan")))
    assert (
        "A step easier than block 1, as you chose in its review. An easier block: every "
        "exercise at a lighter dose, and the "
        "time left over goes to a calm cool-down."
    ) in plan


def strength(day: int, pain: int) -> SessionOutcome:
    return SessionOutcome(date(2027, 1, 4) + timedelta(days=day), "strength", 2, pain, 2)


CALM = [strength(0, 2), strength(7, 3)]
FLARED = [strength(0, 2), strength(7, 7)]
LOADED_ON = {date(2027, 1, 4), date(2027, 1, 11)}


@pytest.mark.parametrize(
    ("max_load", "experience", "outcomes", "loaded_dates", "expected"),
    [
        pytest.param("held", "new", CALM, set(), "loaded", id="calm-strength-earns-weights"),
        pytest.param("held", "new", FLARED, set(), "held", id="a-strength-flare-holds-them"),
        pytest.param("held", "new", [], set(), "held", id="no-strength-done"),
        pytest.param("loaded", "new", CALM, LOADED_ON, "ballistic", id="weights-tolerated"),
        pytest.param("loaded", "new", CALM, {date(2027, 1, 4)}, "loaded", id="one-weighted-day"),
        pytest.param("loaded", "new", FLARED, LOADED_ON, "loaded", id="weights-flared"),
        pytest.param("held", "some", [], set(), "ballistic", id="not-new"),
        pytest.param("ballistic", "new", FLARED, set(), "ballistic", id="never-taken-back"),
    ],
)
def test_someone_new_earns_weights_then_swings_one_block_at_a_time(
    max_load: str,
    experience: str,
    outcomes: list[SessionOutcome],
    loaded_dates: set[date],
    expected: str,
) -> None:
    assert earned_load(max_load, experience, outcomes, loaded_dates, usual_pain=3) == expected
