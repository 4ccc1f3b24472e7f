from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from routines import starting_library
from routines.models import Exercise, FunctionalTask, Kind, Status, dosage_text

pytestmark = pytest.mark.django_db

DOMAIN_EXERCISES = {
    Kind.WARMUP: [
        "Diaphragmatic breathing",
        "Marching in place",
        "Ankle circles",
        "Knee circles",
        "Leg swings",
    ],
    Kind.MOBILITY: [
        "Supine hip bridge",
        "Cat-cow pelvic tilt",
        "90/90 hip switch",
        "Kneeling hip flexor stretch",
        "Chair-assisted lunge",
        "Dynamic lunge with pause",
    ],
    Kind.STABILITY: [
        "Dead bug",
        "Bird-dog",
        "Side-lying hip abduction",
        "Clamshell",
        "Plank",
        "Side plank",
        "Breathing with co-contraction",
    ],
    Kind.STRENGTH: [
        "Hip thrust",
        "Goblet squat",
        "Partial kettlebell swing",
        "Hip-hinge deadlift with kettlebell",
    ],
    Kind.RECOVERY: ["Foam rolling", "Light walking", "Gentle yoga", "mobility flow"],
}


def find(name: str) -> Exercise:
    return Exercise.objects.get(name__iexact=name)


def test_the_starting_library_holds_every_exercise_the_domain_names_published() -> None:
    for kind, names in DOMAIN_EXERCISES.items():
        for name in names:
            matches = Exercise.objects.filter(name__icontains=name, kind=kind)
            assert matches.exists(), f"{name} ({kind}) is missing"
            assert all(exercise.is_published for exercise in matches)
    assert Exercise.objects.published().count() >= 28


def test_every_starting_exercise_is_complete() -> None:
    exercises = list(Exercise.objects.prefetch_related("target_areas"))
    assert len(exercises) == len(starting_library.EXERCISES)
    for exercise in exercises:
        assert exercise.instruction_steps(), exercise
        assert exercise.cue_list(), exercise
        assert exercise.caution_list(), exercise
        assert exercise.target_areas.exists(), exercise
        assert exercise.dose_amount > 0, exercise
        exercise.full_clean()


def test_the_domain_progression_chains_resolve_both_ways() -> None:
    chains = [
        ("Chair-assisted lunge", "Dynamic lunge with pause"),
        ("Dead bug", "Bird-dog"),
        ("Bird-dog", "Plank"),
        ("Plank", "Side plank"),
        ("Bodyweight hip hinge", "Hip-hinge deadlift with kettlebell"),
        ("Hip-hinge deadlift with kettlebell", "Partial kettlebell swing"),
        ("Glute bridge march", "Hip thrust"),
        ("Standing hip flexor stretch", "Half-kneeling hip flexor stretch"),
    ]
    for easier, harder in chains:
        assert find(easier).progression == find(harder), (easier, harder)
        assert find(harder).regression == find(easier), (easier, harder)
    bridge, thrust = find("Supine hip bridge"), find("Hip thrust")
    step, seen = bridge, []
    while step.progression and step not in seen:
        seen.append(step)
        step = step.progression
    assert step == thrust


def test_along_every_starting_chain_nothing_gets_easier_or_lighter() -> None:
    rank = {"bodyweight": 0, "held": 0, "loaded": 1, "ballistic": 2}
    for exercise in Exercise.objects.select_related("regression"):
        easier = exercise.regression
        if easier is not None:
            assert easier.level <= exercise.level, (easier, exercise)
            assert rank[easier.load] <= rank[exercise.load], (easier, exercise)
    swing = find("Partial kettlebell swing")
    assert (swing.load, swing.regression.load) == ("ballistic", "loaded")


def test_the_chains_migration_puts_old_links_in_order_and_keeps_a_trainers() -> None:
    migration = importlib.import_module("routines.migrations.0012_exercise_load")
    deadlift, swing, hinge = (
        find(name)
        for name in (
            "Hip-hinge deadlift with kettlebell",
            "Partial kettlebell swing",
            "Bodyweight hip hinge",
        )
    )
    # The starting library's old hinge chain: hinge -> swing -> deadlift.
    Exercise.objects.filter(pk=hinge.pk).update(progression=swing)
    Exercise.objects.filter(pk=swing.pk).update(regression=hinge, progression=deadlift, level=2)
    Exercise.objects.filter(pk=deadlift.pk).update(regression=swing, progression=None, level=3)
    # A trainer's own choice for the thrust's easier version.
    thrust = find("Hip thrust")
    Exercise.objects.filter(pk=thrust.pk).update(regression=find("Supine hip bridge"))
    Exercise.objects.update(load="bodyweight")

    migration.load_types_and_chains(apps, None)

    deadlift, swing, thrust = (
        Exercise.objects.get(pk=item.pk) for item in (deadlift, swing, thrust)
    )
    assert (deadlift.regression, deadlift.progression, deadlift.level) == (hinge, swing, 2)
    assert (swing.regression, swing.progression, swing.level) == (deadlift, None, 3)
    assert (deadlift.load, swing.load) == ("loaded", "ballistic")
    assert thrust.regression == find("Supine hip bridge")


def test_functional_tasks_include_the_everyday_ones() -> None:
    names = set(FunctionalTask.objects.values_list("name", flat=True))
    assert len(names) >= 8
    assert {"Tying shoes", "Climbing stairs", "Standing up from a chair"} <= names


def test_reloading_the_starting_library_never_overwrites_a_trainers_edit() -> None:
    plank = find("Side plank")
    plank.summary = "A trainer's own words."
    plank.status = Status.DRAFT
    plank.save()
    migration = importlib.import_module("routines.migrations.0003_starting_library")
    migration.load_library(apps, None)
    plank.refresh_from_db()
    assert plank.summary == "A trainer's own words."
    assert plank.status == Status.DRAFT
    assert Exercise.objects.count() == len(starting_library.EXERCISES)


def test_an_exercise_cannot_be_its_own_regression_or_progression() -> None:
    plank = find("Plank")
    plank.regression = plank
    plank.progression = plank
    with pytest.raises(ValidationError) as error:
        plank.full_clean()
    assert "cannot be its own regression" in str(error.value)
    assert "cannot be its own progression" in str(error.value)


def test_a_loop_in_a_progression_chain_is_refused_with_a_clear_message() -> None:
    side_plank = find("Side plank")
    side_plank.progression = find("Dead bug")  # dead bug -> bird-dog -> plank -> side plank
    with pytest.raises(ValidationError, match="leads back here"):
        side_plank.full_clean()


def test_a_loop_in_a_regression_chain_is_refused() -> None:
    dead_bug = find("Dead bug")
    dead_bug.regression = find("Side plank")
    with pytest.raises(ValidationError, match="easier exercises leads back here"):
        dead_bug.full_clean()


def test_an_exercise_timed_in_minutes_takes_a_single_set() -> None:
    walk = find("Light walking")
    walk.dose_sets = 3
    with pytest.raises(ValidationError, match="single set"):
        walk.full_clean()


def test_equipment_filter_keeps_only_what_a_person_can_do() -> None:
    with_band = set(Exercise.objects.published().for_equipment({"band"}))
    assert find("Clamshell with band") in with_band
    assert find("Goblet squat") not in with_band
    assert find("Dead bug") in with_band
    nothing = set(Exercise.objects.published().for_equipment(set()))
    assert find("Dead bug") in nothing
    assert find("Clamshell with band") not in nothing
    assert all(not exercise.equipment.exists() for exercise in nothing)


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        pytest.param(("reps", 2, 8, True, 30), "2 × 8 each side, rest 30 s", id="reps"),
        pytest.param(("reps", 1, 7, False, 30), "7 reps", id="one-set"),
        pytest.param(("hold", 3, 20, False, 45), "3 × 20 s hold, rest 45 s", id="holds"),
        pytest.param(("hold", 1, 30, True, 15), "30 s hold each side", id="one-hold"),
        pytest.param(("reps", 2, 10, False, 0), "2 × 10", id="no-rest"),
        pytest.param(("minutes", 1, 5, False, 0), "5 min", id="minutes"),
    ],
)
def test_a_dose_reads_as_people_say_it(dose: tuple[str, int, int, bool, int], words: str) -> None:
    mode, sets, amount, per_side, rest = dose
    assert dosage_text(mode, sets, amount, per_side=per_side, rest_seconds=rest) == words
