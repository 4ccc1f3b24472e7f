"""The library's data migrations: from zero they give the living library, and corrections
change only rows still as shipped (issue 15)."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from routines import starting_library
from routines.models import Exercise, TargetArea, library_problems

pytestmark = pytest.mark.django_db

SHIPPED_SPHINX = {
    "level": 1,
    "summary": "Rest face down on your forearms for a gentle stretch at the front of the hips.",
    "cautions": "Lie flat again if your lower back pinches or pain spreads into your leg.",
}
TRAINERS_COUCH_SUMMARY = "Our clinic's wording: a long, easy stretch for the front of the hip."


def as_stored(exercise: Exercise) -> dict[str, object]:
    return {
        "name": exercise.name,
        "kind": exercise.kind,
        "level": exercise.level,
        "load": exercise.load,
        "summary": exercise.summary,
        "instructions": exercise.instructions.split("\n"),
        "cues": exercise.cues.split("\n"),
        "cautions": exercise.cautions.split("\n"),
        "equipment": sorted(item.slug for item in exercise.equipment.all()),
        "targets": sorted(target.slug for target in exercise.target_areas.all()),
        "mode": exercise.dose_mode,
        "sets": exercise.dose_sets,
        "amount": exercise.dose_amount,
        "per_side": exercise.per_side,
        "dose_note": exercise.dose_note,
        "rest_seconds": exercise.rest_seconds,
        "regression": exercise.regression.slug if exercise.regression else None,
        "progression": exercise.progression.slug if exercise.progression else None,
        "alternatives": sorted(other.slug for other in exercise.alternatives.all()),
        "is_cooldown": exercise.is_cooldown,
    }


def as_written(entry: dict) -> dict[str, object]:
    fields = {key: value for key, value in entry.items() if key != "slug"}
    for key in ("equipment", "targets", "alternatives"):
        fields[key] = sorted(fields[key])
    fields["is_cooldown"] = entry["slug"] in starting_library.COOLDOWN_SLUGS
    return fields


def test_a_database_migrated_from_zero_holds_the_living_library() -> None:
    stored = {
        exercise.slug: as_stored(exercise)
        for exercise in Exercise.objects.select_related("regression", "progression")
    }
    written = {entry["slug"]: as_written(entry) for entry in starting_library.EXERCISES}
    assert stored.keys() == written.keys()
    for slug, fields in written.items():
        assert stored[slug] == fields, slug


def test_the_shipped_library_passes_the_physiotherapists_check() -> None:
    exercises = Exercise.objects.select_related("regression", "progression")
    assert library_problems(exercises) == []
    for exercise in exercises:
        exercise.full_clean()


@pytest.mark.django_db(transaction=True)
def test_corrections_change_only_rows_still_as_shipped_and_name_the_rest(
    starting_library: None,
) -> None:
    call_command("migrate", "routines", "0018_assessment", verbosity=0)
    # An old database: the sphinx as shipped, and a couch stretch a trainer reworded.
    # The model's later columns are not there yet: only updates and pks are asked for.
    Exercise.objects.filter(slug="sphinx").update(**SHIPPED_SPHINX)
    sphinx = Exercise.objects.filter(slug="sphinx").values_list("pk", flat=True).get()
    Exercise.target_areas.through.objects.create(
        exercise_id=sphinx, targetarea=TargetArea.objects.get(slug="iliopsoas")
    )
    Exercise.objects.filter(slug="couch-stretch").update(summary=TRAINERS_COUCH_SUMMARY)
    Exercise.objects.filter(slug__startswith="mcgill-curl-up").only("pk").delete()
    output = io.StringIO()
    with redirect_stdout(output):
        call_command("migrate", "routines", verbosity=0)
    sphinx = Exercise.objects.get(slug="sphinx")
    assert sphinx.level == 2
    assert sphinx.summary.startswith("A gentle backward bend")
    assert "Skip it if bending backwards makes your back pain worse" in sphinx.cautions
    assert not sphinx.target_areas.filter(slug="iliopsoas").exists()
    couch = Exercise.objects.get(slug="couch-stretch")
    assert couch.summary == TRAINERS_COUCH_SUMMARY
    assert "only until the stretch is gentle" in couch.instructions
    assert "couch-stretch.summary" in output.getvalue()
    curl_up = Exercise.objects.get(slug="mcgill-curl-up")
    assert curl_up.progression.slug == "mcgill-curl-up-elbows-lifted"
    assert curl_up.alternatives.filter(slug="dead-bug").exists()


def test_a_link_that_breaks_the_other_ends_chain_is_refused() -> None:
    hinge = Exercise.objects.get(slug="bodyweight-hip-hinge")
    # The hip thrust already comes after the bridge march.
    hinge.progression = Exercise.objects.get(slug="hip-thrust")
    with pytest.raises(ValidationError) as refused:
        hinge.full_clean()
    assert (
        "Hip thrust already has Glute bridge march as its easier version: a chain runs one way"
    ) in str(refused.value)


def test_the_admin_links_a_chain_back_and_warns_about_one_way_links(
    client: Client, admin_user: User
) -> None:
    client.force_login(admin_user)
    curl_up = Exercise.objects.get(slug="mcgill-curl-up")
    lifted = Exercise.objects.get(slug="mcgill-curl-up-elbows-lifted")
    Exercise.objects.filter(pk=lifted.pk).update(regression=None)
    listing = client.get("/admin/routines/exercise/")
    assert listing.status_code == HTTPStatus.OK
    assert (
        "McGill curl-up leads to McGill curl-up, elbows lifted, but McGill curl-up, elbows "
        "lifted&#x27;s easier version is not set."
    ) in listing.text
    assert library_problems([Exercise.objects.get(pk=curl_up.pk)])
