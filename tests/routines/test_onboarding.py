from __future__ import annotations

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.models import FunctionalGoal, FunctionalTask, PlannedDay, Profile, ProgramBlock
from routines.safety import RED_FLAG_KEYS
from tests.conftest import escaped, page_text

pytestmark = pytest.mark.django_db

SAFETY = reverse("routines:onboarding_safety")
CLEARANCE = reverse("routines:onboarding_clearance")
PROFILE = reverse("routines:onboarding_profile")
GOALS = reverse("routines:onboarding_goals")


def all_no(**answers: str) -> dict[str, str]:
    return dict.fromkeys(RED_FLAG_KEYS, "no") | answers


def good_profile(**changes: object) -> dict[str, object]:
    return {
        "training_days": ["0", "2", "4"],
        "session_minutes": "25",
        "equipment": ["band", "chair"],
        "experience": "new",
        "usual_pain": "4",
        "time_zone": "Europe/Berlin",
    } | changes


def task(slug: str) -> FunctionalTask:
    return FunctionalTask.objects.get(slug=slug)


def scale_values(page: str, name: str) -> list[str]:
    """The values of a rating's radio buttons, in the order the page shows them."""
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"', page)


@pytest.fixture
def at_profile_step(client_logged_in: Client) -> Client:
    client_logged_in.post(SAFETY, all_no())
    return client_logged_in


@pytest.fixture
def at_goals_step(at_profile_step: Client) -> Client:
    at_profile_step.post(PROFILE, good_profile())
    return at_profile_step


@pytest.mark.parametrize("name", ["tracking:today", "routines:plan"])
def test_a_new_user_is_sent_to_onboarding_from_app_pages(
    client_logged_in: Client, name: str
) -> None:
    response = client_logged_in.get(reverse(name), follow=True)
    assert response.redirect_chain[-1][0] == SAFETY
    assert "A quick safety check" in page_text(response)


@pytest.mark.parametrize("url", [SAFETY, CLEARANCE, PROFILE, GOALS])
def test_onboarding_sends_anonymous_visitors_to_log_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_all_no_on_the_safety_screen_goes_on_to_the_profile(client_logged_in: Client) -> None:
    response = client_logged_in.post(SAFETY, all_no(), follow=True)
    assert response.redirect_chain[-1][0] == PROFILE
    profile = Profile.objects.get()
    assert profile.safety_answered_at is not None
    assert profile.red_flags == []


def test_an_unanswered_safety_question_is_flagged_and_answers_are_kept(
    client_logged_in: Client,
) -> None:
    answers = all_no()
    del answers["fever"]
    answers["trauma"] = "yes"
    response = client_logged_in.post(SAFETY, answers)
    assert response.status_code == HTTPStatus.OK
    assert "Please answer yes or no." in page_text(response)
    assert response.context["form"]["trauma"].value() == "yes"
    assert Profile.objects.get().safety_answered_at is None


def test_a_yes_advises_a_clinician_and_holds_the_plan_until_cleared(
    client_logged_in: Client,
) -> None:
    response = client_logged_in.post(SAFETY, all_no(fever="yes"), follow=True)
    assert response.redirect_chain[-1][0] == CLEARANCE
    assert "Please see a clinician before you start" in page_text(response)
    assert client_logged_in.get(PROFILE, follow=True).redirect_chain[-1][0] == CLEARANCE
    assert client_logged_in.get(reverse("routines:plan"), follow=True).redirect_chain[-1][0] == (
        CLEARANCE
    )


def test_clearance_needs_the_box_ticked_and_the_assessments_date(
    client_logged_in: Client,
) -> None:
    client_logged_in.post(SAFETY, all_no(night_pain="yes"))
    response = client_logged_in.post(CLEARANCE, {})
    assert "Tick this only once a clinician has cleared you." in page_text(response)
    assert "Enter the date of your assessment." in page_text(response)
    assert Profile.objects.get().clinician_cleared_at is None


def test_confirmed_clearance_is_stored_with_the_time(
    client_logged_in: Client, time_machine: time_machine.TimeMachineFixture
) -> None:
    client_logged_in.post(SAFETY, all_no(night_pain="yes"))
    time_machine.move_to(timezone.now() + timedelta(hours=2), tick=False)
    assessed = Profile.objects.get().local_today().isoformat()
    response = client_logged_in.post(
        CLEARANCE, {"assessed_on": assessed, "cleared": "on"}, follow=True
    )
    assert response.redirect_chain[-1][0] == PROFILE
    profile = Profile.objects.get()
    assert profile.clinician_cleared_at == timezone.now()
    assert profile.assessed_on.isoformat() == assessed
    assert profile.red_flags == ["night_pain"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"training_days": []}, "Pick at least 3 days to train."),
        ({"training_days": ["1", "3"]}, "Pick at least 3 days"),
        ({"training_days": [str(day) for day in range(7)]}, "Keep at least one rest day"),
        ({"usual_pain": "11"}, "Pain is rated from 0 to 10."),
        ({"usual_pain": "-1"}, "Pain is rated from 0 to 10."),
        ({"usual_pain": "a lot"}, "Pain is rated from 0 to 10."),
        ({"usual_pain": ""}, "Rate your usual pain from 0 to 10."),
        ({"session_minutes": "90"}, "Select a valid choice"),
        ({"time_zone": "Mars/Olympus"}, "Choose a time zone from the list."),
        ({"equipment": ["jetpack"]}, "Select a valid choice"),
    ],
)
def test_bad_profile_answers_get_a_message_and_keep_what_was_entered(
    at_profile_step: Client, changes: dict[str, object], message: str
) -> None:
    response = at_profile_step.post(PROFILE, good_profile(**changes))
    assert response.status_code == HTTPStatus.OK
    assert message in page_text(response)
    form = response.context["form"]
    assert form["experience"].value() == "new"
    assert form["time_zone"].value() == good_profile(**changes)["time_zone"]
    profile = Profile.objects.get()
    assert profile.profile_completed_at is None
    assert profile.training_days == []


def test_the_profile_is_saved_and_going_back_shows_the_answers(at_profile_step: Client) -> None:
    response = at_profile_step.post(PROFILE, good_profile(), follow=True)
    assert response.redirect_chain[-1][0] == GOALS
    profile = Profile.objects.get()
    assert profile.training_days == [0, 2, 4]
    assert profile.time_zone == "Europe/Berlin"
    assert set(profile.equipment.values_list("slug", flat=True)) == {"band", "chair"}
    back = at_profile_step.get(PROFILE)
    assert back.context["form"]["usual_pain"].value() == 4
    assert 'value="Europe/Berlin" selected' in back.text


def test_goals_need_at_least_one_task(at_goals_step: Client) -> None:
    response = at_goals_step.post(GOALS, {})
    assert "Pick at least one task" in page_text(response)
    assert not ProgramBlock.objects.exists()


def test_goals_allow_at_most_five_tasks(at_goals_step: Client) -> None:
    data: dict[str, str] = {}
    for chosen in FunctionalTask.objects.all()[:6]:
        data[f"task_{chosen.pk}"] = "on"
        data[f"rating_{chosen.pk}"] = "5"
    response = at_goals_step.post(GOALS, data)
    assert "Pick at most 5 tasks" in page_text(response)
    assert not FunctionalGoal.objects.exists()


@pytest.mark.parametrize(
    ("rating", "message"),
    [
        ("", "Rate this task from 0 to 10."),
        ("11", "Rate from 0 to 10."),
        ("x", "Rate from 0 to 10."),
    ],
)
def test_a_chosen_task_needs_a_rating_from_0_to_10(
    at_goals_step: Client, rating: str, message: str
) -> None:
    stairs = task("climbing-stairs")
    response = at_goals_step.post(GOALS, {f"task_{stairs.pk}": "on", f"rating_{stairs.pk}": rating})
    # The message sits under the task's own scale, and the scale points to it.
    error = (
        f'<ul class="errorlist" id="id_rating_{stairs.pk}_error"><li>{escaped(message)}</li></ul>'
    )
    row = response.text.split(f'name="task_{stairs.pk}"')[1].split('class="question goal-row')[0]
    assert error in row
    assert f'aria-describedby="id_rating_{stairs.pk}_error"' in row
    assert response.context["form"][f"task_{stairs.pk}"].value() is True
    assert not FunctionalGoal.objects.exists()


def test_onboarding_ends_by_offering_reminders_on_by_default(at_goals_step: Client) -> None:
    page = at_goals_step.get(GOALS).text
    assert 'name="reminders-reminders_enabled" id="id_reminders-reminders_enabled" checked' in page
    shoes = task("tying-shoes")
    at_goals_step.post(
        GOALS,
        {
            f"task_{shoes.pk}": "on",
            f"rating_{shoes.pk}": "3",
            "reminders-reminders_enabled": "on",
            "reminders-reminder_time": "18:15",
        },
    )
    profile = Profile.objects.get()
    assert (profile.reminders_enabled, profile.reminder_time.isoformat()) == (True, "18:15:00")


def test_unticking_the_reminder_offer_keeps_them_off(at_goals_step: Client) -> None:
    shoes = task("tying-shoes")
    at_goals_step.post(GOALS, {f"task_{shoes.pk}": "on", f"rating_{shoes.pk}": "3"})
    profile = Profile.objects.get()
    assert profile.onboarded_at is not None
    assert profile.reminders_enabled is False


def test_a_rating_chosen_without_ticking_its_task_still_picks_it(
    at_goals_step: Client,
) -> None:
    stairs, car = task("climbing-stairs"), task("getting-in-and-out-of-car")
    # "Clear" sends an empty rating: it takes a rating back, so that task is not picked.
    at_goals_step.post(GOALS, {f"rating_{stairs.pk}": "4", f"rating_{car.pk}": ""})
    assert list(FunctionalGoal.objects.values_list("task__slug", "baseline")) == [
        ("climbing-stairs", 4)
    ]


def test_every_0_to_10_answer_of_onboarding_is_a_tap_scale(at_profile_step: Client) -> None:
    profile_page = at_profile_step.get(PROFILE).text
    assert "<legend>On a usual day, how much does your back hurt?" in profile_page
    assert scale_values(profile_page, "usual_pain") == [str(value) for value in range(11)]
    at_profile_step.post(PROFILE, good_profile())
    goals_page = at_profile_step.get(GOALS).text
    assert 'type="number"' not in goals_page
    names = ["custom_1_rating", "custom_2_rating"]
    for name in [f"rating_{each.pk}" for each in FunctionalTask.objects.all()] + names:
        # 0 to 10, then "Clear" to take a rating back.
        assert scale_values(goals_page, name) == [str(value) for value in range(11)] + [""]
        assert f'<label for="id_{name}_11"><input type="radio" name="{name}" value=""' in goals_page
    stairs = task("climbing-stairs")
    legend = '<span class="visually-hidden">How easy is climbing stairs now?</span>'
    assert legend in goals_page
    assert f'id="id_rating_{stairs.pk}_11"> Clear</label>' in goals_page


def test_going_back_to_goals_shows_the_ratings_chosen(at_goals_step: Client) -> None:
    stairs = task("climbing-stairs")
    at_goals_step.post(GOALS, {f"rating_{stairs.pk}": "4"})
    page = at_goals_step.get(GOALS).text
    # Only the rating chosen shows as chosen: not "Clear", and nothing on the other tasks.
    chosen = re.findall(r'<input type="radio" name="([^"]+)" value="([^"]*)"[^>]* checked', page)
    assert chosen == [(f"rating_{stairs.pk}", "4")]


def test_an_own_task_rated_but_not_named_is_asked_for_its_name(at_goals_step: Client) -> None:
    shoes = task("tying-shoes")
    response = at_goals_step.post(
        GOALS, {f"task_{shoes.pk}": "on", f"rating_{shoes.pk}": "3", "custom_1_rating": "5"}
    )
    assert "Name this task, or clear its rating." in page_text(response)
    assert response.context["form"]["custom_1_rating"].value() == "5"
    assert not FunctionalGoal.objects.exists()


def test_six_ratings_chosen_are_six_picks_and_one_too_many(at_goals_step: Client) -> None:
    data = {f"rating_{chosen.pk}": "5" for chosen in FunctionalTask.objects.all()[:6]}
    response = at_goals_step.post(GOALS, data)
    message = (
        "Pick at most 5 tasks: you have 6, and a task with a rating counts as picked. Untick "
        "the others and clear their ratings."
    )
    # Said at the top of the task list, where the picks are.
    errors = '<legend>Everyday tasks</legend>\n    <ul class="errorlist nonfield"><li>'
    assert f"{errors}{escaped(message)}</li></ul>" in response.text
    assert not FunctionalGoal.objects.exists()


def test_finishing_goals_stores_baselines_and_builds_the_plan(
    at_goals_step: Client, user: User
) -> None:
    shoes = task("tying-shoes")
    response = at_goals_step.post(
        GOALS,
        {
            f"task_{shoes.pk}": "on",
            f"rating_{shoes.pk}": "3",
            "custom_1_name": "Playing football with my son",
            "custom_1_rating": "2",
        },
        follow=True,
    )
    hip_test = f"{reverse('tracking:hip_test')}?next={reverse('routines:plan')}"
    assert response.redirect_chain[-1][0] == hip_test
    text = page_text(response)
    assert "Your plan is ready. One last, optional step before it." in text
    assert "Hip extension self-test" in text
    assert '<a class="button button-quiet" href="/plan/">Not now</a>' in response.text
    goals = {goal.name: goal.baseline for goal in FunctionalGoal.objects.filter(user=user)}
    assert goals == {"Tying shoes": 3, "Playing football with my son": 2}
    profile = Profile.objects.get()
    assert profile.onboarded_at is not None
    block = ProgramBlock.objects.get(user=user)
    assert (block.number, block.emphasis) == (1, "mobility")
    days = PlannedDay.objects.filter(user=user)
    assert days.first().date == profile.local_today()
    assert {day.date.weekday() for day in days if day.is_training} == {0, 2, 4}


def test_an_onboarded_user_going_to_onboarding_lands_on_today(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.get(reverse("routines:onboarding"))
    assert response["Location"] == reverse("tracking:today")


def test_answering_a_new_red_flag_later_pauses_the_plan(
    client_logged_in: Client, onboarded_user: User
) -> None:
    client_logged_in.post(SAFETY, all_no(leg_weakness="yes"))
    response = client_logged_in.get(reverse("tracking:today"), follow=True)
    assert response.redirect_chain[-1][0] == CLEARANCE


def test_a_new_red_flag_after_clearance_pauses_the_plan_until_cleared_again(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = reverse("tracking:today")
    client_logged_in.post(SAFETY, all_no(night_pain="yes"))
    assessed = onboarded_user.profile.local_today().isoformat()
    client_logged_in.post(CLEARANCE, {"assessed_on": assessed, "cleared": "on"})
    assert client_logged_in.get(today).status_code == HTTPStatus.OK
    # The same answer again keeps the clearance; a new yes does not.
    client_logged_in.post(SAFETY, all_no(night_pain="yes"))
    assert client_logged_in.get(today).status_code == HTTPStatus.OK
    client_logged_in.post(SAFETY, all_no(night_pain="yes", leg_weakness="yes"))
    assert client_logged_in.get(today, follow=True).redirect_chain[-1][0] == CLEARANCE
    assert Profile.objects.get(user=onboarded_user).clinician_cleared_at is None


def test_a_user_without_a_profile_gives_consent_on_the_safety_screen(
    client: Client, time_machine: time_machine.TimeMachineFixture
) -> None:
    staff = User.objects.create_user("coach", "coach@example.com", "pw")
    client.force_login(staff)
    refused = client.post(SAFETY, all_no())
    assert "Hipflex needs your consent to store pain logs." in page_text(refused)
    assert not Profile.objects.filter(user=staff).exists()
    time_machine.move_to(timezone.now() + timedelta(minutes=5), tick=False)
    client.post(SAFETY, all_no(health_data_consent="on"))
    profile = Profile.objects.get(user=staff)
    assert profile.health_data_consent_at == timezone.now()
