"""The hip extension self-test (issue 15, item 4): taken on demand, after onboarding and at a
block review; shown on /progress/ with a milestone when it improves by a category."""

from __future__ import annotations

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.db.models import F
from django.test import Client
from django.urls import reverse

from routines.models import FunctionalGoal, PlannedDay, ProgramBlock
from tests.conftest import page_text
from tracking.hip_test import HipTestResult, SideResult, improved_sides, worse_sides
from tracking.models import HipExtensionTest

pytestmark = pytest.mark.django_db

HIP_TEST = reverse("tracking:hip_test")
PROGRESS = reverse("tracking:progress")
TIGHT = {"left_thigh": "far_above", "left_knee": "straighter", "right_thigh": "above"}
TIGHT["right_knee"] = "bent"


def result(left: tuple[str, str], right: tuple[str, str]) -> HipTestResult:
    return HipTestResult(SideResult(*left), SideResult(*right))


@pytest.mark.parametrize(
    ("latest", "improved", "worse"),
    [
        pytest.param((("far_above", "straighter"), ("above", "bent")), (), (), id="same"),
        pytest.param((("above", "straighter"), ("above", "bent")), ("left",), (), id="thigh"),
        pytest.param((("far_above", "bent"), ("above", "bent")), ("left",), (), id="knee"),
        pytest.param((("far_above", "straighter"), ("flat", "bent")), ("right",), (), id="right"),
        pytest.param(
            (("far_above", "straighter"), ("far_above", "bent")), (), ("right",), id="worse"
        ),
    ],
)
def test_a_change_is_a_whole_category_on_either_measure_of_a_side(
    latest: tuple[tuple[str, str], tuple[str, str]],
    improved: tuple[str, ...],
    worse: tuple[str, ...],
) -> None:
    first = result(("far_above", "straighter"), ("above", "bent"))
    assert improved_sides(first, result(*latest)) == improved
    assert worse_sides(first, result(*latest)) == worse


def test_the_self_test_page_explains_each_step_and_its_safety_note(
    client_logged_in: Client, onboarded_user: User
) -> None:
    text = page_text(client_logged_in.get(HIP_TEST))
    for words in (
        "Use a firm, low bed or a sturdy bench",
        "have someone nearby",
        "Stop if it hurts.",
        "lie back so your hips are right at its edge",
        "does the back of your left thigh rest flat on the bed, lift a little above it, or lift "
        "well above it?",
    ):
        assert words in text


def test_a_self_test_is_saved_and_shown_on_progress(
    client_logged_in: Client, onboarded_user: User
) -> None:
    assert "Not taken yet" in page_text(client_logged_in.get(PROGRESS))
    response = client_logged_in.post(HIP_TEST, TIGHT, follow=True)
    assert response.redirect_chain[-1][0] == PROGRESS
    text = page_text(response)
    assert "Saved. Your hip self-test is on your progress page." in text
    assert "Left thigh well up, knee straighter" in text
    assert "Take it again at your next block review to see it change." in text
    assert HipExtensionTest.objects.get(user=onboarded_user).milestone is False


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        pytest.param({**TIGHT, "left_thigh": ""}, "left_thigh", id="an-answer-missing"),
        pytest.param({**TIGHT, "right_knee": "sideways"}, "right_knee", id="not-an-answer"),
    ],
)
def test_a_self_test_with_a_missing_or_unknown_answer_is_refused_beside_it(
    client_logged_in: Client, onboarded_user: User, answers: dict[str, str], field: str
) -> None:
    response = client_logged_in.post(HIP_TEST, answers)
    assert response.status_code == HTTPStatus.OK
    assert f'id="id_{field}_error"' in response.text
    # What was chosen stays chosen.
    assert response.context["form"]["right_thigh"].value() == "above"
    assert not HipExtensionTest.objects.filter(user=onboarded_user).exists()


def test_a_retest_a_category_better_is_a_milestone_once(
    client_logged_in: Client, onboarded_user: User
) -> None:
    client_logged_in.post(HIP_TEST, TIGHT)
    better = {**TIGHT, "left_thigh": "above"}
    text = page_text(client_logged_in.post(HIP_TEST, better, follow=True))
    assert "Your left hip extends further than at your first self-test" in text
    assert "Milestone: your left hip extends further than at your first self-test." in text
    client_logged_in.post(HIP_TEST, {**better, "right_thigh": "flat"})
    assert list(
        HipExtensionTest.objects.filter(user=onboarded_user).values_list("milestone", flat=True)
    ) == [False, True, False]


def test_a_tighter_retest_is_said_calmly(client_logged_in: Client, onboarded_user: User) -> None:
    client_logged_in.post(HIP_TEST, TIGHT)
    client_logged_in.post(HIP_TEST, {**TIGHT, "right_thigh": "far_above"})
    text = page_text(client_logged_in.get(PROGRESS))
    assert "Your right hip is tighter than at your first self-test." in text


def finish_the_first_block(user: User) -> None:
    ProgramBlock.objects.filter(user=user).update(starts_on=F("starts_on") - timedelta(weeks=4))
    PlannedDay.objects.filter(user=user).update(date=F("date") - timedelta(weeks=4))


def review(user: User, **hip: str) -> dict[str, str]:
    goal = FunctionalGoal.objects.get(user=user)
    return {"choice": "repeat", f"goal-{goal.pk}": "6"} | {f"hip-{k}": v for k, v in hip.items()}


def test_the_block_review_takes_the_self_test_when_given_and_goes_on_without_it(
    client_logged_in: Client, onboarded_user: User
) -> None:
    finish_the_first_block(onboarded_user)
    page = page_text(client_logged_in.get(reverse("tracking:review")))
    assert "Hip extension self-test (optional)" in page
    # Half a self-test: asked for the rest, and the review waits.
    response = client_logged_in.post(
        reverse("tracking:review"), review(onboarded_user, left_thigh="flat")
    )
    assert "Answer all four, or leave the whole self-test for another day." in page_text(response)
    assert ProgramBlock.objects.get(user=onboarded_user, number=1).reviewed_at is None
    client_logged_in.post(reverse("tracking:review"), review(onboarded_user, **TIGHT))
    assert HipExtensionTest.objects.filter(user=onboarded_user).count() == 1
    assert ProgramBlock.objects.get(user=onboarded_user, number=1).reviewed_at is not None


def test_a_review_without_the_self_test_saves_none(
    client_logged_in: Client, onboarded_user: User
) -> None:
    finish_the_first_block(onboarded_user)
    client_logged_in.post(reverse("tracking:review"), review(onboarded_user))
    assert ProgramBlock.objects.get(user=onboarded_user, number=1).reviewed_at is not None
    assert not HipExtensionTest.objects.filter(user=onboarded_user).exists()
