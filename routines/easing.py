"""Plan easing: what the pain rules decided, applied to the sessions to come.

Pure Python over plain data, like the plan engine. tracking.adaptation reads the person's logs
and decides (a kind eased, a flare, an exercise that hurt); this module holds that decision as
a `PlanAdaptation` and applies it to a session the plan engine built. Every plan build starts
from the stored decision (routines.services): a new block, a settings rebuild and a review
(the domain rule "adaptations outlive blocks and rebuilds").

- Easing an exercise: its regression when the user has the equipment for it, then less volume:
  one set fewer (at least 1) and a quarter off the holds, reps or minutes, rounded down (holds
  to whole 5 s) but never below 10 s, 3 reps or 1 minute, nor above what was prescribed.
  Easing applies once, to the planned prescription, not to an already eased one.
- A flare also eases the very next session, whatever its kind: the first session to come
  after the day of the flare.
- An exercise marked as pinching or hurting is never kept unchanged: in each session to come
  it is swapped for its regression, else the first alternative of the same kind the user can
  do (by id) that is no harder and carries no more load, neither of them marked too nor
  already in that session; else it is left out, and the session's note says so. Two
  comfortable sessions after its latest mark bring it back at an easier level (its regression
  when usable and not already in the session, then less volume), with a note; two more and
  tracking.adaptation forgets the mark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from typing import Any

from routines.plan_engine import LOAD_RANK, Prescription

MODES = ("hold", "reps", "minutes")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
COMFORTABLE_TO_LIFT = 2

# Volume easing: a quarter off, rounded down, with floors a person can still feel working.
EASED_SHARE = Fraction(3, 4)
HOLD_STEP = 5
MIN_AMOUNT = {"hold": 10, "reps": 3, "minutes": 1}


def weekday_name(day: date) -> str:
    # Not strftime("%A"): that follows the server's locale.
    return WEEKDAY_NAMES[day.weekday()]


@dataclass(frozen=True)
class KindState:
    kind: str
    eased: bool
    reason: str  # "" when not eased and nothing to say
    comfortable_streak: int


@dataclass(frozen=True)
class ExerciseOption:
    """The part of a library exercise that easing and swapping need."""

    id: int
    kind: str
    equipment: frozenset[str]
    regression_id: int | None
    alternative_ids: tuple[int, ...]
    sets: int  # the exercise's starting dose
    amount: int
    mode: str  # "hold" (amount = seconds), "reps" (amount = reps), "minutes"
    name: str = "This exercise"  # for the note when it is left out
    level: int = 1
    load: str = "bodyweight"  # routines.plan_engine.LOADS
    per_side: bool = False


@dataclass(frozen=True)
class Prescribed:
    """One planned exercise in an upcoming session."""

    exercise_id: int
    mode: str
    sets: int
    amount: int
    rest_seconds: int

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {self.mode!r}")
        if self.sets < 1 or self.amount < 1:
            raise ValueError(f"sets and amount must be at least 1: {self.sets}, {self.amount}")


@dataclass(frozen=True)
class SessionItem:
    """One exercise of a session to come, in its part of the session."""

    part: str  # "warmup" | "main" | "cooldown"
    planned: Prescribed


@dataclass(frozen=True)
class AdaptedSession:
    items: tuple[Prescribed | None, ...]  # one per item given, None where it is left out
    note: str  # why the session differs from the plan; "" when it does not


@dataclass(frozen=True)
class HurtMark:
    on: date  # the latest time the exercise was marked as pinching or hurting
    comfortable_since: int  # comfortable sessions logged after that day

    @property
    def may_return(self) -> bool:
        return self.comfortable_since >= COMFORTABLE_TO_LIFT


def session_easing(state: KindState, after_flare: str, *, first: bool) -> tuple[bool, str]:
    """Whether a session to come of `state`'s kind is eased, and what its note says: the
    kind's own easing first; else, for the first session to come, the pending flare's."""
    if state.eased or not (first and after_flare):
        return state.eased, state.reason
    return True, after_flare


def _usable(
    exercise_id: int | None,
    library: Mapping[int, ExerciseOption],
    equipment: frozenset[str],
    exclude: frozenset[int] = frozenset(),
) -> ExerciseOption | None:
    if exercise_id is None or exercise_id in exclude:
        return None
    option = library.get(exercise_id)
    if option is None or not option.equipment <= equipment:
        return None
    return option


def swapped_prescription(p: Prescribed, option: ExerciseOption) -> Prescribed:
    """`p` moved to another exercise: its dose when the mode matches, else the new starting dose."""
    if option.mode == p.mode:
        return replace(p, exercise_id=option.id)
    # Reps and seconds do not convert; the new exercise's own starting dose is the safe guess.
    sets = min(p.sets, option.sets)
    return replace(p, exercise_id=option.id, mode=option.mode, sets=sets, amount=option.amount)


def eased_amount(mode: str, amount: int) -> int:
    eased = int(amount * EASED_SHARE)
    if mode == "hold":
        eased -= eased % HOLD_STEP
    return min(amount, max(MIN_AMOUNT[mode], eased))


def ease_prescription(
    p: Prescribed,
    library: Mapping[int, ExerciseOption],
    equipment: frozenset[str],
    exclude: frozenset[int] | set[int] = frozenset(),
) -> Prescribed:
    """Its regression when usable (and not in `exclude`), then less volume."""
    option = library.get(p.exercise_id)
    regression = (
        _usable(option.regression_id, library, equipment, frozenset(exclude)) if option else None
    )
    start = swapped_prescription(p, regression) if regression else p
    return replace(
        start, sets=max(1, start.sets - 1), amount=eased_amount(start.mode, start.amount)
    )


def replacement_for_hurt(
    exercise_id: int,
    library: Mapping[int, ExerciseOption],
    equipment: frozenset[str],
    exclude: frozenset[int],
) -> int | None:
    option = library.get(exercise_id)
    if option is None:
        return None
    blocked = exclude | {exercise_id}
    regression = _usable(option.regression_id, library, equipment, blocked)
    if regression is not None:
        return regression.id
    for alternative_id in sorted(option.alternative_ids):
        alternative = _usable(alternative_id, library, equipment, blocked)
        if (
            alternative is not None
            and alternative.kind == option.kind
            # Never harder nor more loaded than what hurt.
            and alternative.level <= option.level
            and LOAD_RANK[alternative.load] <= LOAD_RANK[option.load]
        ):
            return alternative.id
    return None


def adapt_session(
    items: Sequence[SessionItem],
    *,
    eased: bool,
    reason: str,
    hurt: Mapping[int, HurtMark],
    library: Mapping[int, ExerciseOption],
    equipment: frozenset[str],
) -> AdaptedSession:
    """One session to come under the pain rules: `eased` eases its main block, for `reason`;
    every exercise in `hurt` is swapped or left out, with a note saying which, until two
    comfortable sessions bring it back at an easier level."""
    in_session = {item.planned.exercise_id for item in items}
    # Never swap one hurting exercise for another that hurt too.
    marked = frozenset(exercise_id for exercise_id, mark in hurt.items() if not mark.may_return)
    notes = [reason] if reason else []
    adapted: list[Prescribed | None] = []
    for item in items:
        planned = item.planned
        mark = hurt.get(planned.exercise_id)
        option = library.get(planned.exercise_id)
        name = option.name if option else ExerciseOption.name
        if mark is not None and mark.may_return:
            day = weekday_name(mark.on)
            notes.append(
                f"{name} is back at an easier level: two comfortable sessions since it "
                f"pinched or hurt on {day}."
            )
            planned = ease_prescription(planned, library, equipment, exclude=in_session | marked)
            in_session.add(planned.exercise_id)
            adapted.append(planned)
            continue
        if mark is not None:
            day = weekday_name(mark.on)
            replacement_id = replacement_for_hurt(
                planned.exercise_id, library, equipment, marked | in_session
            )
            if replacement_id is None:
                notes.append(f"{name} left out: it pinched or hurt on {day}.")
                adapted.append(None)
                continue
            easier = replacement_id == library[planned.exercise_id].regression_id
            what = "an easier version" if easier else "a similar exercise"
            instead = library[replacement_id].name
            notes.append(f"{name} swapped for {instead}, {what}: it pinched or hurt on {day}.")
            planned = swapped_prescription(planned, library[replacement_id])
            in_session.add(replacement_id)
        if eased and item.part == "main":
            # Its regression only when that is not in the session already.
            eased_one = ease_prescription(planned, library, equipment, exclude=in_session | marked)
            in_session.add(eased_one.exercise_id)
            planned = eased_one
        adapted.append(planned)
    return AdaptedSession(tuple(adapted), " ".join(dict.fromkeys(notes)))


@dataclass(frozen=True)
class PlanAdaptation:
    """What the pain rules decided from the person's logs (tracking.adaptation.plan_adaptation):
    the input of every plan build."""

    kinds: Mapping[str, KindState] = field(default_factory=dict)
    after_flare: str = ""  # why the first session after `flare_on` is eased, whatever its kind
    flare_on: date | None = None
    hurt: Mapping[int, HurtMark] = field(default_factory=dict)

    def kind(self, kind: str) -> KindState:
        return self.kinds.get(kind) or KindState(kind, eased=False, reason="", comfortable_streak=0)

    def as_json(self) -> dict[str, Any]:
        return {
            "kinds": {
                kind: [state.eased, state.reason, state.comfortable_streak]
                for kind, state in self.kinds.items()
            },
            "after_flare": self.after_flare,
            "flare_on": self.flare_on.isoformat() if self.flare_on else None,
            "hurt": {
                str(exercise_id): [mark.on.isoformat(), mark.comfortable_since]
                for exercise_id, mark in self.hurt.items()
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlanAdaptation:
        flare_on = data.get("flare_on")
        return cls(
            kinds={
                kind: KindState(kind, eased=eased, reason=reason, comfortable_streak=streak)
                for kind, (eased, reason, streak) in data.get("kinds", {}).items()
            },
            after_flare=data.get("after_flare", ""),
            flare_on=date.fromisoformat(flare_on) if flare_on else None,
            hurt={
                int(exercise_id): HurtMark(date.fromisoformat(on), comfortable_since)
                for exercise_id, (on, comfortable_since) in data.get("hurt", {}).items()
            },
        )


def adapt_prescriptions(
    prescriptions: Sequence[Prescription],
    *,
    kind: str,
    first: bool,
    adaptation: PlanAdaptation,
    library: Mapping[int, ExerciseOption],
    equipment: frozenset[str],
) -> tuple[list[Prescription], str]:
    """A session the plan engine built, under the adaptation: the prescriptions to store and a
    note saying why they differ ("" when they do not). `first`: the first session to come after
    the flare, if there is one."""
    eased, reason = session_easing(adaptation.kind(kind), adaptation.after_flare, first=first)
    session = adapt_session(
        [
            SessionItem(
                item.part,
                Prescribed(item.exercise_id, item.mode, item.sets, item.amount, item.rest_seconds),
            )
            for item in prescriptions
        ],
        eased=eased,
        reason=reason,
        hurt=adaptation.hurt,
        library=library,
        equipment=equipment,
    )
    adapted = [
        replace(
            item,
            exercise_id=planned.exercise_id,
            mode=planned.mode,
            sets=planned.sets,
            amount=planned.amount,
            per_side=(
                library[planned.exercise_id].per_side
                if planned.exercise_id in library
                else item.per_side
            ),
        )
        for item, planned in zip(prescriptions, session.items, strict=True)
        if planned is not None
    ]
    return adapted, session.note
