from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routines.plan_engine import (
    ACCESSORY_DAY_KINDS,
    DOSAGE,
    EXPERIENCES,
    FILLER_KINDS,
    GUIDED_KINDS,
    LOAD_RANK,
    MAX_LEVEL,
    MAX_TRAINING_DAYS,
    MIN_TRAINING_DAYS,
    SESSION_LENGTHS,
    SETUP_SECONDS,
    SUPPORT_KINDS,
    WEEK_PATTERNS,
    BlockPlan,
    DayPlan,
    ExerciseOption,
    Prescription,
    Profile,
    build_block,
    dosage_for,
    emphasis_for_block,
    estimate_seconds,
    progressed,
    usable,
    warmup_stage,
    week_kinds,
)

EQUIPMENT = frozenset({"mat", "strap", "chair", "band", "kettlebell", "foam-roller"})
NO_EQUIPMENT: frozenset[str] = frozenset()
WEEKDAY_CHOICES = [days for size in range(3, 7) for days in itertools.combinations(range(7), size)]
EQUIPMENT_CHOICES = [
    frozenset(chosen)
    for size in range(len(EQUIPMENT) + 1)
    for chosen in itertools.combinations(sorted(EQUIPMENT), size)
]
TRAINING_KINDS = ("mobility", "stability", "strength", "recovery")


# slug, kind, level, mode, sets, amount, equipment, per side, rest seconds
SYNTHETIC_EXERCISES = [
    ("diaphragmatic-breathing", "warmup", 1, "minutes", 1, 2, "", False, 0),
    ("crocodile-breathing", "warmup", 1, "hold", 1, 90, "mat", False, 0),
    ("seated-long-exhale", "warmup", 1, "reps", 1, 12, "chair", False, 0),
    ("marching-in-place", "warmup", 1, "minutes", 1, 1, "", False, 0),
    ("ankle-circles", "warmup", 1, "reps", 1, 10, "", True, 0),
    ("knee-circles", "warmup", 1, "reps", 1, 10, "", False, 0),
    ("hip-circles", "warmup", 1, "reps", 1, 8, "", True, 0),
    ("leg-swings", "warmup", 1, "reps", 1, 10, "chair", True, 0),
    ("cat-cow-pelvic-tilt", "mobility", 1, "reps", 2, 8, "mat", False, 30),
    ("supine-hip-bridge", "mobility", 1, "reps", 2, 10, "mat", False, 30),
    ("chair-assisted-lunge", "mobility", 1, "hold", 2, 30, "chair", True, 30),
    ("dynamic-lunge-pause", "mobility", 2, "reps", 2, 8, "", True, 30),
    ("kneeling-hip-flexor-stretch", "mobility", 1, "hold", 2, 30, "mat", True, 30),
    ("strap-hip-flexor-stretch", "mobility", 2, "hold", 2, 30, "mat strap", True, 30),
    ("half-kneeling-overhead-reach", "mobility", 3, "hold", 3, 30, "mat strap", True, 30),
    ("ninety-ninety-hip-switch", "mobility", 2, "reps", 2, 8, "mat", False, 30),
    ("standing-hip-flexor-stretch", "mobility", 1, "hold", 2, 30, "", True, 30),
    ("standing-lunge-pelvic-tuck", "mobility", 2, "hold", 2, 30, "", True, 30),
    ("strap-hamstring-stretch", "mobility", 1, "hold", 2, 30, "strap", True, 30),
    ("easy-mobility-flow", "mobility", 1, "minutes", 1, 4, "", False, 0),
    ("breathing-co-contraction", "stability", 1, "reps", 2, 8, "", False, 20),
    ("dead-bug", "stability", 1, "reps", 2, 8, "mat", True, 45),
    ("plank", "stability", 2, "hold", 2, 20, "mat", False, 45),
    ("side-plank", "stability", 3, "hold", 2, 20, "mat", True, 45),
    ("bird-dog", "stability", 1, "reps", 2, 8, "", True, 45),
    ("supine-heel-taps", "stability", 1, "reps", 2, 8, "", True, 30),
    ("side-lying-leg-lift", "stability", 1, "reps", 2, 10, "", True, 30),
    ("band-pallof-press", "stability", 2, "reps", 2, 8, "band", True, 30),
    ("band-clamshell", "stability", 1, "reps", 2, 10, "band", True, 30),
    ("band-side-lying-abduction", "stability", 2, "reps", 2, 10, "band", True, 30),
    ("single-leg-stance", "stability", 1, "hold", 2, 20, "", True, 30),
    ("single-leg-stance-reach", "stability", 2, "reps", 2, 8, "", True, 30),
    ("bodyweight-hip-hinge", "strength", 1, "reps", 2, 10, "", False, 60),
    ("partial-kettlebell-swing", "strength", 2, "reps", 3, 10, "kettlebell", False, 75),
    ("kettlebell-deadlift", "strength", 3, "reps", 3, 8, "kettlebell", False, 90),
    ("hip-thrust", "strength", 2, "reps", 3, 10, "chair", False, 75),
    ("sit-to-stand", "strength", 1, "reps", 2, 10, "chair", False, 60),
    ("goblet-squat", "strength", 2, "reps", 3, 10, "kettlebell", False, 75),
    ("wall-sit", "strength", 1, "hold", 2, 20, "", False, 60),
    ("split-squat", "strength", 1, "reps", 2, 8, "", True, 60),
    ("rear-foot-elevated-split-squat", "strength", 2, "reps", 2, 8, "chair", True, 75),
    ("band-good-morning", "strength", 2, "reps", 2, 10, "band", False, 60),
    ("light-walking", "recovery", 1, "minutes", 1, 10, "", False, 0),
    ("gentle-yoga", "recovery", 1, "minutes", 1, 10, "mat", False, 0),
    ("foam-rolling-hip-flexors", "recovery", 1, "hold", 1, 30, "foam-roller", True, 0),
    ("brief-mobility-sequence", "recovery", 1, "minutes", 1, 6, "", False, 0),
]
# Each chain runs from easiest to hardest; regressions are the same links read backwards.
SYNTHETIC_CHAINS = [
    ("supine-hip-bridge", "hip-thrust"),  # crosses kinds, like the seed's bridge -> hip thrust
    ("chair-assisted-lunge", "dynamic-lunge-pause"),
    ("kneeling-hip-flexor-stretch", "strap-hip-flexor-stretch", "half-kneeling-overhead-reach"),
    ("standing-hip-flexor-stretch", "standing-lunge-pelvic-tuck"),
    ("dead-bug", "plank", "side-plank"),
    ("band-clamshell", "band-side-lying-abduction"),
    ("single-leg-stance", "single-leg-stance-reach"),
    ("bodyweight-hip-hinge", "partial-kettlebell-swing", "kettlebell-deadlift"),
    ("sit-to-stand", "goblet-squat"),
    ("split-squat", "rear-foot-elevated-split-squat"),
]
SYNTHETIC_COOLDOWN_SLUGS = ["diaphragmatic-breathing", "crocodile-breathing", "seated-long-exhale"]


def synthetic_rows() -> list[dict[str, Any]]:
    # The same shape as routines.starting_library.EXERCISES, so both go through one converter.
    progression = {
        easier: harder for chain in SYNTHETIC_CHAINS for easier, harder in itertools.pairwise(chain)
    }
    regression = {harder: easier for easier, harder in progression.items()}
    return [
        {
            "slug": slug,
            "kind": kind,
            "level": level,
            "mode": mode,
            "sets": sets,
            "amount": amount,
            "equipment": equipment.split(),
            "per_side": per_side,
            "rest_seconds": rest_seconds,
            "regression": regression.get(slug),
            "progression": progression.get(slug),
        }
        for slug, kind, level, mode, sets, amount, equipment, per_side, rest_seconds in (
            SYNTHETIC_EXERCISES
        )
    ]


def options_from_rows(
    rows: Sequence[dict[str, Any]], cooldown_slugs: Iterable[str]
) -> list[ExerciseOption]:
    ids = {exercise["slug"]: index + 1 for index, exercise in enumerate(rows)}
    cooldown = set(cooldown_slugs)
    return [
        ExerciseOption(
            id=ids[exercise["slug"]],
            kind=exercise["kind"],
            level=exercise["level"],
            equipment=frozenset(exercise["equipment"]),
            mode=exercise["mode"],
            sets=exercise["sets"],
            amount=exercise["amount"],
            per_side=exercise["per_side"],
            rest_seconds=exercise["rest_seconds"],
            regression_id=ids.get(exercise["regression"]),
            progression_id=ids.get(exercise["progression"]),
            is_cooldown=exercise["slug"] in cooldown,
            load=exercise.get("load", "bodyweight"),
        )
        for exercise in rows
    ]


LIBRARY = options_from_rows(synthetic_rows(), SYNTHETIC_COOLDOWN_SLUGS)
BY_ID = {option.id: option for option in LIBRARY}
BY_SLUG = {slug: BY_ID[index + 1] for index, (slug, *_) in enumerate(SYNTHETIC_EXERCISES)}


def profile(
    weekdays: Sequence[int] = (0, 2, 4, 6),
    minutes: int = 25,
    experience: str = "some",
    equipment: frozenset[str] = EQUIPMENT,
    seed: int = 7,
) -> Profile:
    return Profile(tuple(weekdays), minutes, experience, equipment, seed)


def training_days(block: BlockPlan) -> list[DayPlan]:
    days = [day for week in block.weeks for day in week.days if day.kind != "rest"]
    # Checks that loop over these days would otherwise pass on a plan of nothing but rest.
    assert days, "a block without a training day"
    return days


def main_part(day: DayPlan) -> list[Prescription]:
    return [p for p in day.prescriptions if p.part == "main"]


def part_seconds(day: DayPlan, part: str) -> int:
    return sum(estimate_seconds(p) for p in day.prescriptions if p.part == part)


def has_repeats(items: Sequence[str]) -> bool:
    return any(a == b for a, b in itertools.pairwise(items))


def assert_block_follows_rules(
    block: BlockPlan,
    profile: Profile,
    library: Sequence[ExerciseOption],
    *,
    number: int,
    step: int,
) -> None:
    by_id = {option.id: option for option in library}
    within_level = [
        option
        for option in usable(library, profile.equipment)
        if option.level <= MAX_LEVEL[profile.experience]
    ]
    available = {option.kind for option in within_level if not option.is_cooldown}
    # Harder exercises may join after a step, so "never" checks look at every level.
    at_any_level = {option.kind for option in usable(library, profile.equipment)}
    every_kind = available >= set(TRAINING_KINDS)
    has_warmup = any(o.kind == "warmup" and not o.is_cooldown for o in within_level)
    has_cooldown = any(option.is_cooldown for option in within_level)
    # One breathing exercise for the cool-down, another to open the warm-up.
    opens_with_breathing = sum(option.is_cooldown for option in within_level) >= 2
    stages = {warmup_stage(o) for o in within_level if o.kind == "warmup"}

    assert block.number == number
    assert block.emphasis == emphasis_for_block(number)
    assert [week.number for week in block.weeks] == [1, 2, 3, 4]
    calendar = [day.kind for week in block.weeks for day in week.days]

    for week in block.weeks:
        assert [day.weekday for day in week.days] == list(range(7))
        trained = tuple(day.weekday for day in week.days if day.kind != "rest")
        assert trained == profile.weekdays
        kinds = [day.kind for day in week.days if day.kind != "rest"]
        if "recovery" in available:
            assert "recovery" in kinds
        pattern = WEEK_PATTERNS[block.emphasis][len(profile.weekdays)]
        if "mobility" in available and "mobility" in pattern:
            assert "mobility" in kinds
        if "strength" not in at_any_level or (number == 1 and week.number < 3):
            assert "strength" not in kinds
        if every_kind and "strength" in kinds:
            assert not has_repeats([k for k in kinds if k in ("mobility", "strength")])
        if "stability" in available and block.emphasis == "stability":
            assert "stability" in kinds

        for day in week.days:
            if day.kind == "rest":
                assert day.prescriptions == ()
            else:
                assert_session_follows_rules(
                    day,
                    profile,
                    by_id,
                    available=available,
                    has_warmup=has_warmup,
                    has_cooldown=has_cooldown,
                    opens_with_breathing=opens_with_breathing,
                    stages=stages,
                )
                assert_session_matches_level(day, profile, by_id, step=step)

    # Never two strength days in a row: by calendar (Sunday runs into the next Monday, and
    # block after block the pattern repeats) nor by training day.
    trained = [kind for kind in calendar if kind != "rest"]
    for sequence in (calendar, trained):
        wrapped = [*sequence, sequence[0]]
        assert not any(a == b == "strength" for a, b in itertools.pairwise(wrapped))


def assert_session_follows_rules(
    day: DayPlan,
    profile: Profile,
    by_id: dict[int, ExerciseOption],
    *,
    available: set[str],
    has_warmup: bool,
    has_cooldown: bool,
    opens_with_breathing: bool = False,
    stages: set[int] | None = None,
) -> None:
    parts = [p.part for p in day.prescriptions]
    assert parts == sorted(parts, key=("warmup", "main", "cooldown").index)
    ids = [p.exercise_id for p in day.prescriptions]
    assert len(ids) == len(set(ids)), "an exercise appears twice in one session"
    for p in day.prescriptions:
        option = by_id[p.exercise_id]
        assert option.equipment <= profile.equipment
        assert (p.mode, p.per_side, p.rest_seconds) == (
            option.mode,
            option.per_side,
            option.rest_seconds,
        )
        assert p.sets >= 1 and p.amount >= 1

    if has_warmup:
        assert 180 <= part_seconds(day, "warmup") <= 300
        warmup = [by_id[p.exercise_id] for p in day.prescriptions if p.part == "warmup"]
        assert all(option.kind == "warmup" for option in warmup)
        # It rises gently: breathing, then joint mobility, then whole-body movement.
        in_order = [warmup_stage(option) for option in warmup]
        assert in_order == sorted(in_order)
        if opens_with_breathing:
            assert in_order[0] == 0
        assert {1, 2} & (stages or set()) <= set(in_order)
    if has_cooldown:
        cooldown = [p for p in day.prescriptions if p.part == "cooldown"]
        assert len(cooldown) == 1
        assert by_id[cooldown[0].exercise_id].is_cooldown
        assert 60 <= estimate_seconds(cooldown[0]) <= 120 + SETUP_SECONDS

    main = [by_id[p.exercise_id] for p in main_part(day)]
    assert main, "a training day without a main block"
    # The main block opens with the day's kind, after the stability piece on the days that
    # carry one; anything after that is support or minutes-mode filler.
    opening = [option.kind for option in main[:2]]
    if day.kind in ACCESSORY_DAY_KINDS and opening[0] == "stability":
        opening = opening[1:]
    assert opening[0] == day.kind
    allowed = {day.kind, "stability", *SUPPORT_KINDS[day.kind]}
    assert all(o.kind in allowed or (o.mode == "minutes" and o.kind in FILLER_KINDS) for o in main)
    if day.kind in ACCESSORY_DAY_KINDS and "stability" in available:
        assert any(option.kind == "stability" for option in main)

    # Recovery days may run short (walking and gentle work need not fill the slot); every
    # other session lands within 20% of the chosen length.
    low = 0.5 if day.kind == "recovery" else 0.8
    assert low * profile.session_minutes <= day.minutes <= 1.2 * profile.session_minutes


def assert_session_matches_level(
    day: DayPlan, profile: Profile, by_id: dict[int, ExerciseOption], *, step: int
) -> None:
    options = [(p, by_id[p.exercise_id]) for p in day.prescriptions]
    if step == 0:
        assert all(option.level <= MAX_LEVEL[profile.experience] for _, option in options)
    if profile.experience == "new" and step == 0:
        for p, option in options:
            if p.part == "main" and option.kind in GUIDED_KINDS and option.mode != "minutes":
                dosage = DOSAGE[(option.kind, option.mode)]
                assert (p.sets, p.amount) == (dosage.min_sets, dosage.min_amount)


def main_seconds_by_kind(block: BlockPlan) -> dict[str, int]:
    seconds = dict.fromkeys(GUIDED_KINDS, 0)
    for day in training_days(block):
        for p in main_part(day):
            kind = BY_ID[p.exercise_id].kind
            if kind in seconds:
                seconds[kind] += estimate_seconds(p)
    return seconds


# --- small rules -------------------------------------------------------------------------


def test_blocks_rotate_emphasis_from_mobility_to_stability_to_strength() -> None:
    emphases = [emphasis_for_block(number) for number in range(1, 8)]
    assert emphases == [
        "mobility",
        "stability",
        "strength",
        "mobility",
        "stability",
        "strength",
        "mobility",
    ]


def test_estimate_doubles_per_side_work_and_adds_rest_between_sets_and_setup() -> None:
    hold = Prescription(1, "main", "hold", sets=3, amount=30, per_side=True, rest_seconds=20)
    assert estimate_seconds(hold) == SETUP_SECONDS + 3 * 30 * 2 + 2 * 20


def test_estimate_counts_about_four_seconds_a_rep_and_whole_minutes() -> None:
    reps = Prescription(1, "main", "reps", sets=2, amount=10, per_side=False, rest_seconds=60)
    walk = Prescription(2, "main", "minutes", sets=1, amount=12, per_side=False, rest_seconds=0)
    assert estimate_seconds(reps) == SETUP_SECONDS + 2 * 40 + 60
    assert estimate_seconds(walk) == SETUP_SECONDS + 12 * 60


def test_usable_keeps_only_exercises_the_equipment_allows() -> None:
    kept = usable(LIBRARY, frozenset({"mat"}))
    assert BY_SLUG["dead-bug"] in kept
    assert BY_SLUG["bird-dog"] in kept
    assert BY_SLUG["strap-hip-flexor-stretch"] not in kept
    assert all(option.equipment <= {"mat"} for option in kept)


def test_progressed_follows_the_chain_step_by_step() -> None:
    stretch = BY_SLUG["kneeling-hip-flexor-stretch"]
    assert progressed(stretch, BY_ID, 0, EQUIPMENT) == stretch
    assert progressed(stretch, BY_ID, 1, EQUIPMENT) == BY_SLUG["strap-hip-flexor-stretch"]
    assert progressed(stretch, BY_ID, 2, EQUIPMENT) == BY_SLUG["half-kneeling-overhead-reach"]
    assert progressed(stretch, BY_ID, 5, EQUIPMENT) == BY_SLUG["half-kneeling-overhead-reach"]


def test_progressed_stays_put_when_the_next_one_needs_missing_equipment() -> None:
    hinge = BY_SLUG["bodyweight-hip-hinge"]
    assert progressed(hinge, BY_ID, 2, frozenset({"mat"})) == hinge


def test_negative_step_follows_regressions() -> None:
    deadlift = BY_SLUG["kettlebell-deadlift"]
    assert progressed(deadlift, BY_ID, -1, EQUIPMENT) == BY_SLUG["partial-kettlebell-swing"]
    assert progressed(deadlift, BY_ID, -3, EQUIPMENT) == BY_SLUG["bodyweight-hip-hinge"]


def test_synthetic_library_chains_link_both_ways() -> None:
    for option in LIBRARY:
        if option.progression_id is not None:
            assert BY_ID[option.progression_id].regression_id == option.id
        if option.regression_id is not None:
            assert BY_ID[option.regression_id].progression_id == option.id


def test_profile_rejects_too_few_days_unsorted_days_and_unknown_choices() -> None:
    with pytest.raises(ValueError):
        profile(weekdays=(0, 2))
    with pytest.raises(ValueError):
        profile(weekdays=(4, 2, 0))
    with pytest.raises(ValueError):
        profile(weekdays=(0, 2, 7))
    with pytest.raises(ValueError):
        profile(minutes=30)
    with pytest.raises(ValueError):
        profile(experience="expert")


M, B, S, R, X = "mobility", "stability", "strength", "recovery", "rest"


@pytest.mark.parametrize(
    ("emphasis", "weekdays", "expected"),
    [
        ("mobility", (0, 2, 4), (M, X, B, X, R, X, X)),
        ("mobility", (0, 1, 3, 5), (M, S, X, M, X, R, X)),
        ("mobility", (0, 1, 2, 3, 4), (M, S, R, M, R, X, X)),
        ("mobility", (0, 1, 2, 3, 4, 5), (M, S, M, S, M, R, X)),
        ("stability", (1, 3, 6), (X, B, X, S, X, X, R)),
        ("stability", (0, 1, 3, 5), (B, M, X, S, X, R, X)),
        ("stability", (0, 1, 2, 3, 4), (B, M, B, S, R, X, X)),
        ("stability", (0, 1, 2, 3, 4, 5), (B, M, B, S, B, R, X)),
        ("strength", (0, 2, 4), (S, X, M, X, R, X, X)),
        ("strength", (0, 1, 3, 5), (S, M, X, S, X, R, X)),
        ("strength", (0, 1, 2, 3, 4), (S, R, M, S, R, X, X)),
        ("strength", (1, 2, 3, 4, 5, 6), (X, S, M, S, M, S, R)),
    ],
)
def test_week_kinds_follow_the_pattern_for_the_emphasis_and_day_count(
    emphasis: str, weekdays: tuple[int, ...], expected: tuple[str, ...]
) -> None:
    assert week_kinds(weekdays, emphasis) == expected


@pytest.mark.parametrize("days", range(MIN_TRAINING_DAYS, MAX_TRAINING_DAYS + 1))
def test_each_emphasis_has_its_own_mix_of_days_for_every_number_of_days(days: int) -> None:
    mixes = {
        emphasis: tuple(sorted(week_kinds(tuple(range(days)), emphasis)))
        for emphasis in ("mobility", "stability", "strength")
    }
    assert len(set(mixes.values())) == 3, mixes
    if days >= 4:
        assert "strength" in mixes["stability"]


def test_the_first_block_starts_without_strength_and_brings_it_at_level_one_in_week_three() -> None:
    library, all_equipment = starting_library()
    by_id = {option.id: option for option in library}
    for experience in EXPERIENCES:
        person = profile((0, 1, 3, 5), 40, experience, all_equipment, seed=5)
        block = build_block(person, library, 1, step=0)
        early = [day.kind for week in block.weeks[:2] for day in week.days]
        later = [day for week in block.weeks[2:] for day in week.days if day.kind == "strength"]
        assert "strength" not in early
        assert later, experience
        for day in later:
            strength = [by_id[p.exercise_id] for p in main_part(day)]
            assert all(o.level == 1 for o in strength if o.kind == "strength"), experience
    # The blocks after it plan strength from their first week.
    person = profile((0, 1, 3, 5), 40, "regular", all_equipment, seed=5)
    third = build_block(person, library, 3, step=0)
    assert "strength" in [day.kind for day in third.weeks[0].days]


def test_week_kinds_replace_strength_when_no_strength_exercise_is_usable() -> None:
    kinds = week_kinds((0, 1, 2, 3, 4, 5), "strength", available=(M, B, R))
    assert kinds == (B, M, B, M, B, R, X)


# --- properties over every profile --------------------------------------------------------


@pytest.mark.parametrize("weekdays", WEEKDAY_CHOICES, ids=str)
def test_every_choice_of_training_days_gives_a_plan_that_follows_the_rules(
    weekdays: tuple[int, ...],
) -> None:
    index = WEEKDAY_CHOICES.index(weekdays)
    choices = itertools.product(SESSION_LENGTHS, EXPERIENCES, (NO_EQUIPMENT, EQUIPMENT))
    for turn, (minutes, experience, equipment) in enumerate(choices):
        # Block 1, 2, 3 in turn, shifted per session length: every experience meets every
        # emphasis. Random equipment subsets and steps are the next test's job.
        number = 1 + (turn // 2 + turn // 6) % 3
        person = profile(weekdays, minutes, experience, equipment, seed=index)
        block = build_block(person, LIBRARY, number, step=number - 1)
        assert_block_follows_rules(block, person, LIBRARY, number=number, step=number - 1)


# No example database: a test run should not write files into the repository.
@settings(max_examples=250, deadline=None, database=None)
@given(
    weekdays=st.sampled_from(WEEKDAY_CHOICES),
    minutes=st.sampled_from(SESSION_LENGTHS),
    experience=st.sampled_from(EXPERIENCES),
    equipment=st.sampled_from(EQUIPMENT_CHOICES),
    seed=st.integers(min_value=0, max_value=2**31),
    number=st.integers(min_value=1, max_value=7),
    step=st.integers(min_value=-2, max_value=4),
)
def test_any_profile_block_and_step_gives_a_plan_that_follows_the_rules(
    weekdays: tuple[int, ...],
    minutes: int,
    experience: str,
    equipment: frozenset[str],
    seed: int,
    number: int,
    step: int,
) -> None:
    person = profile(weekdays, minutes, experience, equipment, seed)
    block = build_block(person, LIBRARY, number, step)
    assert_block_follows_rules(block, person, LIBRARY, number=number, step=step)


@pytest.mark.parametrize("equipment", [EQUIPMENT, NO_EQUIPMENT], ids=["all", "none"])
@pytest.mark.parametrize("number", [1, 2, 3])
def test_the_emphasis_kind_gets_the_most_main_block_time_with_four_or_more_days(
    number: int, equipment: frozenset[str]
) -> None:
    # Weekdays only change which exercises are drawn, so a spread of them per count is enough.
    weekday_choices = [days for days in WEEKDAY_CHOICES if len(days) >= 4][::6]
    for weekdays, minutes, experience in itertools.product(
        weekday_choices, SESSION_LENGTHS, EXPERIENCES
    ):
        person = profile(weekdays, minutes, experience, equipment)
        block = build_block(person, LIBRARY, number, step=number - 1)
        seconds = main_seconds_by_kind(block)
        emphasis = emphasis_for_block(number)
        others = [seconds[kind] for kind in GUIDED_KINDS if kind != emphasis]
        assert seconds[emphasis] > max(others), (weekdays, minutes, experience, seconds)


def test_the_day_kind_fills_most_of_the_main_block_when_the_library_is_rich() -> None:
    for weekdays, minutes in itertools.product(WEEKDAY_CHOICES[::4], SESSION_LENGTHS):
        person = profile(weekdays, minutes, "regular", EQUIPMENT)
        for number in (1, 2, 3):
            for day in training_days(build_block(person, LIBRARY, number, number - 1)):
                seconds: dict[str, int] = {}
                for p in main_part(day):
                    kind = BY_ID[p.exercise_id].kind
                    seconds[kind] = seconds.get(kind, 0) + estimate_seconds(p)
                assert max(seconds, key=seconds.__getitem__) == day.kind


# --- level, dosage and progression -------------------------------------------------------


def test_a_beginner_starts_at_level_one_at_the_low_end_of_the_dosage() -> None:
    block = build_block(profile(experience="new"), LIBRARY, 1)
    for day in training_days(block):
        for p in day.prescriptions:
            option = BY_ID[p.exercise_id]
            assert option.level == 1
            if p.part == "main" and option.kind in GUIDED_KINDS and option.mode != "minutes":
                dosage = DOSAGE[(option.kind, option.mode)]
                assert (p.sets, p.amount) == (dosage.min_sets, dosage.min_amount)


def test_some_experience_starts_at_levels_up_to_two_and_regular_reaches_level_three() -> None:
    some = [
        BY_ID[p.exercise_id].level
        for day in training_days(build_block(profile(experience="some"), LIBRARY, 1))
        for p in day.prescriptions
    ]
    regular = [
        BY_ID[p.exercise_id].level
        for seed in range(10)
        for day in training_days(build_block(profile(experience="regular", seed=seed), LIBRARY, 1))
        for p in day.prescriptions
    ]
    assert max(some) == 2
    assert max(regular) == 3


@pytest.mark.parametrize("experience", EXPERIENCES)
@pytest.mark.parametrize("number", [1, 2, 3])
def test_a_step_forward_brings_progressions_of_the_exercises_used_before(
    experience: str, number: int
) -> None:
    person = profile((0, 1, 3, 5), 25, experience, EQUIPMENT)
    before = build_block(person, LIBRARY, number, step=0)
    after = build_block(person, LIBRARY, number, step=1)
    used_before = {p.exercise_id for day in training_days(before) for p in main_part(day)}
    progressions = {
        BY_ID[exercise_id].progression_id
        for exercise_id in used_before
        if BY_ID[exercise_id].progression_id is not None
        # Chains that cross kinds (bridge -> hip thrust) stop at the kind's border.
        and BY_ID[BY_ID[exercise_id].progression_id].kind == BY_ID[exercise_id].kind
    }
    used_after = {p.exercise_id for day in training_days(after) for p in main_part(day)}
    assert used_after & progressions


def test_a_step_back_brings_regressions() -> None:
    person = profile((0, 2, 4, 6), 25, "regular", EQUIPMENT)
    levels = {
        step: [
            BY_ID[p.exercise_id].level
            for day in training_days(build_block(person, LIBRARY, 3, step))
            for p in main_part(day)
        ]
        for step in (0, -1)
    }
    assert sum(levels[-1]) / len(levels[-1]) < sum(levels[0]) / len(levels[0])


def test_a_chain_that_crosses_kinds_stops_at_the_border() -> None:
    # The bridge progresses to the hip thrust, a strength exercise; mobility days keep the bridge.
    slugs = ["marching-in-place", "diaphragmatic-breathing", "supine-hip-bridge", "hip-thrust"]
    library = [BY_SLUG[slug] for slug in [*slugs, "bird-dog", "light-walking"]]
    person = profile((0, 2, 4), 25, "regular", EQUIPMENT)
    for step in (0, 1, 2):
        mobility_days = [
            day
            for day in training_days(build_block(person, library, 1, step))
            if day.kind == "mobility"
        ]
        assert mobility_days
        for day in mobility_days:
            main = {BY_ID[p.exercise_id].kind for p in main_part(day)}
            assert "strength" not in main
            assert BY_SLUG["supine-hip-bridge"].id in {p.exercise_id for p in main_part(day)}


def test_an_exercise_without_an_easier_version_joins_when_level_plus_step_reaches_it() -> None:
    switch = BY_SLUG["ninety-ninety-hip-switch"].id  # level 2, no regression

    def used(step: int) -> set[int]:
        return {
            p.exercise_id
            for seed in range(5)
            for day in training_days(
                build_block(profile((0, 1, 3, 5), 40, "new", EQUIPMENT, seed), LIBRARY, 1, step)
            )
            for p in day.prescriptions
        }

    assert switch not in used(0)
    assert switch in used(1)


# --- determinism, variety and weeks -------------------------------------------------------


def test_the_same_inputs_give_an_equal_plan() -> None:
    person = profile((0, 2, 3, 5), 40, "some", EQUIPMENT, seed=12345)
    assert build_block(person, LIBRARY, 2, 1) == build_block(person, list(LIBRARY), 2, 1)


def test_different_seeds_give_different_plans() -> None:
    plans = {build_block(profile(seed=seed, equipment=EQUIPMENT), LIBRARY, 1) for seed in range(20)}
    assert len(plans) >= 2


def test_weeks_share_the_day_pattern_and_rotate_exercises_every_second_week() -> None:
    block = build_block(profile((0, 2, 4, 6), 25, "regular", EQUIPMENT, seed=3), LIBRARY, 2)
    weeks = block.weeks
    assert len({tuple(day.kind for day in week.days) for week in weeks}) == 1
    assert weeks[0].days == weeks[1].days
    assert weeks[2].days == weeks[3].days
    assert weeks[0].days != weeks[2].days


# --- small and odd libraries --------------------------------------------------------------


def library_without(kind: str, *, unless_equipment: bool = False) -> list[ExerciseOption]:
    return [
        option
        for option in LIBRARY
        if option.kind != kind or (unless_equipment and option.equipment)
    ]


@pytest.mark.parametrize("number", [1, 2, 3])
@pytest.mark.parametrize("weekdays", [(0, 1, 2), (0, 1, 2, 3), (0, 1, 2, 3, 4), (1, 2, 3, 4, 5, 6)])
def test_without_bodyweight_strength_strength_days_become_other_kinds(
    weekdays: tuple[int, ...], number: int
) -> None:
    library = library_without("strength", unless_equipment=True)
    for minutes, experience in itertools.product(SESSION_LENGTHS, EXPERIENCES):
        person = profile(weekdays, minutes, experience, NO_EQUIPMENT)
        block = build_block(person, library, number, number - 1)
        assert_block_follows_rules(block, person, library, number=number, step=number - 1)
        assert all(day.kind != "strength" for day in training_days(block))


@pytest.mark.parametrize("missing", ["mobility", "stability", "recovery", "warmup"])
def test_a_library_missing_a_whole_kind_still_gives_a_valid_plan(missing: str) -> None:
    library = library_without(missing)
    for weekdays, minutes in itertools.product([(0, 2, 4), (0, 1, 2, 3, 4, 5)], SESSION_LENGTHS):
        for number in (1, 2, 3):
            person = profile(weekdays, minutes, "some", EQUIPMENT)
            block = build_block(person, library, number, number - 1)
            assert all(day.kind != missing for day in training_days(block))
            calendar = [day.kind for week in block.weeks for day in week.days]
            assert not any(
                a == b == "strength" for a, b in itertools.pairwise([*calendar, calendar[0]])
            )
            for day in training_days(block):
                assert main_part(day)
                low = 0.5 if day.kind == "recovery" else 0.8
                assert low * minutes <= day.minutes <= 1.2 * minutes


def test_a_tiny_library_fills_the_session_with_more_sets_and_minutes_mode_work() -> None:
    library = [
        BY_SLUG[slug]
        for slug in (
            "marching-in-place",
            "diaphragmatic-breathing",
            "standing-hip-flexor-stretch",
            "bird-dog",
            "bodyweight-hip-hinge",
            "light-walking",
        )
    ]
    person = profile((0, 2, 4), 40, "regular", NO_EQUIPMENT)
    block = build_block(person, library, 1)
    for day in training_days(block):
        assert 0.8 * 40 <= day.minutes <= 1.2 * 40
        ids = [p.exercise_id for p in day.prescriptions]
        assert len(ids) == len(set(ids))
        main = [(p, BY_ID[p.exercise_id]) for p in main_part(day)]
        assert any(p.sets > option.sets for p, option in main if option.mode != "minutes")
        assert any(p.amount > option.amount for p, option in main if option.mode == "minutes")


def test_an_empty_library_gives_rest_days_and_empty_sessions_without_failing() -> None:
    block = build_block(profile(), [], 1)
    assert [day.weekday for day in block.weeks[0].days] == list(range(7))
    assert all(day.prescriptions == () for week in block.weeks for day in week.days)


# --- the starting library ---------------------------------------------------------------


def starting_library() -> tuple[list[ExerciseOption], frozenset[str]]:
    from routines import starting_library as data

    options = options_from_rows(data.EXERCISES, data.COOLDOWN_SLUGS)
    equipment = frozenset(slug for option in options for slug in option.equipment)
    return options, equipment


@pytest.mark.parametrize("with_equipment", [False, True], ids=["no-equipment", "all-equipment"])
def test_the_starting_library_gives_plans_that_follow_the_rules(with_equipment: bool) -> None:
    library, all_equipment = starting_library()
    equipment = all_equipment if with_equipment else NO_EQUIPMENT
    for index, weekdays in enumerate(WEEKDAY_CHOICES[::7]):
        choices = itertools.product(SESSION_LENGTHS, EXPERIENCES)
        for turn, (minutes, experience) in enumerate(choices):
            number = 1 + (index + turn + turn // 3) % 3
            person = profile(weekdays, minutes, experience, equipment, seed=index)
            block = build_block(person, library, number, step=number - 1)
            assert_block_follows_rules(block, person, library, number=number, step=number - 1)


# --- a gentle first block ---------------------------------------------------------------


def prescribed_options(block: BlockPlan, library: Sequence[ExerciseOption]):
    by_id = {option.id: option for option in library}
    return [
        (by_id[prescription.exercise_id], prescription)
        for day in training_days(block)
        for prescription in day.prescriptions
    ]


@pytest.mark.parametrize("experience", EXPERIENCES)
@pytest.mark.parametrize("minutes", SESSION_LENGTHS)
def test_usual_pain_of_five_or_more_starts_gently_whatever_the_experience(
    experience: str, minutes: int
) -> None:
    library, all_equipment = starting_library()
    person = replace(
        profile((0, 2, 4, 5), minutes, experience, all_equipment, seed=3), usual_pain=7
    )
    block = build_block(person, library, 1)
    assert_block_follows_rules(block, person, library, number=1, step=0)
    for option, prescription in prescribed_options(block, library):
        assert option.level <= 2, option
        assert option.load in {"bodyweight", "held"}, option
        assert prescription.sets <= 2, (option, prescription)


def test_the_gentle_start_holds_from_pain_five_until_a_step_up() -> None:
    library, all_equipment = starting_library()
    regular = profile((0, 2, 4, 5), 40, "regular", all_equipment, seed=3)

    def heaviest(person: Profile, number: int, step: int = 0) -> tuple[int, int, set[str]]:
        chosen = prescribed_options(build_block(person, library, number, step), library)
        return (
            max(option.level for option, _ in chosen),
            max(prescription.sets for _, prescription in chosen),
            {option.load for option, _ in chosen},
        )

    level, sets, loads = heaviest(replace(regular, usual_pain=4), 1)
    assert level == 3 and sets > 2 and "loaded" in loads
    level, sets, loads = heaviest(replace(regular, usual_pain=5), 1)
    assert (level, sets) == (2, 2) and loads <= {"bodyweight", "held"}
    level, sets, loads = heaviest(replace(regular, usual_pain=5), 2)
    assert (level, sets) == (2, 2) and loads <= {"bodyweight", "held"}
    level, sets, loads = heaviest(replace(regular, usual_pain=5), 2, step=1)
    assert level == 3 and sets > 2 and "loaded" in loads


# --- an eased block ---------------------------------------------------------------------


def volume(prescription: Prescription) -> int:
    return prescription.sets * prescription.amount * (2 if prescription.per_side else 1)


@pytest.mark.parametrize("experience", ["some", "regular"])
@pytest.mark.parametrize("minutes", SESSION_LENGTHS)
def test_an_eased_block_never_adds_load_and_gives_the_time_to_the_cool_down(
    experience: str, minutes: int
) -> None:
    library, all_equipment = starting_library()
    by_id = {option.id: option for option in library}
    person = profile((0, 2, 4, 5), minutes, experience, all_equipment, seed=11)
    before = build_block(person, library, 1, step=0)
    eased = build_block(person, library, 2, step=-1, eased=True)
    largest: dict[int, int] = {}
    for p in (p for day in training_days(before) for p in main_part(day)):
        largest[p.exercise_id] = max(largest.get(p.exercise_id, 0), volume(p))
    for day in training_days(eased):
        main = main_part(day)
        assert main
        for p in main:
            option = by_id[p.exercise_id]
            dosage = dosage_for(option, "main")
            # The low end of the guide, never grown.
            assert (p.sets, p.amount) == (dosage.min_sets, dosage.min_amount), (option, p)
            if option.id in largest:
                assert volume(p) <= largest[option.id], (option, p)
        assert day.minutes <= minutes
        cooldown = [by_id[p.exercise_id] for p in day.prescriptions if p.part == "cooldown"]
        assert cooldown[0].is_cooldown
        assert all(option.kind == "recovery" for option in cooldown[1:])
    # Than the same block with the same step, uneased: the same kinds of day.
    plain = build_block(person, library, 2, step=-1)
    usual_days = {(week.number, day.weekday): day for week in plain.weeks for day in week.days}
    for week in eased.weeks:
        for day in week.days:
            if day.kind != "rest":
                usual = usual_days[(week.number, day.weekday)]
                assert part_seconds(day, "main") <= part_seconds(usual, "main")
    assert sum(part_seconds(day, "main") for day in training_days(eased)) < sum(
        part_seconds(day, "main") for day in training_days(plain)
    )


def test_without_the_ease_a_step_down_grows_the_doses_it_keeps() -> None:
    # What the eased block prevents: fewer exercises after a step down, each made bigger.
    library, all_equipment = starting_library()
    by_id = {option.id: option for option in library}
    person = profile((0, 2, 4, 5), 40, "regular", all_equipment, seed=11)
    grown = [
        p
        for day in training_days(build_block(person, library, 2, step=-1))
        for p in main_part(day)
        if (p.sets, p.amount)
        != (
            dosage_for(by_id[p.exercise_id], "main").min_sets,
            dosage_for(by_id[p.exercise_id], "main").min_amount,
        )
    ]
    assert grown


@pytest.mark.parametrize(
    ("max_load", "allowed"),
    [
        ("held", {"bodyweight", "held"}),
        ("loaded", {"bodyweight", "held", "loaded"}),
        ("ballistic", {"bodyweight", "held", "loaded", "ballistic"}),
    ],
)
def test_a_block_plans_nothing_heavier_than_its_load_allows(
    max_load: str, allowed: set[str]
) -> None:
    library, all_equipment = starting_library()
    loads = {option.id: option.load for option in library}
    planned: set[str] = set()
    for experience in EXPERIENCES:
        for step, seed in itertools.product((0, 1, 2), (3, 11)):
            person = profile((0, 2, 4, 5), 40, experience, all_equipment, seed=seed)
            block = build_block(person, library, 3, step, max_load=max_load)
            in_block = {
                loads[p.exercise_id] for day in training_days(block) for p in day.prescriptions
            }
            assert in_block <= allowed, (experience, step, seed)
            planned |= in_block
    # The cap is reached: what it holds back is there to plan without it.
    assert max(LOAD_RANK[load] for load in planned) == LOAD_RANK[max_load]
