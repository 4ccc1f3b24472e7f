from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routines.easing import (
    AdaptedSession,
    ExerciseOption,
    HurtMark,
    KindState,
    Prescribed,
    SessionItem,
    adapt_session,
    ease_prescription,
    eased_amount,
    replacement_for_hurt,
    session_easing,
)
from tracking.adaptation import (
    ACCEPTABLE,
    COMFORTABLE,
    FLARE,
    KINDS,
    LIFTED_REASON,
    SessionOutcome,
    TaskProgress,
    classify,
    hurt_marks,
    kind_states,
    pending_flare,
    professional_recommendation,
)

MONDAY = date(2026, 3, 2)
TODAY = date(2026, 4, 30)
USUAL = 2
ALL_EQUIPMENT = frozenset({"mat", "strap", "chair", "band", "kettlebell", "foam-roller"})
NO_EQUIPMENT: frozenset[str] = frozenset()
EASED_FOOTER = " Two comfortable sessions in a row bring back your usual plan."


def session(
    day: int = 0,
    kind: str = "mobility",
    before: int | None = None,
    after: int | None = None,
    morning: int | None = None,
    hurt: frozenset[int] = frozenset(),
    during: int | None = None,
) -> SessionOutcome:
    """A log `day` days after MONDAY; `during`: how much an exercise that hurt hurt."""
    return SessionOutcome(
        MONDAY + timedelta(days=day), kind, before, after, morning, hurt, pain_during=during
    )


def logged(days_ago: int, pain: int, kind: str = "mobility") -> SessionOutcome:
    return SessionOutcome(TODAY - timedelta(days=days_ago), kind, None, pain, None)


def option(
    exercise_id: int,
    kind: str = "mobility",
    equipment: str = "",
    regression: int | None = None,
    alternatives: tuple[int, ...] = (),
    mode: str = "reps",
    sets: int = 2,
    amount: int = 8,
    level: int = 1,
    load: str = "bodyweight",
) -> ExerciseOption:
    return ExerciseOption(
        exercise_id,
        kind,
        frozenset(equipment.split()),
        regression,
        alternatives,
        sets,
        amount,
        mode,
        level=level,
        load=load,
    )


def library(*options: ExerciseOption) -> dict[int, ExerciseOption]:
    return {option.id: option for option in options}


# A flare, a comfortable and an acceptable mobility session for a user whose usual pain is 2.
def flare(day: int, kind: str = "mobility") -> SessionOutcome:
    return session(day, kind, before=2, after=7)


def comfortable(day: int, kind: str = "mobility") -> SessionOutcome:
    return session(day, kind, before=1, after=2, morning=1)


def acceptable(day: int, kind: str = "mobility") -> SessionOutcome:
    return session(day, kind, before=2, after=4, morning=2)


# Classifying one session


@pytest.mark.parametrize(
    ("outcome", "usual", "verdict"),
    [
        pytest.param(session(after=5), USUAL, ACCEPTABLE, id="after-5-is-not-above-5"),
        pytest.param(session(after=6), USUAL, FLARE, id="after-6-is-a-flare"),
        pytest.param(session(before=6, after=3), USUAL, FLARE, id="before-6-counts-too"),
        pytest.param(session(before=10), USUAL, FLARE, id="before-only-10"),
        pytest.param(session(after=2, morning=3), USUAL, ACCEPTABLE, id="morning-1-above-usual"),
        pytest.param(session(after=2, morning=4), USUAL, FLARE, id="morning-2-above-usual"),
        pytest.param(session(after=1, morning=7), 6, ACCEPTABLE, id="morning-7-is-1-above-6"),
        pytest.param(session(after=1, morning=2), 0, FLARE, id="morning-2-is-2-above-0"),
        pytest.param(session(after=5, morning=5), 5, COMFORTABLE, id="usual-5-pain-5-as-usual"),
        pytest.param(session(before=0, after=0), USUAL, COMFORTABLE, id="no-pain"),
        pytest.param(session(after=2), USUAL, COMFORTABLE, id="after-2-morning-unknown"),
        pytest.param(session(after=2, morning=2), USUAL, COMFORTABLE, id="after-2-morning-2"),
        pytest.param(session(after=3), USUAL, ACCEPTABLE, id="after-3-is-out-of-safe-zone"),
        pytest.param(session(before=3, after=1), USUAL, ACCEPTABLE, id="before-3"),
        pytest.param(session(after=1, morning=3), 3, COMFORTABLE, id="usual-3-morning-3"),
        pytest.param(session(after=4, morning=4), 4, COMFORTABLE, id="usual-4-pain-4"),
        pytest.param(session(after=5, morning=4), 4, ACCEPTABLE, id="usual-4-pain-5"),
        pytest.param(session(morning=1), USUAL, COMFORTABLE, id="only-morning-known"),
        pytest.param(session(), USUAL, ACCEPTABLE, id="no-ratings-shows-no-comfort"),
        # How much an exercise hurt during the session: a pain rating like the others.
        pytest.param(session(1, after=1, during=6), USUAL, FLARE, id="hurt-6-during-is-a-flare"),
        pytest.param(session(1, after=1, during=5), USUAL, ACCEPTABLE, id="hurt-5-acceptable"),
        pytest.param(session(1, after=1, during=2), USUAL, COMFORTABLE, id="hurt-2-is-safe"),
    ],
)
def test_a_session_is_a_flare_comfortable_or_acceptable(
    outcome: SessionOutcome, usual: int, verdict: str
) -> None:
    assert classify(outcome, usual) == verdict


def test_a_flare_from_an_exercise_that_hurt_says_so() -> None:
    states = kind_states([session(0, before=2, after=2, during=7)], USUAL)
    assert states["mobility"].reason == (
        "Eased: an exercise hurt at 7/10 on Monday. Two comfortable sessions in a row bring back "
        "your usual plan."
    )
    # The same rating before or after the session is the session's pain.
    assert kind_states([session(0, after=7, during=7)], USUAL)["mobility"].reason == (
        "Eased: Monday's pain was 7/10. Two comfortable sessions in a row bring back your usual "
        "plan."
    )


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: session(after=11), id="pain-above-10"),
        pytest.param(lambda: session(during=11), id="hurt-above-10"),
        pytest.param(lambda: session(morning=-1), id="negative-pain"),
        pytest.param(lambda: session(kind="warmup"), id="warm-up-is-not-adapted"),
        pytest.param(lambda: classify(session(after=2), usual_pain=11), id="usual-above-10"),
        pytest.param(lambda: TaskProgress(11, 3, MONDAY), id="task-rated-11"),
        pytest.param(lambda: Prescribed(1, "reps", 0, 8, 30), id="zero-sets"),
        pytest.param(lambda: Prescribed(1, "laps", 2, 8, 30), id="unknown-mode"),
    ],
)
def test_impossible_input_is_refused_rather_than_quietly_misjudged(
    make: Callable[[], object],
) -> None:
    with pytest.raises(ValueError):
        make()


# The state of each kind, replayed over the logs


@pytest.mark.parametrize(
    ("outcomes", "eased", "streak", "reason"),
    [
        pytest.param([], False, 0, "", id="nothing-logged"),
        pytest.param([acceptable(0)], False, 0, "", id="acceptable-changes-nothing"),
        pytest.param([comfortable(0), comfortable(2)], False, 2, "", id="comfortable-no-easing"),
        pytest.param([flare(0)], True, 0, "Eased: Monday's pain was 7/10.", id="flare"),
        pytest.param(
            [flare(0), comfortable(2)],
            True,
            1,
            "Eased: Monday's pain was 7/10.",
            id="flare-then-one-comfortable-still-eased",
        ),
        pytest.param(
            [flare(0), comfortable(2), comfortable(4)],
            False,
            2,
            LIFTED_REASON,
            id="flare-then-two-comfortable-back-to-usual",
        ),
        pytest.param(
            [flare(0), comfortable(2), comfortable(4), comfortable(6)],
            False,
            3,
            "",
            id="lift-message-shows-once",
        ),
        pytest.param(
            [flare(0), comfortable(2), acceptable(4), comfortable(6)],
            True,
            1,
            "Eased: Monday's pain was 7/10.",
            id="acceptable-breaks-the-row",
        ),
        pytest.param(
            [flare(0), acceptable(2)],
            True,
            0,
            "Eased: Monday's pain was 7/10.",
            id="acceptable-keeps-the-easing",
        ),
        pytest.param(
            [comfortable(0), flare(2), comfortable(4)],
            True,
            1,
            "Eased: Wednesday's pain was 7/10.",
            id="comfort-before-a-flare-does-not-count",
        ),
        pytest.param(
            [comfortable(4), flare(0), comfortable(2)],
            False,
            2,
            LIFTED_REASON,
            id="logs-replay-in-date-order",
        ),
    ],
)
def test_flares_ease_a_kind_and_two_comfortable_sessions_in_a_row_lift_it(
    outcomes: list[SessionOutcome], eased: bool, streak: int, reason: str
) -> None:
    state = kind_states(outcomes, USUAL)["mobility"]
    expected_reason = reason + EASED_FOOTER if eased else reason
    assert state == KindState("mobility", eased, expected_reason, streak)


def test_a_flare_in_strength_leaves_the_other_kinds_as_they_were() -> None:
    states = kind_states([flare(0, "strength"), comfortable(1, "mobility")], USUAL)

    assert states["strength"].eased
    assert [kind for kind, state in states.items() if state.eased] == ["strength"]
    assert states["mobility"].comfortable_streak == 1


def test_a_flare_while_eased_keeps_the_easing_with_the_newer_reason() -> None:
    outcomes = [flare(0), comfortable(2), session(3, before=3, after=8)]

    state = kind_states(outcomes, USUAL)["mobility"]

    assert state.eased
    assert state.comfortable_streak == 0
    assert state.reason == "Eased: Thursday's pain was 8/10." + EASED_FOOTER


def test_morning_pain_answered_later_turns_an_acceptable_session_into_a_flare() -> None:
    evening = session(1, before=2, after=4)
    next_morning = session(1, before=2, after=4, morning=5)

    assert not kind_states([evening], USUAL)["mobility"].eased
    state = kind_states([next_morning], USUAL)["mobility"]
    assert state.eased
    assert state.reason == (
        "Eased: the morning after Tuesday's session your pain was 5/10, 3 above usual."
        + EASED_FOOTER
    )


@pytest.mark.parametrize(
    ("outcome", "why"),
    [
        pytest.param(session(5, after=6), "Saturday's pain was 6/10.", id="after"),
        pytest.param(session(6, before=9, after=4), "Sunday's pain was 9/10.", id="before"),
        pytest.param(
            session(1, after=7, morning=6),
            "Tuesday's pain was 7/10.",
            id="session-pain-named-first",
        ),
        pytest.param(
            session(2, after=3, morning=4),
            "the morning after Wednesday's session your pain was 4/10, 2 above usual.",
            id="morning",
        ),
    ],
)
def test_every_easing_says_why_with_the_weekday_and_the_rating(
    outcome: SessionOutcome, why: str
) -> None:
    state = kind_states([outcome], USUAL)[outcome.kind]

    assert state.reason == f"Eased: {why}" + EASED_FOOTER


# Easing one prescription


def test_easing_moves_to_the_regression_with_one_set_fewer_and_a_quarter_less() -> None:
    exercises = library(option(1, regression=2, mode="reps"), option(2, mode="reps"))
    planned = Prescribed(1, "reps", sets=3, amount=8, rest_seconds=30)

    assert ease_prescription(planned, exercises, NO_EQUIPMENT) == Prescribed(2, "reps", 2, 6, 30)


@pytest.mark.parametrize(
    ("exercises", "equipment", "expected"),
    [
        pytest.param(
            library(option(1, regression=2), option(2, equipment="band")),
            ALL_EQUIPMENT,
            Prescribed(2, "reps", 2, 6, 30),
            id="regression-with-equipment",
        ),
        pytest.param(
            library(option(1, regression=2), option(2, equipment="band")),
            NO_EQUIPMENT,
            Prescribed(1, "reps", 2, 6, 30),
            id="regression-without-its-equipment",
        ),
        pytest.param(
            library(option(1)),
            NO_EQUIPMENT,
            Prescribed(1, "reps", 2, 6, 30),
            id="no-regression",
        ),
        pytest.param(
            library(option(1, regression=9)),
            NO_EQUIPMENT,
            Prescribed(1, "reps", 2, 6, 30),
            id="regression-missing-from-library",
        ),
        pytest.param({}, NO_EQUIPMENT, Prescribed(1, "reps", 2, 6, 30), id="unknown-exercise"),
        pytest.param(
            library(option(1, regression=2), option(2, mode="hold", sets=2, amount=30)),
            NO_EQUIPMENT,
            Prescribed(2, "hold", 1, 20, 30),
            id="regression-in-another-mode-starts-from-its-own-dose",
        ),
        pytest.param(
            library(option(1, regression=2), option(2, mode="hold", sets=4, amount=45)),
            NO_EQUIPMENT,
            Prescribed(2, "hold", 2, 30, 30),
            id="its-own-dose-never-has-more-sets",
        ),
    ],
)
def test_easing_uses_the_regression_only_when_the_user_can_do_it(
    exercises: dict[int, ExerciseOption], equipment: frozenset[str], expected: Prescribed
) -> None:
    planned = Prescribed(1, "reps", sets=3, amount=8, rest_seconds=30)

    assert ease_prescription(planned, exercises, equipment) == expected


@pytest.mark.parametrize(
    ("mode", "amount", "eased"),
    [
        ("hold", 45, 30),
        ("hold", 30, 20),
        ("hold", 20, 15),
        ("hold", 15, 10),
        ("hold", 10, 10),
        ("hold", 8, 8),
        ("reps", 12, 9),
        ("reps", 10, 7),
        ("reps", 8, 6),
        ("reps", 4, 3),
        ("reps", 3, 3),
        ("reps", 2, 2),
        ("minutes", 10, 7),
        ("minutes", 2, 1),
        ("minutes", 1, 1),
    ],
    ids=str,
)
def test_eased_amounts_lose_a_quarter_rounded_down_within_sensible_floors(
    mode: str, amount: int, eased: int
) -> None:
    assert eased_amount(mode, amount) == eased


@pytest.mark.parametrize(("sets", "eased"), [(4, 3), (3, 2), (2, 1), (1, 1)], ids=str)
def test_easing_drops_one_set_but_keeps_at_least_one(sets: int, eased: int) -> None:
    planned = Prescribed(1, "hold", sets, amount=30, rest_seconds=30)

    assert ease_prescription(planned, {}, NO_EQUIPMENT).sets == eased


# An exercise that pinched or hurt


@pytest.mark.parametrize(
    ("exercises", "equipment", "exclude", "expected"),
    [
        pytest.param(
            library(option(1, regression=2, alternatives=(3,)), option(2), option(3)),
            NO_EQUIPMENT,
            frozenset(),
            2,
            id="regression-first",
        ),
        pytest.param(
            library(option(1, regression=2, alternatives=(5, 3)), option(2), option(3), option(5)),
            NO_EQUIPMENT,
            frozenset({2}),
            3,
            id="excluded-regression-then-lowest-alternative",
        ),
        pytest.param(
            library(
                option(1, regression=2, alternatives=(3,)), option(2, equipment="band"), option(3)
            ),
            NO_EQUIPMENT,
            frozenset(),
            3,
            id="regression-without-equipment",
        ),
        pytest.param(
            library(option(1, alternatives=(2, 3)), option(2, kind="strength"), option(3)),
            NO_EQUIPMENT,
            frozenset(),
            3,
            id="alternative-of-another-kind-skipped",
        ),
        pytest.param(
            library(
                option(1, alternatives=(2, 3, 4)),
                option(2, equipment="kettlebell"),
                option(3),
                option(4),
            ),
            NO_EQUIPMENT,
            frozenset({3}),
            4,
            id="alternatives-without-equipment-or-excluded",
        ),
        pytest.param(
            library(option(1, alternatives=(7, 3)), option(3)),
            NO_EQUIPMENT,
            frozenset(),
            3,
            id="alternative-missing-from-library-skipped",
        ),
        pytest.param(
            library(option(1, regression=1, alternatives=(1,))),
            NO_EQUIPMENT,
            frozenset(),
            None,
            id="never-itself",
        ),
        pytest.param(
            library(option(1, regression=2, alternatives=(3,)), option(2), option(3)),
            NO_EQUIPMENT,
            frozenset({2, 3}),
            None,
            id="everything-excluded",
        ),
        pytest.param(library(option(1)), NO_EQUIPMENT, frozenset(), None, id="nothing-else"),
        pytest.param(
            library(
                option(1, alternatives=(2, 3), level=2), option(2, level=3), option(3, level=2)
            ),
            NO_EQUIPMENT,
            frozenset(),
            3,
            id="never-a-harder-alternative",
        ),
        pytest.param(
            library(
                option(1, alternatives=(2, 3), load="loaded"),
                option(2, load="ballistic"),
                option(3, load="loaded"),
            ),
            NO_EQUIPMENT,
            frozenset(),
            3,
            id="never-a-more-loaded-alternative",
        ),
        pytest.param({}, NO_EQUIPMENT, frozenset(), None, id="unknown-exercise"),
    ],
)
def test_a_hurting_exercise_is_replaced_by_its_regression_else_an_alternative(
    exercises: dict[int, ExerciseOption],
    equipment: frozenset[str],
    exclude: frozenset[int],
    expected: int | None,
) -> None:
    assert replacement_for_hurt(1, exercises, equipment, exclude) == expected


def test_hurt_marks_keep_each_exercises_latest_mark_and_the_comfortable_sessions_since() -> None:
    outcomes = [
        session(0, after=3, hurt=frozenset({1})),
        session(2, after=3, hurt=frozenset({2})),
        session(3, after=3, hurt=frozenset({1})),
        comfortable(4),
        acceptable(5),
        comfortable(6, "strength"),
    ]
    assert hurt_marks(outcomes, USUAL) == {
        1: HurtMark(MONDAY + timedelta(days=3), 2),
        2: HurtMark(MONDAY + timedelta(days=2), 2),
    }


@pytest.mark.parametrize(("comfortable_since", "marked"), [(2, True), (3, True), (4, False)])
def test_a_hurt_mark_is_forgotten_after_two_comfortable_sessions_at_the_easier_level(
    comfortable_since: int, marked: bool
) -> None:
    outcomes = [session(0, after=3, hurt=frozenset({1}))]
    outcomes += [comfortable(day) for day in range(1, comfortable_since + 1)]
    assert (1 in hurt_marks(outcomes, USUAL)) is marked


def items(*exercise_ids: int, part: str = "main") -> list[SessionItem]:
    return [SessionItem(part, Prescribed(pk, "reps", 2, 8, 30)) for pk in exercise_ids]


FRIDAY = MONDAY + timedelta(days=4)
HURT_FRIDAY = HurtMark(FRIDAY, comfortable_since=0)
EASIER = "Dead bug swapped for Heel slides, an easier version: it pinched or hurt on Friday."
SIMILAR = "Dead bug swapped for Bird dog, a similar exercise: it pinched or hurt on Friday."


def named(exercise_id: int, name: str, **options: object) -> ExerciseOption:
    return ExerciseOption(**{**option(exercise_id, **options).__dict__, "name": name})


@pytest.mark.parametrize(
    ("session_ids", "exercises", "hurt", "kept", "note"),
    [
        pytest.param(
            (1, 5),
            library(
                named(1, "Dead bug", regression=2, alternatives=(3,)),
                named(2, "Heel slides"),
                named(3, "Bird dog"),
            ),
            {1: HURT_FRIDAY},
            (2, 5),
            EASIER,
            id="easier-version",
        ),
        pytest.param(
            (1, 2),
            library(
                named(1, "Dead bug", regression=2, alternatives=(3,)),
                named(2, "Heel slides"),
                named(3, "Bird dog"),
            ),
            {1: HURT_FRIDAY},
            (3, 2),
            SIMILAR,
            id="easier-version-already-in-the-session-so-an-alternative",
        ),
        pytest.param(
            (1, 2),
            library(named(1, "Dead bug", regression=2), option(2)),
            {1: HURT_FRIDAY},
            (None, 2),
            "Dead bug left out: it pinched or hurt on Friday.",
            id="easier-version-already-in-the-session-and-no-alternative",
        ),
        pytest.param(
            (1,),
            library(named(1, "Glute bridge")),
            {1: HURT_FRIDAY},
            (None,),
            "Glute bridge left out: it pinched or hurt on Friday.",
            id="no-easier-version-at-all",
        ),
        pytest.param(
            (1, 4),
            library(named(1, "Bird dog", regression=2), option(2), option(4)),
            {1: HURT_FRIDAY, 2: HURT_FRIDAY},
            (None, 4),
            "Bird dog left out: it pinched or hurt on Friday.",
            id="never-swapped-into-another-that-hurt",
        ),
        pytest.param(
            (1, 4),
            library(option(1, regression=2), option(2), option(4)),
            {},
            (1, 4),
            "",
            id="nothing-hurt",
        ),
        pytest.param(
            (1, 4),
            library(named(1, "Dead bug", regression=2), option(2), option(4)),
            {1: HurtMark(FRIDAY, comfortable_since=2)},
            (2, 4),
            "Dead bug is back at an easier level: two comfortable sessions since it pinched or "
            "hurt on Friday.",
            id="back-at-its-easier-version-after-two-comfortable-sessions",
        ),
        pytest.param(
            (1, 2),
            library(named(1, "Bird dog", regression=2), option(2)),
            {1: HurtMark(FRIDAY, comfortable_since=3)},
            (1, 2),
            "Bird dog is back at an easier level: two comfortable sessions since it pinched or "
            "hurt on Friday.",
            id="back-eased-when-its-easier-version-is-in-the-session",
        ),
    ],
)
def test_an_exercise_that_hurt_is_never_kept_unchanged(
    session_ids: tuple[int, ...],
    exercises: dict[int, ExerciseOption],
    hurt: dict[int, HurtMark],
    kept: tuple[int | None, ...],
    note: str,
) -> None:
    adapted = adapt_session(
        items(*session_ids),
        eased=False,
        reason="",
        hurt=hurt,
        library=exercises,
        equipment=NO_EQUIPMENT,
    )
    assert tuple(item and item.exercise_id for item in adapted.items) == kept
    assert adapted.note == note


def test_an_exercise_back_after_hurting_comes_with_less_volume() -> None:
    exercises = library(option(1, regression=2), option(2))
    adapted = adapt_session(
        items(1, 2),
        eased=False,
        reason="",
        hurt={1: HurtMark(FRIDAY, comfortable_since=2)},
        library=exercises,
        equipment=NO_EQUIPMENT,
    )
    assert adapted.items == (Prescribed(1, "reps", 1, 6, 30), Prescribed(2, "reps", 2, 8, 30))


def test_easing_never_brings_back_an_exercise_that_hurt() -> None:
    # Bird dog's easier version is dead bug, which hurt on Friday: bird dog is eased in place.
    exercises = library(named(1, "Bird dog", regression=2), named(2, "Dead bug"), option(4))
    adapted = adapt_session(
        items(1, 4),
        eased=True,
        reason="Eased: a flare.",
        hurt={2: HURT_FRIDAY},
        library=exercises,
        equipment=NO_EQUIPMENT,
    )
    assert [item and item.exercise_id for item in adapted.items] == [1, 4]
    assert adapted.items[0] == Prescribed(1, "reps", 1, 6, 30)


def test_an_eased_session_eases_only_its_main_block_and_says_why() -> None:
    exercises = library(option(1), option(2))
    planned = [*items(1, part="warmup"), *items(2)]
    adapted = adapt_session(
        planned,
        eased=True,
        reason="Eased: why.",
        hurt={},
        library=exercises,
        equipment=NO_EQUIPMENT,
    )
    assert adapted == AdaptedSession(
        (planned[0].planned, Prescribed(2, "reps", 1, 6, 30)), "Eased: why."
    )


@pytest.mark.parametrize(
    ("outcomes", "reason"),
    [
        pytest.param([], "", id="nothing-logged"),
        pytest.param([comfortable(0)], "", id="last-was-comfortable"),
        pytest.param(
            [comfortable(0), flare(2, "strength")],
            "Eased: Wednesday's pain was 7/10. The first session after a flare is a gentler "
            "one, whatever its kind.",
            id="last-was-a-flare",
        ),
        pytest.param(
            [session(1, after=2, morning=5)],
            "Eased: the morning after Tuesday's session your pain was 5/10, 3 above usual. The "
            "first session after a flare is a gentler one, whatever its kind.",
            id="a-flare-the-next-morning",
        ),
        pytest.param([flare(2, "strength"), acceptable(3)], "", id="a-session-since-the-flare"),
    ],
)
def test_the_first_session_after_a_flare_is_eased_whatever_its_kind(
    outcomes: list[SessionOutcome], reason: str
) -> None:
    assert pending_flare(outcomes, USUAL) == reason


EASED_STATE = KindState("mobility", eased=True, reason="Eased: its own.", comfortable_streak=0)
LIFTED_STATE = KindState("mobility", eased=False, reason=LIFTED_REASON, comfortable_streak=2)


@pytest.mark.parametrize(
    ("state", "after_flare", "first", "expected"),
    [
        pytest.param(EASED_STATE, "Eased: flare.", True, (True, "Eased: its own."), id="own"),
        pytest.param(LIFTED_STATE, "Eased: flare.", True, (True, "Eased: flare."), id="first"),
        pytest.param(LIFTED_STATE, "Eased: flare.", False, (False, LIFTED_REASON), id="later"),
        pytest.param(LIFTED_STATE, "", True, (False, LIFTED_REASON), id="no-flare-pending"),
    ],
)
def test_a_session_takes_its_kinds_easing_else_a_pending_flares_if_it_comes_first(
    state: KindState, after_flare: str, first: bool, expected: tuple[bool, str]
) -> None:
    assert session_easing(state, after_flare, first=first) == expected


# The assessment card


def weeks_of_tasks(days: int, *gains: int) -> list[TaskProgress]:
    return [TaskProgress(4, 4 + gain, TODAY - timedelta(days=days)) for gain in gains]


@pytest.mark.parametrize(
    ("outcomes", "tasks", "recommended"),
    [
        pytest.param([logged(1, 7), logged(5, 8)], [], False, id="two-logs-of-7"),
        pytest.param([logged(1, 7), logged(5, 8), logged(9, 7)], [], True, id="three-logs-of-7"),
        pytest.param([logged(1, 6), logged(5, 6), logged(9, 6)], [], False, id="three-logs-of-6"),
        pytest.param(
            [logged(0, 7), logged(5, 7), logged(13, 7)],
            [],
            True,
            id="oldest-13-days-ago",
        ),
        pytest.param(
            [logged(0, 7), logged(5, 7), logged(14, 7)],
            [],
            False,
            id="oldest-14-days-ago",
        ),
        pytest.param(
            [logged(0, 7), logged(5, 7), logged(15, 7)],
            [],
            False,
            id="oldest-15-days-ago",
        ),
        pytest.param(
            [logged(1, 7), logged(5, 7), logged(-1, 9)],
            [],
            False,
            id="future-log-ignored",
        ),
        pytest.param(
            [
                SessionOutcome(TODAY, "mobility", 7, 8, 7),
                SessionOutcome(TODAY - timedelta(days=2), "strength", 3, 7, None),
            ],
            [],
            False,
            id="logs-count-not-ratings",
        ),
        pytest.param(
            [
                SessionOutcome(TODAY, "mobility", 7, 2, 2),
                SessionOutcome(TODAY - timedelta(days=2), "strength", 1, 7, 3),
                SessionOutcome(TODAY - timedelta(days=4), "recovery", 1, 2, 7),
            ],
            [],
            True,
            id="before-after-or-morning-counts",
        ),
        pytest.param(
            [logged(12, 2), logged(9, 3), logged(4, 4), logged(1, 5)],
            [],
            True,
            id="rising-over-two-weeks",
        ),
        pytest.param(
            [logged(12, 2), logged(4, 4), logged(1, 5)],
            [],
            False,
            id="rising-with-three-logs",
        ),
        pytest.param(
            [logged(6, 2), logged(4, 3), logged(2, 4), logged(1, 5)],
            [],
            False,
            id="rising-within-one-week",
        ),
        pytest.param(
            [logged(12, 3), logged(9, 3), logged(4, 3), logged(1, 4)],
            [],
            False,
            id="rising-by-half-a-point",
        ),
        pytest.param(
            [logged(12, 2), logged(9, 3), logged(4, 3), logged(1, 4)],
            [],
            True,
            id="rising-by-one-point",
        ),
        pytest.param(
            [logged(12, 0), logged(9, 1), logged(4, 2), logged(1, 2)],
            [],
            False,
            id="rising-within-the-safe-zone",
        ),
        pytest.param(
            [logged(12, 5), logged(9, 4), logged(4, 3), logged(1, 2)],
            [],
            False,
            id="falling",
        ),
        pytest.param(
            [logged(13, 0), logged(8, 0), logged(6, 9), logged(1, 0), logged(0, 0)],
            [],
            False,
            id="one-bad-day-that-settled",
        ),
        pytest.param(
            [logged(12, 2), logged(9, 2), logged(5, 2), logged(3, 7), logged(1, 2)],
            [],
            False,
            id="one-flare-among-calm-sessions",
        ),
        pytest.param(
            [logged(12, 2), logged(9, 3), logged(5, 4), logged(3, 5), logged(1, 5)],
            [],
            True,
            id="keeps-rising",
        ),
        pytest.param([], weeks_of_tasks(41, 0, 1), False, id="41-days-without-gain"),
        pytest.param([], weeks_of_tasks(42, 0, 1), True, id="42-days-without-gain"),
        pytest.param([], weeks_of_tasks(60, -1, 1, 1), True, id="best-task-up-1-point"),
        pytest.param([], weeks_of_tasks(60, 0, 2), False, id="one-task-up-2-points"),
        pytest.param([], [], False, id="no-tasks"),
        pytest.param(
            [],
            [
                TaskProgress(4, 4, TODAY - timedelta(days=50)),
                TaskProgress(3, 5, TODAY - timedelta(days=20)),
            ],
            False,
            id="a-newer-task-up-2-points",
        ),
        pytest.param([logged(1, 3)], weeks_of_tasks(10, 0), False, id="all-is-well"),
    ],
)
def test_an_assessment_is_recommended_for_persistent_rising_or_unchanging_trouble(
    outcomes: list[SessionOutcome], tasks: list[TaskProgress], recommended: bool
) -> None:
    recommendation = professional_recommendation(outcomes, tasks, TODAY)

    assert (recommendation is not None) == recommended


@pytest.mark.parametrize(
    ("dismissed_until", "shown"),
    [
        pytest.param(None, True, id="never-dismissed"),
        pytest.param(TODAY + timedelta(days=1), False, id="day-before-it-returns"),
        pytest.param(TODAY, True, id="on-the-day-it-returns"),
        pytest.param(TODAY - timedelta(days=1), True, id="after-the-day-it-returns"),
    ],
)
def test_a_dismissed_card_stays_hidden_until_its_date(
    dismissed_until: date | None, shown: bool
) -> None:
    outcomes = [logged(1, 7), logged(5, 8), logged(9, 7)]

    recommendation = professional_recommendation(outcomes, [], TODAY, dismissed_until)

    assert (recommendation is not None) == shown


ADVICE = " A physical therapist or qualified trainer can take a look and help adjust your plan."


@pytest.mark.parametrize(
    ("outcomes", "tasks", "reason"),
    [
        pytest.param(
            [logged(1, 7), logged(5, 8), logged(9, 7), logged(10, 9)],
            [],
            "Your pain reached 7/10 or more on 4 logs in the last two weeks.",
            id="persistent",
        ),
        pytest.param(
            [logged(12, 2), logged(9, 3), logged(4, 4), logged(1, 5)],
            [],
            "Your pain has been rising over the last two weeks, from about 3/10 to about 5/10.",
            id="rising",
        ),
        pytest.param(
            [],
            weeks_of_tasks(45, 1),
            "It has been 6 weeks since you first rated your everyday tasks, and none has "
            "improved by 2 points yet.",
            id="no-gain",
        ),
        pytest.param(
            [logged(1, 7), logged(5, 8), logged(9, 7)],
            weeks_of_tasks(45, 1),
            "Your pain reached 7/10 or more on 3 logs in the last two weeks.",
            id="persistent-pain-is-named-first",
        ),
    ],
)
def test_the_card_says_plainly_why_an_assessment_could_help(
    outcomes: list[SessionOutcome], tasks: list[TaskProgress], reason: str
) -> None:
    recommendation = professional_recommendation(outcomes, tasks, TODAY)

    assert recommendation is not None
    assert recommendation.reason == reason + ADVICE


# Properties over any input


ratings = st.none() | st.integers(min_value=0, max_value=10)
outcomes_strategy = st.lists(
    st.builds(
        SessionOutcome,
        date=st.dates(min_value=MONDAY, max_value=MONDAY + timedelta(days=90)),
        kind=st.sampled_from(KINDS),
        pain_before=ratings,
        pain_after=ratings,
        morning_pain=ratings,
        hurt_exercise_ids=st.frozensets(st.integers(min_value=1, max_value=9), max_size=3),
    ),
    max_size=30,
)


# No example database: a test run should not write files into the repository.
@settings(max_examples=200, deadline=None, database=None)
@given(outcomes=outcomes_strategy, usual=st.integers(min_value=0, max_value=10))
def test_kind_states_always_answers_for_all_four_kinds(
    outcomes: Sequence[SessionOutcome], usual: int
) -> None:
    states = kind_states(outcomes, usual)

    assert list(states) == list(KINDS)
    for kind, state in states.items():
        assert state.kind == kind
        assert state.comfortable_streak >= 0
        assert not state.eased or state.reason.startswith("Eased: ")


EQUIPMENT_NAMES = sorted(ALL_EQUIPMENT)
options_strategy = st.lists(
    st.builds(
        option,
        exercise_id=st.integers(min_value=1, max_value=8),
        kind=st.sampled_from(KINDS),
        equipment=st.sets(st.sampled_from(EQUIPMENT_NAMES), max_size=2).map(" ".join),
        regression=st.none() | st.integers(min_value=1, max_value=9),
        alternatives=st.lists(st.integers(min_value=1, max_value=9), max_size=3).map(tuple),
        mode=st.sampled_from(["hold", "reps", "minutes"]),
        sets=st.integers(min_value=1, max_value=4),
        amount=st.integers(min_value=1, max_value=90),
    ),
    max_size=8,
).map(lambda options: library(*options))


@settings(max_examples=200, deadline=None, database=None)
@given(
    exercises=options_strategy,
    equipment=st.frozensets(st.sampled_from(EQUIPMENT_NAMES)),
    planned=st.builds(
        Prescribed,
        exercise_id=st.integers(min_value=1, max_value=9),
        mode=st.sampled_from(["hold", "reps", "minutes"]),
        sets=st.integers(min_value=1, max_value=5),
        amount=st.integers(min_value=1, max_value=120),
        rest_seconds=st.integers(min_value=0, max_value=90),
    ),
)
def test_easing_never_adds_volume_or_needs_equipment_the_user_lacks(
    exercises: dict[int, ExerciseOption], equipment: frozenset[str], planned: Prescribed
) -> None:
    eased = ease_prescription(planned, exercises, equipment)

    assert 1 <= eased.sets <= planned.sets
    if eased.mode == planned.mode:
        assert eased.amount <= planned.amount
    else:
        assert eased.amount <= exercises[eased.exercise_id].amount
    if eased.exercise_id != planned.exercise_id:
        assert exercises[eased.exercise_id].equipment <= equipment
        assert eased.exercise_id == exercises[planned.exercise_id].regression_id


@settings(max_examples=100, deadline=None, database=None)
@given(
    outcomes=outcomes_strategy,
    today=st.dates(min_value=MONDAY, max_value=MONDAY + timedelta(days=120)),
    dismissed_for=st.integers(min_value=1, max_value=14),
)
def test_a_dismissed_card_never_shows_whatever_the_logs(
    outcomes: Sequence[SessionOutcome], today: date, dismissed_for: int
) -> None:
    until = today + timedelta(days=dismissed_for)

    assert professional_recommendation(outcomes, [], today, until) is None
