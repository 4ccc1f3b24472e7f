from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from routines.library_version import triggers_expected, triggers_present
from routines.models import Equipment, Exercise, Kind, LibraryVersion, Status, TargetArea
from routines.starting_figures import FIGURES
from tests.conftest import page_text, rendered_queries

pytestmark = pytest.mark.django_db

LIBRARY = reverse("routines:library")


def names_on(response: HttpResponse) -> list[str]:
    return [exercise.name for exercise in response.context["exercises"]]


def test_the_library_lists_published_exercises_for_anonymous_visitors(client: Client) -> None:
    Exercise.objects.filter(name="Plank").update(status=Status.DRAFT)
    response = client.get(LIBRARY)
    assert response.status_code == HTTPStatus.OK
    names = names_on(response)
    assert "Plank" not in names
    assert sorted(names) == sorted(Exercise.objects.published().values_list("name", flat=True))
    text = page_text(response)
    assert "Dead bug" in text
    assert f"{len(names)} exercises." in text


def test_filtering_by_kind_keeps_only_that_kind(client: Client) -> None:
    response = client.get(LIBRARY, {"kind": "strength"})
    kinds = {exercise.kind for exercise in response.context["exercises"]}
    assert kinds == {Kind.STRENGTH}
    assert "Hip thrust" in names_on(response)


def test_filtering_by_equipment_none_shows_only_exercises_without_equipment(
    client: Client,
) -> None:
    response = client.get(LIBRARY, {"equipment": "none"})
    assert "Dead bug" in names_on(response)
    assert "Goblet squat" not in names_on(response)


def test_filtering_by_equipment_and_target_combines(client: Client) -> None:
    response = client.get(LIBRARY, {"equipment": "kettlebell", "target": "glutes"})
    names = names_on(response)
    assert "Hip thrust" in names
    assert "Dead bug" not in names


def test_searching_finds_words_in_names_and_text(client: Client) -> None:
    response = client.get(LIBRARY, {"q": "lunge"})
    names = names_on(response)
    assert {"Chair-assisted lunge", "Dynamic lunge with pause"} <= set(names)
    assert "Plank" not in names


def test_a_search_with_no_match_says_so_kindly(client: Client) -> None:
    response = client.get(LIBRARY, {"q": "trampoline"})
    assert names_on(response) == []
    assert "Nothing matches yet. Try fewer filters or another word." in page_text(response)


def test_an_unknown_filter_value_shows_a_message_beside_the_field(client: Client) -> None:
    response = client.get(LIBRARY, {"kind": "juggling"})
    assert response.status_code == HTTPStatus.OK
    message = "Select a valid choice. juggling is not one of the available choices."
    assert message in page_text(response)
    # The message is tied to the kind field, so a screen reader reads it with the field.
    assert re.search(r'<select name="kind"[^>]* aria-describedby="id_kind_error"', response.text)
    assert f'<ul class="errorlist" id="id_kind_error"><li>{message}</li></ul>' in response.text


def test_an_htmx_request_gets_only_the_results_fragment(client: Client) -> None:
    response = client.get(LIBRARY, {"kind": "recovery"}, headers={"HX-Request": "true"})
    assert response.status_code == HTTPStatus.OK
    assert response.text.lstrip().startswith('<section id="results"')
    assert "<html" not in response.text
    assert "Light walking" in page_text(response)
    assert "Exercise library" not in page_text(response)


def test_the_filtered_url_is_shareable_as_a_plain_get_form(client: Client) -> None:
    response = client.get(LIBRARY, {"kind": "mobility", "q": "stretch"})
    assert 'method="get"' in response.text
    assert 'name="q"' in response.text and 'value="stretch"' in response.text
    assert '<option value="mobility" selected>' in response.text


def test_the_exercise_page_shows_how_to_do_it_and_its_links(client: Client) -> None:
    response = client.get(reverse("routines:exercise", args=["bird-dog"]))
    assert response.status_code == HTTPStatus.OK
    bird_dog = Exercise.objects.get(slug="bird-dog")
    text = page_text(response)
    assert "How to do it " + " ".join(bird_dog.instruction_steps()) in text
    assert "Ease off when " + " ".join(bird_dog.caution_list()) in text
    assert bird_dog.dosage_text() in text
    assert "Level 2 · moderate Load Body weight, moving" in text
    swing = page_text(client.get(reverse("routines:exercise", args=["partial-kettlebell-swing"])))
    assert "Load Fast, swung or thrown" in swing
    assert "Easier: Dead bug" in text
    assert "Harder: Plank" in text
    assert f'href="{reverse("routines:exercise", args=["dead-bug"])}"' in response.text
    assert f'href="{reverse("routines:exercise", args=["plank"])}"' in response.text


def test_a_draft_exercise_is_not_found_for_users(client_logged_in: Client) -> None:
    Exercise.objects.filter(slug="plank").update(status=Status.DRAFT)
    response = client_logged_in.get(reverse("routines:exercise", args=["plank"]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_links_to_a_draft_exercise_are_hidden_from_users(client: Client) -> None:
    Exercise.objects.filter(slug="plank").update(status=Status.DRAFT)
    response = client.get(reverse("routines:exercise", args=["bird-dog"]))
    text = page_text(response)
    assert "Easier: Dead bug" in text
    assert "Harder:" not in text
    assert reverse("routines:exercise", args=["plank"]) not in response.text


def test_staff_see_a_draft_with_a_banner(client: Client) -> None:
    staff = User.objects.create_user("editor", "editor@example.com", "pw", is_staff=True)
    client.force_login(staff)
    Exercise.objects.filter(slug="plank").update(status=Status.DRAFT)
    response = client.get(reverse("routines:exercise", args=["plank"]))
    assert response.status_code == HTTPStatus.OK
    text = page_text(response)
    assert "Draft. Only staff can see this exercise until it is published." in text
    assert "Plank" in text


def replace_library_with(count: int) -> None:
    Exercise.objects.all().delete()
    band = Equipment.objects.get(slug="band")
    glutes = TargetArea.objects.get(slug="glutes")
    exercises = Exercise.objects.bulk_create(
        Exercise(
            name=f"Exercise {number}",
            slug=f"exercise-{number}",
            kind=Kind.values[number % len(Kind.values)],
            summary="A generated exercise.",
            instructions="Step one.\nStep two.",
            cues="Breathe.",
            cautions="Stop if it hurts.",
            dose_mode="reps",
            dose_amount=8,
            status=Status.PUBLISHED,
            poses=FIGURES["dead-bug"],
        )
        for number in range(count)
    )
    Exercise.equipment.through.objects.bulk_create(
        Exercise.equipment.through(exercise=exercise, equipment=band) for exercise in exercises
    )
    Exercise.target_areas.through.objects.bulk_create(
        Exercise.target_areas.through(exercise=exercise, targetarea=glutes)
        for exercise in exercises
    )
    first = exercises[0]
    first.progression, first.regression = exercises[1], exercises[2]
    first.save()
    first.alternatives.add(*exercises[3:5])


@pytest.mark.parametrize("params", [{}, {"kind": "mobility", "equipment": "band", "q": "Ex"}])
def test_the_library_page_runs_the_same_queries_for_5_or_500_exercises(
    client: Client, params: dict[str, str]
) -> None:
    replace_library_with(5)
    small = rendered_queries(client, LIBRARY, params)
    replace_library_with(500)
    large = rendered_queries(client, LIBRARY, params)
    assert small == large


def test_the_exercise_page_runs_the_same_queries_for_5_or_500_exercises(client: Client) -> None:
    replace_library_with(5)
    small = rendered_queries(client, reverse("routines:exercise", args=["exercise-0"]))
    replace_library_with(500)
    large = rendered_queries(client, reverse("routines:exercise", args=["exercise-0"]))
    assert small == large


# The list is kept in the cache under the library's version, which the database raises on any
# write to the library's tables: whichever way a change is made, the next visit shows it.


def test_an_edit_shows_on_the_next_visit_to_a_list_that_was_kept(client: Client) -> None:
    assert "Dead bug" in page_text(client.get(LIBRARY, {"kind": "stability"}))
    exercise = Exercise.objects.get(slug="dead-bug")
    exercise.name = "Dead bug, slow"
    exercise.save()
    assert "Dead bug, slow" in page_text(client.get(LIBRARY, {"kind": "stability"}))


def test_a_change_of_equipment_shows_at_once_in_the_equipment_filter(client: Client) -> None:
    plank = Exercise.objects.get(slug="plank")
    assert "Plank" in names_on(client.get(LIBRARY, {"equipment": "none"}))
    plank.equipment.add(Equipment.objects.get(slug="mat"))  # only the link table changes
    assert "Plank" not in page_text(client.get(LIBRARY, {"equipment": "none"}))


def test_a_write_in_raw_sql_shows_at_once(client: Client) -> None:
    assert "Dead bug" in page_text(client.get(LIBRARY))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE routines_exercise SET status = 'draft' WHERE slug = 'dead-bug'")
    assert "Dead bug" not in page_text(client.get(LIBRARY))
    assert "Dead bug" not in page_text(client.get(LIBRARY, headers={"HX-Request": "true"}))


def test_the_kept_page_and_the_kept_htmx_list_are_told_apart(client: Client) -> None:
    client.get(LIBRARY, {"kind": "strength"})
    fragment = client.get(LIBRARY, {"kind": "strength"}, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="results"')
    page = client.get(LIBRARY, {"kind": "strength"})
    assert "<html" in page.text
    assert page_text(fragment) in page_text(page)


def test_a_kept_list_costs_one_query_besides_the_signed_out_page() -> None:
    first, second = Client(), Client()
    with CaptureQueriesContext(connection) as drawn:
        first.get(LIBRARY)
    with CaptureQueriesContext(connection) as kept:
        second.get(LIBRARY)
    assert len(kept) == 1, [query["sql"] for query in kept]
    assert len(drawn) > len(kept)


def test_every_library_table_has_its_triggers() -> None:
    # SQLite drops a table's triggers when a migration rebuilds it; they are made again.
    assert triggers_expected(connection) <= triggers_present(connection)


def test_only_writes_that_change_library_rows_give_a_new_version(user: User) -> None:
    before = LibraryVersion.current()
    user.delete()  # sets updated_by to NULL on no exercise at all
    assert LibraryVersion.current() == before
    Exercise.objects.filter(slug="plank").update(summary="Hold a straight line.")
    assert LibraryVersion.current() != before


def test_a_filter_sent_by_the_form_with_an_empty_search_is_kept_and_stays_fresh(
    client: Client,
) -> None:
    sent = {"q": "", "kind": "stability", "equipment": "", "target": ""}
    assert "Dead bug" in page_text(client.get(LIBRARY, sent))
    with CaptureQueriesContext(connection) as kept:
        client.get(LIBRARY, sent)
    assert len(kept) == 1
    Exercise.objects.filter(slug="dead-bug").update(name="Dead bug, slow")
    assert "Dead bug, slow" in page_text(client.get(LIBRARY, sent))
