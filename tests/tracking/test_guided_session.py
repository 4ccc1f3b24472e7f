"""The guided session: one exercise per page, answered by plain form posts (htmx only boosts
them), the finish as its own step, and hurt answered at once."""

from __future__ import annotations

import json
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from routines.easing import weekday_name
from routines.models import AdaptationState, Exercise, PlannedDay
from tests.conftest import escaped, page_text
from tests.tracking.conftest import todays_day
from tracking.guided import (
    BOX_BREATHING,
    breath_pacing,
    next_unanswered,
    timer_phases,
    unanswered_sentence,
)
from tracking.models import ExerciseResult, ResultStatus, SessionLog
from tracking.services import session_start

pytestmark = pytest.mark.django_db


def do_url(log: SessionLog) -> str:
    return reverse("tracking:session_do", args=[log.pk])


def step_url(log: SessionLog, number: int) -> str:
    return reverse("tracking:session_step", args=[log.pk, number])


def finish_url(log: SessionLog) -> str:
    return reverse("tracking:session_finish", args=[log.pk])


def results_of(log: SessionLog) -> list[ExerciseResult]:
    return list(log.results.select_related("exercise").order_by("position"))


def number_of(log: SessionLog, predicate: object) -> int:
    """The step number of the first exercise of `log` that `predicate` accepts."""
    return next(
        number for number, result in enumerate(results_of(log), start=1) if predicate(result)
    )


def answer(client: Client, log: SessionLog, number: int, status: str) -> str:
    response = client.post(step_url(log, number), {"status": status})
    assert response.status_code == HTTPStatus.FOUND, page_text(response)
    return response["Location"]


def has_an_easier_version(exercise: Exercise) -> bool:
    """An exercise whose easier version a person without equipment can do."""
    easier = exercise.regression
    return easier is not None and easier.is_published and not easier.equipment.exists()


def with_an_easier_version(result: ExerciseResult) -> bool:
    return has_an_easier_version(result.exercise)


def number_with_an_easier_version(log: SessionLog) -> int:
    """The step of the session's first exercise with an easier version. A day may hold none
    (a recovery day's moves are the easiest there are): its first exercise becomes one."""
    results = results_of(log)
    found = [number for number, result in enumerate(results, 1) if with_an_easier_version(result)]
    if found:
        return found[0]
    in_session = {result.exercise_id for result in results}
    harder = next(
        exercise
        for exercise in Exercise.objects.filter(regression__isnull=False).order_by("slug")
        if has_an_easier_version(exercise)
        and not {exercise.pk, exercise.regression_id} & in_session
    )
    ExerciseResult.objects.filter(pk=results[0].pk).update(exercise=harder)
    return 1


# Steps and the next exercise not answered


def test_the_session_opens_on_the_first_exercise_not_answered(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    assert client_logged_in.get(do_url(started_log))["Location"] == step_url(started_log, 1)
    answer(client_logged_in, started_log, 1, "done")
    answer(client_logged_in, started_log, 2, "skipped")
    assert client_logged_in.get(do_url(started_log))["Location"] == step_url(started_log, 3)
    started_log.results.update(status=ResultStatus.DONE)
    assert client_logged_in.get(do_url(started_log))["Location"] == finish_url(started_log)


def test_each_step_shows_one_exercise_with_its_dose_how_to_and_answers(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    results = results_of(started_log)
    for number, result in enumerate(results, start=1):
        response = client_logged_in.get(step_url(started_log, number))
        text = page_text(response)
        exercise = result.exercise
        assert f"{exercise.name} {result.dosage_text()}" in text
        assert f"Exercise {number} of {len(results)}" in text
        assert all(step in text for step in exercise.instruction_steps())
        assert "How did it go?" not in text  # the finish is its own step
        # One exercise a page: its name is the page's only heading of the first level.
        assert re.findall(r"<h1[^>]*>(.*?)</h1>", response.text) == [escaped(exercise.name)]
        assert "Done Skip it It pinched or hurt" in text
        assert f'action="{step_url(started_log, number)}"' in response.text


def test_each_step_shows_the_moves_picture_with_its_words(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    for number, result in enumerate(results_of(started_log), start=1):
        page = client_logged_in.get(step_url(started_log, number))
        figure = result.exercise.figure
        assert f'<img src="{figure.moving}"' in page.text
        assert f'srcset="{figure.stills}"' in page.text  # two stills, for less motion
        assert figure.alt in page_text(page)


def test_a_hold_has_a_timer_and_repetitions_a_rest_countdown(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    hold = number_of(started_log, lambda result: result.mode == "hold")
    page = client_logged_in.get(step_url(started_log, hold))
    phases = json.loads(re.search(r"data-phases='([^']*)'", page.text).group(1))
    result = results_of(started_log)[hold - 1]
    assert [phase["seconds"] for phase in phases if phase["kind"] == "hold"] == [result.amount] * (
        result.sets * (2 if result.per_side else 1)
    )
    assert "data-toggle>Start timer</button>" in page.text

    ExerciseResult.objects.filter(pk=result.pk).update(
        mode="reps", sets=3, amount=8, rest_seconds=45
    )
    page = client_logged_in.get(step_url(started_log, hold))
    phases = json.loads(re.search(r"data-phases='([^']*)'", page.text).group(1))
    assert [(phase["kind"], phase["seconds"]) for phase in phases] == [
        ("work", 0),
        ("rest", 45),
        ("work", 0),
        ("rest", 45),
        ("work", 0),
    ]


def test_answering_moves_on_to_the_next_exercise_not_answered(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    count = started_log.results.count()
    assert answer(client_logged_in, started_log, 3, "done") == step_url(started_log, 4)
    # The last one, with the first left: back to the first.
    assert answer(client_logged_in, started_log, count, "done") == step_url(started_log, 1)
    started_log.results.exclude(position=results_of(started_log)[0].position).update(
        status=ResultStatus.DONE
    )
    assert answer(client_logged_in, started_log, 1, "skipped") == finish_url(started_log)


@pytest.mark.parametrize(
    ("answered", "after", "expected"),
    [
        ([False, False, False], None, 0),
        ([True, False, False], 0, 1),
        ([False, True, False], 1, 2),
        ([False, True, True], 2, 0),  # from the last: back to the first left
        ([True, True, True], 1, None),  # all answered: the finish
        ([], None, None),
    ],
)
def test_the_next_step_is_the_next_exercise_not_answered(
    answered: list[bool], after: int | None, expected: int | None
) -> None:
    assert next_unanswered(answered, after) == expected


def test_a_step_outside_the_session_is_not_found(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    count = started_log.results.count()
    for number in (0, count + 1, 2**63):
        assert client_logged_in.get(step_url(started_log, number)).status_code == 404


def test_a_finished_sessions_steps_lead_to_its_log(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    client_logged_in.post(finish_url(started_log), {"pain_after": "2", "effort": "4"})
    for url in (do_url(started_log), step_url(started_log, 1), finish_url(started_log)):
        assert client_logged_in.get(url)["Location"] == started_log.get_absolute_url()
    response = client_logged_in.post(step_url(started_log, 1), {"status": "skipped"})
    assert response["Location"] == started_log.get_absolute_url()
    assert results_of(started_log)[0].status == ResultStatus.PENDING


# Without JavaScript, and with htmx


def test_without_javascript_a_whole_session_is_done_and_every_answer_kept(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    given = ["done", "skipped", "done", "hurt"]
    location = client_logged_in.get(do_url(started_log))["Location"]
    answers = []
    while location != finish_url(started_log):
        number = int(location.rstrip("/").rsplit("/", 1)[1])
        page = client_logged_in.get(location)
        assert page.status_code == HTTPStatus.OK
        status = given[len(answers) % len(given)]
        answers.append(status)
        location = client_logged_in.post(location, {"status": status})["Location"]
        if status == "hurt":
            assert location == step_url(started_log, number)
            assert "How much did it hurt?" in page_text(client_logged_in.get(location))
            location = client_logged_in.post(location, {"hurt_pain": "2"})["Location"]
            # Up to 5: an easier version for the rest of the set, or on to the next.
            offer = client_logged_in.get(location)
            next_step = re.search(r'href="([^"]+)">(Leave it for today|Next)</a>', offer.text)
            location = next_step.group(1)
    finish = client_logged_in.get(location)
    assert "How did it go?" in page_text(finish)
    response = client_logged_in.post(
        location, {"pain_after": "3", "effort": "6", "note": "All by plain forms."}
    )
    assert response["Location"] == started_log.get_absolute_url()
    started_log.refresh_from_db()
    assert (started_log.pain_after, started_log.effort, started_log.note) == (
        3,
        6,
        "All by plain forms.",
    )
    assert started_log.is_finished
    assert [result.status for result in results_of(started_log)] == answers
    assert [r.hurt_pain for r in results_of(started_log) if r.status == "hurt"] == [2] * (
        answers.count("hurt")
    )


def test_a_boosted_step_is_the_whole_page_and_an_answer_redirects_to_the_next(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    boosted = {"HX-Request": "true", "HX-Boosted": "true"}
    page = client_logged_in.get(step_url(started_log, 1), headers=boosted)
    first = results_of(started_log)[0].exercise.name
    # htmx swaps the body and takes the title; the forms and links of the step are boosted.
    assert f"<title>{escaped(first)}: exercise 1 of" in page.text
    assert '<article class="step" hx-boost="true"' in page.text
    response = client_logged_in.post(step_url(started_log, 1), {"status": "done"}, headers=boosted)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == step_url(started_log, 2)
    assert results_of(started_log)[0].status == ResultStatus.DONE


def test_a_tampered_answer_is_shown_first_and_changes_nothing(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    response = client_logged_in.post(step_url(started_log, 1), {"status": "exploded"})
    assert response.status_code == HTTPStatus.OK
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', response.text, re.S)
    assert 'tabindex="-1" autofocus' in summary.group(0)
    assert "Choose done, skipped, or pinched or hurt." in page_text(summary.group(1))
    assert response.text.index("error-summary") < response.text.index('id="step-title"')
    assert results_of(started_log)[0].status == ResultStatus.PENDING


# The finish


def test_finish_now_says_which_exercises_are_not_answered_and_what_finishing_does(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    results = results_of(started_log)
    answer(client_logged_in, started_log, 1, "done")
    answer(client_logged_in, started_log, 2, "done")
    step = page_text(client_logged_in.get(step_url(started_log, 3)))
    assert f"Finish now ({len(results) - 2} not answered)" in step
    finish = page_text(client_logged_in.get(finish_url(started_log)))
    names = [result.exercise.name for result in results[2:5]]
    assert (
        f"{len(results) - 2} exercises are not answered yet: {names[0]}, {names[1]}, {names[2]} "
        f"and {len(results) - 5} more. If you finish now, your log keeps them as not answered."
    ) in finish
    client_logged_in.post(finish_url(started_log), {"pain_after": "2", "effort": "4"})
    log = page_text(client_logged_in.get(started_log.get_absolute_url()))
    assert f"{results[2].exercise.name} {results[2].dosage_text()} Not answered" in log
    assert [r.status for r in results_of(started_log)][:3] == ["done", "done", "pending"]


def test_the_finish_names_every_exercise_left_when_there_are_few() -> None:
    assert unanswered_sentence(["Plank"]) == (
        "1 exercise is not answered yet: Plank. If you finish now, your log keeps it as not "
        "answered."
    )
    assert unanswered_sentence(["Plank", "Bird-dog"]).startswith(
        "2 exercises are not answered yet: Plank and Bird-dog."
    )
    assert unanswered_sentence([]) == ""


def test_a_finish_without_pain_shows_the_error_first_and_keeps_every_answer(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    answer(client_logged_in, started_log, 1, "skipped")
    data = {"effort": "6", "note": "Hips loose, back fine."}
    response = client_logged_in.post(finish_url(started_log), data)
    assert response.status_code == HTTPStatus.OK
    main = response.text[response.text.index("<main") :]
    # First in the page's main part, focused, and linked to the question.
    assert main.index(
        '<div class="error-summary" role="alert" tabindex="-1" autofocus'
    ) < main.index("<h1")
    assert (
        '<a href="#id_pain_after_0">Rate your pain from 0 (none) to 10 (worst imaginable).</a>'
        in response.text
    )
    assert "autofocus>How did it go?" not in response.text
    assert f">\n{escaped(data['note'])}</textarea>" in response.text
    assert re.search(r'<input type="radio" name="effort" value="6"[^>]* checked', response.text)
    started_log.refresh_from_db()
    assert not started_log.is_finished
    assert started_log.pain_after is None and started_log.note == ""
    assert results_of(started_log)[0].status == ResultStatus.SKIPPED


# Hurt, answered at once


def test_pinched_or_hurt_asks_how_much_on_a_0_to_10_scale(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    location = answer(client_logged_in, started_log, 2, "hurt")
    assert location == step_url(started_log, 2)
    assert results_of(started_log)[1].status == ResultStatus.HURT
    page = client_logged_in.get(location)
    text = page_text(page)
    assert "How much did it hurt? 0 is no pain, 10 the worst imaginable." in text
    assert "0 1 2 3 4 5 6 7 8 9 10" in text
    assert 'id="how-much" tabindex="-1" autofocus' in page.text
    # A tap out of range: said first, and the question asked again.
    response = client_logged_in.post(location, {"hurt_pain": "11"})
    assert "How much it hurt is rated from 0 to 10." in page_text(response)
    assert "How much did it hurt?" in page_text(response)
    assert results_of(started_log)[1].hurt_pain is None


def test_hurt_up_to_five_offers_the_easier_version_and_the_log_shows_the_swap(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    number = number_with_an_easier_version(started_log)
    result = results_of(started_log)[number - 1]
    easier = result.exercise.regression
    answer(client_logged_in, started_log, number, "hurt")
    location = client_logged_in.post(step_url(started_log, number), {"hurt_pain": "4"})["Location"]
    assert location == step_url(started_log, number)
    offer = page_text(client_logged_in.get(location))
    assert (
        "It hurt at 4/10. Carry on gently with an easier version for the rest of the set, or "
        "leave it for today. Your plan changes it next time."
    ) in offer
    assert f"For the rest of the set: {easier.name}" in offer
    assert all(step in offer for step in easier.instruction_steps())
    assert f"Done with {easier.name}" in offer

    after = client_logged_in.post(location, {"status": "easier"})["Location"]
    assert after != location
    result.refresh_from_db()
    assert (result.status, result.hurt_pain, result.easier) == ("hurt", 4, easier)
    log = page_text(client_logged_in.get(started_log.get_absolute_url()))
    assert (
        f"{result.exercise.name} {result.dosage_text()} Hurt at 4/10, then {easier.name} for "
        "the rest of the set Pinched or hurt"
    ) in log


def test_no_easier_version_is_noted_for_an_exercise_that_did_not_hurt(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    number = number_with_an_easier_version(started_log)
    response = client_logged_in.post(step_url(started_log, number), {"status": "easier"})
    assert "There is no easier version to note for this one." in page_text(response)
    assert results_of(started_log)[number - 1].easier is None


def test_hurt_above_five_stops_the_exercise_and_moves_on_with_a_word_on_what_to_do(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    name = results_of(started_log)[2].exercise.name
    answer(client_logged_in, started_log, 3, "hurt")
    response = client_logged_in.post(step_url(started_log, 3), {"hurt_pain": "7"})
    assert response["Location"] == step_url(started_log, 4)
    text = page_text(client_logged_in.get(response["Location"]))
    assert (
        f"{name} stops here for today: 7/10 is more than an exercise should hurt. Go gently "
        "with the rest; your plan is already easier for next time. If the pain is still there "
        "tomorrow or keeps coming back, a physical therapist or qualified trainer can take a "
        "look and help adjust your plan."
    ) in text
    started_log.refresh_from_db()
    assert started_log.pain_during == 7
    # Back on that step: no timer, and the same word.
    again = client_logged_in.get(step_url(started_log, 3))
    assert "data-timer" not in again.text
    assert "It hurt at 7/10, so it stops here for today." in page_text(again)


def test_a_hurt_rating_counts_in_the_pain_rules_at_once(
    client_logged_in: Client, onboarded_user: User, started_log: SessionLog
) -> None:
    result = results_of(started_log)[1]
    answer(client_logged_in, started_log, 2, "hurt")
    client_logged_in.post(step_url(started_log, 2), {"hurt_pain": "7"})
    # Before the session is even finished, the rules have it: the exercise is marked as
    # hurting, and 7/10 is a flare, so the next session is eased and says why, in full.
    decision = AdaptationState.of(onboarded_user)
    assert decision.hurt[result.exercise_id].on == started_log.date
    following = (
        PlannedDay.objects.filter(user=onboarded_user, date__gt=started_log.date)
        .exclude(kind="rest")
        .order_by("date")
        .first()
    )
    day = weekday_name(started_log.date)
    assert following.note.startswith(f"Eased: an exercise hurt at 7/10 on {day}.")
    plan = page_text(client_logged_in.get(f"/plan/?week={following.date.isoformat()}"))
    assert following.note in plan
    assert not PlannedDay.objects.filter(
        user=onboarded_user, date__gt=started_log.date, exercises__exercise=result.exercise
    ).exists(), "an exercise that hurt is never planned again unchanged"


def test_a_hurt_taken_back_takes_its_rating_out_of_the_pain_rules(
    client_logged_in: Client, onboarded_user: User, started_log: SessionLog
) -> None:
    answer(client_logged_in, started_log, 1, "hurt")
    client_logged_in.post(step_url(started_log, 1), {"hurt_pain": "8"})
    days_to_come = PlannedDay.objects.filter(user=onboarded_user, date__gt=started_log.date)
    assert days_to_come.filter(note__startswith="Eased:").exists()
    # A mis-tap: it went fine after all.
    assert answer(client_logged_in, started_log, 1, "done") == step_url(started_log, 2)
    started_log.refresh_from_db()
    result = results_of(started_log)[0]
    assert (result.status, result.hurt_pain, started_log.pain_during) == ("done", None, None)
    assert not days_to_come.filter(note__startswith="Eased:").exists()
    assert not AdaptationState.of(onboarded_user).hurt


# Timers and the breathing pacer


def test_box_breathing_paces_four_in_four_hold_four_out_four_hold(
    client_logged_in: Client, started_log: SessionLog
) -> None:
    assert breath_pacing("box-breathing") == [
        ["Breathe in", 4],
        ["Hold", 4],
        ["Breathe out", 4],
        ["Hold", 4],
    ]
    assert [seconds for _, seconds in BOX_BREATHING] == [4, 4, 4, 4]
    assert breath_pacing("diaphragmatic-breathing") == [["Breathe in", 4], ["Breathe out", 6]]
    assert breath_pacing("plank") == []  # "never hold your breath": no pacer to follow
    box = Exercise.objects.get(slug="box-breathing")
    first = results_of(started_log)[0]
    ExerciseResult.objects.filter(pk=first.pk).update(exercise=box, mode="minutes", amount=2)
    page = client_logged_in.get(step_url(started_log, 1))
    assert (
        """data-breath='[["Breathe in", 4], ["Hold", 4], ["Breathe out", 4], ["Hold", 4]]'"""
        in page.text
    )


def test_a_hold_on_each_side_counts_each_side_the_switch_and_the_rests() -> None:
    phases = timer_phases("hold", 2, 30, per_side=True, rest_seconds=15)
    assert [(phase.kind, phase.seconds, phase.detail) for phase in phases] == [
        ("hold", 30, "Set 1 of 2 · left side"),
        ("switch", 5, ""),
        ("hold", 30, "Set 1 of 2 · right side"),
        ("rest", 15, "Next: set 2 of 2 · left side"),
        ("hold", 30, "Set 2 of 2 · left side"),
        ("switch", 5, ""),
        ("hold", 30, "Set 2 of 2 · right side"),
    ]
    assert phases[0].say == "Hold for 30 seconds: set 1 of 2, left side."
    assert phases[3].say == "Rest for 15 seconds. Next: set 2 of 2, left side."


def test_repetitions_count_the_rest_between_sets_and_minutes_count_down_once() -> None:
    reps = timer_phases("reps", 3, 8, per_side=True, rest_seconds=45)
    assert [(phase.kind, phase.seconds) for phase in reps] == [
        ("work", 0),
        ("rest", 45),
        ("work", 0),
        ("rest", 45),
        ("work", 0),
    ]
    assert (reps[0].count, reps[0].title, reps[0].detail) == ("8", "reps each side", "Set 1 of 3")
    assert timer_phases("reps", 1, 10, per_side=False, rest_seconds=0) == []
    minutes = timer_phases("minutes", 1, 2, per_side=False, rest_seconds=0)
    assert [(phase.kind, phase.seconds, phase.say) for phase in minutes] == [
        ("minutes", 120, "Keep going for 2 minutes.")
    ]


# Who may see a session


def test_another_persons_session_is_not_found_at_any_step(
    client_logged_in: Client, onboarded_user: User, onboarded_other_user: User
) -> None:
    theirs = session_start(
        user=onboarded_other_user, planned_day=todays_day(onboarded_other_user), pain_before=1
    )
    for url in (do_url(theirs), step_url(theirs, 1), finish_url(theirs)):
        assert client_logged_in.get(url).status_code == HTTPStatus.NOT_FOUND
    for data in ({"status": "hurt"}, {"hurt_pain": "7"}, {"status": "easier"}):
        response = client_logged_in.post(step_url(theirs, 1), data)
        assert response.status_code == HTTPStatus.NOT_FOUND
    response = client_logged_in.post(finish_url(theirs), {"pain_after": "2", "effort": "3"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    theirs.refresh_from_db()
    assert not theirs.is_finished and theirs.pain_during is None
    assert set(theirs.results.values_list("status", flat=True)) == {ResultStatus.PENDING}


def test_a_visitor_who_is_not_signed_in_is_asked_to(
    client: Client, started_log: SessionLog
) -> None:
    for url in (do_url(started_log), step_url(started_log, 1), finish_url(started_log)):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("account_login"))
