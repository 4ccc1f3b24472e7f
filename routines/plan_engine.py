"""The plan engine: a profile and the exercise library in, a four-week block of sessions out.

Pure Python over plain data (no Django, no ORM, no I/O) so the rules can be proved over every
profile in a unit test. How the engine reads the weekly plan rules of the domain notes:

- Week pattern: the user's weekdays are the training days, every other day rests. The last
  training day of the week is the recovery day, so a strength day is never followed by another
  one, not even from Sunday into next Monday. The other days come from WEEK_PATTERNS: mobility
  and strength days alternate, and from four training days on the block's emphasis kind gets
  the most days (with three there is one day each of two kinds plus recovery).
- Stability work: every mobility and strength day opens its main block with one short
  stability exercise (low-end dose, it primes the trunk to hold the pelvis level), and
  stability blocks add whole stability days.
- A kind with nothing usable (no exercise for the user's equipment and level) is replaced by a
  fallback kind, and the day is labelled with what it holds. Strength is never a fallback, so
  a fallback cannot put two strength days in a row.
- Warm-up order: it rises gently, as the program asks: a breathing exercise first, then joint
  mobility (circles), then whole-body movement (marching, leg swings); at least one of each
  stage the library and equipment allow (warmup_stage).
- Time: each session is fitted to the chosen length. Warm-up (3-5 min) and cool-down (one
  breathing exercise, 1-2 min) get fixed budgets; the main block gets the rest: exercises of
  the day's kind at their starting dose, then more sets, then longer holds or more reps
  (within the dosage guide), then supporting kinds, then minutes-mode exercises (walking,
  flows) stretched to fill. Nothing is repeated within a session.
- Level: "new" starts at level 1 at the low end of the dosage guide, "some" at levels up to 2,
  "regular" at any level. `step` moves every exercise along its progression chain (within its
  kind, only to exercises the user's equipment allows); a negative step follows regressions.
  An exercise with no easier version joins once the starting level plus the step reaches it.
- A gentle start: whoever usually lives with pain of 5 or more trains, whatever their
  experience, at levels 1-2, with nothing loaded or ballistic, and two sets at most, until a
  review earns a step up (a positive step): also in the blocks after the first at step 0.
- Load earned (new to exercise): a block may plan up to its `max_load`. Someone new to
  exercise starts with body weight and holds only; weights join after a block of strength
  work without a flare, swings (ballistic) after a block of weighted work that went well
  (tracking.review.earned_load decides, the block stores it).
- An eased block (the review chose a step easier) never adds load: its main block gets three
  quarters of its usual time, takes each exercise at the low end of the dosage guide and never
  grows it; the time left over goes to the cool-down (breathing, then a recovery exercise in
  minutes), not to bigger doses.
- The first block establishes mobility and stability: no strength day in its first two weeks
  (a stability day, else the next kind there is, takes its place), and from week 3 strength
  work at level 1 only.
- Weeks: all four weeks of a block share the day pattern and dosage rules (but the first
  block's first two weeks), so the rules hold every week. The choice among equivalent
  exercises is redrawn every second week (weeks 1-2, then 3-4): long enough to learn a
  movement, short enough to stay fresh. There is no deload week; the end-of-block review
  (ease, repeat, progress) is where the load changes.
- Randomness only picks among equivalent exercises, from random.Random seeded with a string
  built from the profile seed, block, rotation and weekday. A str seed goes through SHA-512
  inside random, so plans are stable across processes (unlike hash(), which is randomised).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

KINDS = ("warmup", "mobility", "stability", "strength", "recovery")
DAY_KINDS = ("mobility", "stability", "strength", "recovery", "rest")
EMPHASES = ("mobility", "stability", "strength")
SESSION_LENGTHS = (15, 25, 40)  # minutes
EXPERIENCES = ("new", "some", "regular")
MODES = ("hold", "reps", "minutes")
PARTS = ("warmup", "main", "cooldown")

WEEKS_PER_BLOCK = 4
WEEKS_PER_ROTATION = 2  # weeks that keep the same exercises before they are redrawn
MIN_TRAINING_DAYS = 3
MAX_TRAINING_DAYS = 6
SECONDS_PER_REP = 4
SETUP_SECONDS = 10
MAX_LEVEL = {"new": 1, "some": 2, "regular": 3}
# The first block establishes mobility and stability: strength days only from this week, with
# strength exercises at level 1 only.
FIRST_BLOCK_STRENGTH_FROM_WEEK = 3
FIRST_BLOCK_STRENGTH_LEVEL = 1
LOADS = ("bodyweight", "held", "loaded", "ballistic")
# Moving or held body weight ask the same; a weight asks more; speed more again.
LOAD_RANK = {"bodyweight": 0, "held": 0, "loaded": 1, "ballistic": 2}
GENTLE_START_PAIN = 5  # usual pain from which the first block starts gently
GENTLE_START_MAX_LEVEL = 2
GENTLE_START_LOADS = frozenset({"bodyweight", "held"})
GENTLE_START_MAX_SETS = 2
EASED_MAIN_SHARE = 0.75  # of the main block's usual time, in an eased block; the rest cools down

# Warm-ups last 3 to 5 minutes; the targets sit inside that range because a part is filled up
# to its target in whole notches (a rep, five seconds of hold) and may stop a little short.
WARMUP_SECONDS = {15: 200, 25: 240, 40: 285}
MIN_WARMUP_SECONDS = 180
COOLDOWN_SECONDS = {15: 70, 25: 90, 40: 120}

# The dosage guide names the kinds that carry load; their low end is where beginners start.
GUIDED_KINDS = ("mobility", "stability", "strength")
# Days whose main block carries a stability exercise, so stability work shows up every day.
ACCESSORY_DAY_KINDS = ("mobility", "strength")
# Kinds that may top up a main block when the day's own kind runs out of exercises.
SUPPORT_KINDS = {
    "mobility": ("stability",),
    "stability": ("mobility",),
    "strength": ("stability", "mobility"),
    "recovery": ("mobility",),
}
# Kinds whose minutes-mode exercises (walking, flows) are the last way to fill a session.
FILLER_KINDS = ("recovery", "mobility", "stability", "strength")
# Replacement for a day kind with nothing usable. Strength is never a replacement.
FALLBACK_KINDS = {
    "mobility": ("stability", "recovery"),
    "stability": ("mobility", "recovery"),
    "strength": ("stability", "mobility", "recovery"),
    "recovery": ("mobility", "stability"),
}

_M, _B, _S, _R = "mobility", "stability", "strength", "recovery"
# Indexed by emphasis, then number of training days; the recovery day is always last. Each
# emphasis has its own mix for every number of days: with three, each block pairs its kind with
# the next one in the program's order (mobility with stability, stability with strength,
# strength with mobility). Five-day weeks of mobility and strength blocks get a second recovery
# day after the first strength day: a fourth work day would either tie mobility with strength
# or break their alternation. A stability block keeps a strength day from four days on; its
# lead is in main-block time (every mobility and strength day carries a stability piece).
WEEK_PATTERNS: dict[str, dict[int, tuple[str, ...]]] = {
    "mobility": {
        3: (_M, _B, _R),
        4: (_M, _S, _M, _R),
        5: (_M, _S, _R, _M, _R),
        6: (_M, _S, _M, _S, _M, _R),
    },
    "stability": {
        3: (_B, _S, _R),
        4: (_B, _M, _S, _R),
        5: (_B, _M, _B, _S, _R),
        6: (_B, _M, _B, _S, _B, _R),
    },
    "strength": {
        3: (_S, _M, _R),
        4: (_S, _M, _S, _R),
        5: (_S, _R, _M, _S, _R),
        6: (_S, _M, _S, _M, _S, _R),
    },
}


@dataclass(frozen=True)
class ExerciseOption:
    """One published library exercise, as plain data."""

    id: int
    kind: str
    level: int
    equipment: frozenset[str]
    mode: str  # "hold" (amount = seconds), "reps" (amount = reps), "minutes"
    sets: int
    amount: int
    per_side: bool
    rest_seconds: int
    regression_id: int | None
    progression_id: int | None
    is_cooldown: bool = False  # a breathing exercise suited to the cool-down
    load: str = "bodyweight"  # one of LOADS


@dataclass(frozen=True)
class Profile:
    weekdays: tuple[int, ...]  # 0 = Monday .. 6 = Sunday
    session_minutes: int
    experience: str
    equipment: frozenset[str]
    seed: int
    usual_pain: int = 0  # 0-10, as the person answered at onboarding

    @property
    def needs_gentle_start(self) -> bool:
        return self.usual_pain >= GENTLE_START_PAIN

    def __post_init__(self) -> None:
        # A wrong profile would otherwise surface as a plan that quietly breaks the rules.
        if not MIN_TRAINING_DAYS <= len(self.weekdays) <= MAX_TRAINING_DAYS:
            raise ValueError(f"choose 3 to 6 training days, not {len(self.weekdays)}")
        weekdays = list(self.weekdays)
        if weekdays != sorted(set(weekdays)) or not all(0 <= day <= 6 for day in weekdays):
            raise ValueError(f"weekdays must be distinct, sorted, 0..6: {self.weekdays}")
        if self.session_minutes not in SESSION_LENGTHS:
            raise ValueError(f"session length must be one of {SESSION_LENGTHS}")
        if self.experience not in EXPERIENCES:
            raise ValueError(f"experience must be one of {EXPERIENCES}")
        if not 0 <= self.usual_pain <= 10:
            raise ValueError(f"usual pain is rated 0 to 10, not {self.usual_pain}")


@dataclass(frozen=True)
class Prescription:
    exercise_id: int
    part: str  # "warmup", "main", "cooldown"
    mode: str
    sets: int
    amount: int
    per_side: bool
    rest_seconds: int


@dataclass(frozen=True)
class DayPlan:
    weekday: int
    kind: str
    prescriptions: tuple[Prescription, ...]  # empty on rest days

    @property
    def minutes(self) -> float:
        return sum(estimate_seconds(p) for p in self.prescriptions) / 60


@dataclass(frozen=True)
class WeekPlan:
    number: int  # 1..4 within the block
    days: tuple[DayPlan, ...]  # always 7, Monday..Sunday


@dataclass(frozen=True)
class BlockPlan:
    number: int
    emphasis: str
    weeks: tuple[WeekPlan, ...]


@dataclass(frozen=True)
class Dosage:
    min_sets: int
    max_sets: int
    min_amount: int
    max_amount: int
    amount_step: int = 1


# Mobility holds, stability and strength follow the domain's dosage guide. Mobility reps,
# warm-up, recovery and minutes-mode ranges are our own, kept gentle.
DOSAGE: dict[tuple[str, str], Dosage] = {
    ("mobility", "hold"): Dosage(2, 3, 20, 45, 5),
    ("mobility", "reps"): Dosage(2, 3, 6, 12),
    ("mobility", "minutes"): Dosage(1, 1, 2, 10),
    ("stability", "hold"): Dosage(2, 3, 20, 45, 5),
    ("stability", "reps"): Dosage(2, 3, 6, 10),
    ("stability", "minutes"): Dosage(1, 1, 2, 8),
    ("strength", "hold"): Dosage(2, 4, 20, 45, 5),
    ("strength", "reps"): Dosage(2, 4, 6, 12),
    ("strength", "minutes"): Dosage(1, 1, 2, 8),
    ("warmup", "hold"): Dosage(1, 2, 20, 60, 5),
    ("warmup", "reps"): Dosage(1, 2, 6, 15),
    ("warmup", "minutes"): Dosage(1, 1, 1, 3),
    ("recovery", "hold"): Dosage(1, 2, 30, 60, 5),
    ("recovery", "reps"): Dosage(1, 2, 6, 15),
    ("recovery", "minutes"): Dosage(1, 1, 3, 30),
}
# The cool-down is one breathing exercise of about one to two minutes.
COOLDOWN_DOSAGE: dict[str, Dosage] = {
    "hold": Dosage(1, 1, 30, 120, 15),
    "reps": Dosage(1, 1, 8, 30),
    "minutes": Dosage(1, 1, 1, 2),
}


def emphasis_for_block(number: int) -> str:
    return EMPHASES[(number - 1) % len(EMPHASES)]


def estimate_seconds(p: Prescription) -> int:
    return dose_seconds(p.mode, p.sets, p.amount, per_side=p.per_side, rest_seconds=p.rest_seconds)


def dose_seconds(mode: str, sets: int, amount: int, *, per_side: bool, rest_seconds: int) -> int:
    if mode == "minutes":
        work = amount * 60
    elif mode == "reps":
        work = amount * SECONDS_PER_REP
    else:
        work = amount
    sides = 2 if per_side else 1
    return SETUP_SECONDS + sets * work * sides + (sets - 1) * rest_seconds


def usable(options: Iterable[ExerciseOption], equipment: frozenset[str]) -> list[ExerciseOption]:
    return [option for option in options if option.equipment <= equipment]


def progressed(
    option: ExerciseOption,
    by_id: Mapping[int, ExerciseOption],
    step: int,
    equipment: frozenset[str],
) -> ExerciseOption:
    """Follow `step` progressions (regressions when negative) while the next one is usable."""
    return _along_chain(option, by_id, step, lambda next_: next_.equipment <= equipment)


def _along_chain(
    option: ExerciseOption,
    by_id: Mapping[int, ExerciseOption],
    step: int,
    allowed: Callable[[ExerciseOption], bool],
) -> ExerciseOption:
    for _ in range(abs(step)):
        next_id = option.progression_id if step > 0 else option.regression_id
        next_ = by_id.get(next_id) if next_id is not None else None
        if next_ is None or not allowed(next_):
            break
        option = next_
    return option


def week_kinds(
    weekdays: Sequence[int],
    emphasis: str,
    available: Iterable[str] = ("mobility", "stability", "strength", "recovery"),
) -> tuple[str, ...]:
    """The kind of each day Monday..Sunday; `available` lists the kinds that have exercises."""
    available = frozenset(available)
    pattern = WEEK_PATTERNS[emphasis][len(weekdays)]
    kinds = ["rest"] * 7
    for weekday, kind in zip(weekdays, pattern, strict=True):
        kinds[weekday] = _available_kind(kind, available)
    return tuple(kinds)


def _available_kind(kind: str, available: frozenset[str]) -> str:
    if kind in available:
        return kind
    # With nothing usable at all the label stays; the day then has an empty main block.
    return next((k for k in FALLBACK_KINDS[kind] if k in available), kind)


@dataclass(frozen=True)
class Candidate:
    base: ExerciseOption  # as chosen for the user's level
    option: ExerciseOption  # the base moved along its chain by the block's step


# Pools per kind for the main block, plus the warm-up (without breathing) and the cool-down.
_POOL_NAMES = (*KINDS, "cooldown")


def candidate_pools(
    profile: Profile,
    library: Sequence[ExerciseOption],
    step: int,
    *,
    gentle: bool = False,
    max_load: str = "ballistic",
) -> dict[str, tuple[Candidate, ...]]:
    # Nothing heavier than allowed, not even at the end of a chain.
    library = [option for option in library if LOAD_RANK[option.load] <= LOAD_RANK[max_load]]
    if gentle:
        library = [option for option in library if option.load in GENTLE_START_LOADS]
    by_id = {option.id: option for option in library}
    ceiling = MAX_LEVEL[profile.experience]
    if gentle:
        ceiling = min(ceiling, GENTLE_START_MAX_LEVEL)
    pools: dict[str, list[Candidate]] = {name: [] for name in _POOL_NAMES}
    for base in sorted(usable(library, profile.equipment), key=lambda option: option.id):
        if base.is_cooldown or base.kind == "warmup":
            if base.level <= ceiling:
                pools["cooldown" if base.is_cooldown else "warmup"].append(Candidate(base, base))
            continue

        # A chain may cross kinds (bridge -> hip thrust); a mobility day keeps the bridge.
        def allowed(next_: ExerciseOption, base: ExerciseOption = base) -> bool:
            return (
                next_.equipment <= profile.equipment
                and next_.kind == base.kind
                and not (gentle and next_.level > ceiling)
            )

        if base.level <= ceiling:
            pools[base.kind].append(Candidate(base, _along_chain(base, by_id, step, allowed)))
        elif step > 0 and base.level <= ceiling + step and not _has_easier(base, by_id, allowed):
            # An exercise with no easier version the user can do joins, at its own level, once
            # the starting ceiling plus the step reaches it: a split squat in a beginner's
            # third block. Otherwise a beginner's pools would stay as small as on day one.
            pools[base.kind].append(Candidate(base, base))
    return {name: tuple(candidates) for name, candidates in pools.items()}


def _has_easier(
    option: ExerciseOption,
    by_id: Mapping[int, ExerciseOption],
    allowed: Callable[[ExerciseOption], bool],
) -> bool:
    easier = by_id.get(option.regression_id) if option.regression_id is not None else None
    return easier is not None and allowed(easier)


def session_orders(
    pools: Mapping[str, tuple[Candidate, ...]],
    library_ids: Sequence[int],
    rng: random.Random,
) -> dict[str, list[ExerciseOption]]:
    """Each pool in random preference order, without duplicates.

    One draw per library exercise, ranked by the base exercise: the same seed ranks the same
    chains first whatever the step, so a progressed block shows the progressions of the
    exercises the block before it had.
    """
    rank = {exercise_id: rng.random() for exercise_id in library_ids}
    orders: dict[str, list[ExerciseOption]] = {}
    for name in _POOL_NAMES:
        ranked = sorted(pools[name], key=lambda candidate: rank[candidate.base.id])
        options: dict[int, ExerciseOption] = {}
        for candidate in ranked:
            options.setdefault(candidate.option.id, candidate.option)
        orders[name] = list(options.values())
    return orders


def dosage_for(option: ExerciseOption, part: str) -> Dosage:
    if part == "cooldown":
        dosage = COOLDOWN_DOSAGE.get(option.mode)
    else:
        dosage = DOSAGE.get((option.kind, option.mode))
    return dosage or Dosage(option.sets, option.sets, option.amount, option.amount)


@dataclass(slots=True)
class _Dose:
    """A prescription still being adjusted while its part of the session is fitted."""

    option: ExerciseOption
    part: str
    dosage: Dosage
    sets: int
    amount: int

    def seconds(self, sets: int | None = None, amount: int | None = None) -> int:
        return dose_seconds(
            self.option.mode,
            self.sets if sets is None else sets,
            self.amount if amount is None else amount,
            per_side=self.option.per_side,
            rest_seconds=self.option.rest_seconds,
        )

    def prescription(self) -> Prescription:
        return Prescription(
            exercise_id=self.option.id,
            part=self.part,
            mode=self.option.mode,
            sets=self.sets,
            amount=self.amount,
            per_side=self.option.per_side,
            rest_seconds=self.option.rest_seconds,
        )


def _starting_dose(option: ExerciseOption, part: str, *, low_end: bool) -> _Dose:
    dosage = dosage_for(option, part)
    if low_end:
        return _Dose(option, part, dosage, dosage.min_sets, dosage.min_amount)
    sets = min(max(option.sets, dosage.min_sets), dosage.max_sets)
    amount = min(max(option.amount, dosage.min_amount), dosage.max_amount)
    amount -= (amount - dosage.min_amount) % dosage.amount_step
    return _Dose(option, part, dosage, sets, amount)


def prescribe(option: ExerciseOption, part: str, *, low_end: bool) -> Prescription:
    """The starting dose: the library's own, kept inside the dosage guide, or its low end."""
    return _starting_dose(option, part, low_end=low_end).prescription()


def closest_dose(option: ExerciseOption, part: str, seconds: int) -> Prescription:
    dosage = dosage_for(option, part)
    doses = [
        _Dose(option, part, dosage, sets, amount)
        for sets in range(dosage.min_sets, dosage.max_sets + 1)
        for amount in range(dosage.min_amount, dosage.max_amount + 1, dosage.amount_step)
    ]
    return min(doses, key=lambda dose: abs(dose.seconds() - seconds)).prescription()


class _PartBuilder:
    """The prescriptions of one part of a session while it is being fitted to its time."""

    def __init__(
        self, part: str, target_seconds: int, used: set[int], max_sets: int | None = None
    ) -> None:
        self.part = part
        self.target_seconds = target_seconds
        self.used = used  # shared by the parts of a session: nothing twice in a session
        self.max_sets = max_sets  # a cap below the dosage guide's (a gentle start)
        self.doses: list[_Dose] = []
        self.seconds = 0

    def add(self, option: ExerciseOption, *, low_end: bool, force: bool = False) -> bool:
        """Add at the starting dose if it fits, else at the lightest dose if that fits."""
        room = self.target_seconds - self.seconds
        if option.id in self.used or (room <= SETUP_SECONDS and not force):
            return False
        dose = self._capped(_starting_dose(option, self.part, low_end=low_end))
        if dose.seconds() > room:
            dose = self._capped(_starting_dose(option, self.part, low_end=True))
            if dose.seconds() > room and not force:
                return False
        self.doses.append(dose)
        self.used.add(option.id)
        self.seconds += dose.seconds()
        return True

    def _capped(self, dose: _Dose) -> _Dose:
        if self.max_sets is not None and dose.dosage.max_sets > self.max_sets:
            dose.dosage = replace(dose.dosage, max_sets=max(dose.dosage.min_sets, self.max_sets))
            dose.sets = min(dose.sets, dose.dosage.max_sets)
        return dose

    def add_all(self, options: Iterable[ExerciseOption], *, low_end: bool) -> None:
        for option in options:
            self.add(option, low_end=low_end)

    def grow(self, may_grow: Callable[[ExerciseOption], bool]) -> None:
        # More rounds first, then longer holds or more reps, one notch at a time in turn so
        # the extra volume spreads over the exercises instead of piling onto the first one.
        growing = [dose for dose in self.doses if may_grow(dose.option)]
        for field in ("sets", "amount"):
            grew = self.seconds < self.target_seconds
            while grew:
                grew = False
                for dose in growing:
                    dosage = dose.dosage
                    if field == "sets" and dose.sets < dosage.max_sets:
                        sets, amount = dose.sets + 1, dose.amount
                    elif (
                        field == "amount" and dose.amount + dosage.amount_step <= dosage.max_amount
                    ):
                        sets, amount = dose.sets, dose.amount + dosage.amount_step
                    else:
                        continue
                    extra = dose.seconds(sets, amount) - dose.seconds()
                    if self.seconds + extra <= self.target_seconds:
                        dose.sets, dose.amount = sets, amount
                        self.seconds += extra
                        grew = True

    def prescriptions(self) -> tuple[Prescription, ...]:
        return tuple(dose.prescription() for dose in self.doses)


def warmup_stage(option: ExerciseOption) -> int:
    """Where an exercise sits in a warm-up, which rises gently: breathing (0), then joint
    mobility (1: circles, a level-1 exercise counted in reps), then whole-body movement (2:
    marching, leg swings)."""
    if option.is_cooldown:
        return 0
    return 1 if option.level == 1 and option.mode == "reps" else 2


def fill_warmup(
    orders: Mapping[str, list[ExerciseOption]],
    session_minutes: int,
    used: set[int],
    max_sets: int | None = None,
) -> tuple[Prescription, ...]:
    warmup = _PartBuilder("warmup", WARMUP_SECONDS[session_minutes], used, max_sets)
    # Breathing opens every session, at its shortest: a breathing exercise the cool-down
    # (chosen first) has not taken.
    breathing = [option for option in orders["cooldown"] if option.id not in used]
    if breathing:
        warmup.add(breathing[0], low_end=True)
    # One of each later stage first, so a short warm-up still rises from joints to the whole
    # body; the rest in the same random order, then the part is put in stage order.
    staged: dict[int, list[ExerciseOption]] = {1: [], 2: []}
    for option in orders["warmup"]:
        staged[warmup_stage(option)].append(option)
    firsts = [options[0] for options in staged.values() if options]
    warmup.add_all(firsts, low_end=True)  # lightest first, so all stages fit; grown below
    warmup.add_all([*staged[1][1:], *staged[2][1:]], low_end=False)
    warmup.grow(lambda option: not option.is_cooldown)
    if warmup.seconds < MIN_WARMUP_SECONDS:
        # More breathing, when little else is usable.
        warmup.add_all(breathing[1:], low_end=False)
        warmup.grow(lambda option: True)
    warmup.doses.sort(key=lambda dose: warmup_stage(dose.option))
    return warmup.prescriptions()


def choose_cooldown(
    orders: Mapping[str, list[ExerciseOption]], session_minutes: int, used: set[int]
) -> tuple[Prescription, ...]:
    if not orders["cooldown"]:
        return ()
    breathing = orders["cooldown"][0]
    used.add(breathing.id)
    return (closest_dose(breathing, "cooldown", COOLDOWN_SECONDS[session_minutes]),)


def choose_main(
    kind: str,
    orders: Mapping[str, list[ExerciseOption]],
    target_seconds: int,
    used: set[int],
    *,
    low_end: bool,
    max_sets: int | None = None,
    eased: bool = False,
) -> tuple[Prescription, ...]:
    main = _PartBuilder("main", target_seconds, used, max_sets)
    low_end = low_end or eased

    def may_grow(option: ExerciseOption) -> bool:
        # A beginner who has not progressed yet stays at the low end; walking and flows may
        # still stretch, they are outside the dosage guide. An eased block grows nothing.
        if eased:
            return False
        return not (low_end and option.kind in GUIDED_KINDS and option.mode != "minutes")

    if kind in ACCESSORY_DAY_KINDS:
        accessory = next((o for o in orders["stability"] if o.id not in used), None)
        if accessory is not None:
            main.add(accessory, low_end=True, force=True)
    own = [option for option in orders[kind] if option.id not in used]
    if own:
        main.add(own[0], low_end=low_end, force=True)
        main.add_all(own[1:], low_end=low_end)
    main.grow(lambda option: option.kind == kind and may_grow(option))
    main.grow(may_grow)
    if eased:
        return main.prescriptions()  # the rest of the time goes to the cool-down
    for support in SUPPORT_KINDS[kind]:
        main.add_all(orders[support], low_end=low_end)
        main.grow(may_grow)
    for filler_kind in FILLER_KINDS:
        fillers = [option for option in orders[filler_kind] if option.mode == "minutes"]
        main.add_all(fillers, low_end=low_end)
        main.grow(may_grow)
    return main.prescriptions()


def fill_session(
    kind: str,
    orders: Mapping[str, list[ExerciseOption]],
    session_minutes: int,
    *,
    low_end: bool,
    max_sets: int | None = None,
    eased: bool = False,
) -> tuple[Prescription, ...]:
    used: set[int] = set()
    # The cool-down is chosen first so its breathing exercise is not spent on the warm-up.
    cooldown = choose_cooldown(orders, session_minutes, used)
    warmup = fill_warmup(orders, session_minutes, used, max_sets)
    spent = sum(estimate_seconds(p) for p in (*warmup, *cooldown))
    main_seconds = session_minutes * 60 - spent
    if eased:
        main_seconds = int(main_seconds * EASED_MAIN_SHARE)
    main = choose_main(
        kind,
        orders,
        main_seconds,
        used,
        low_end=low_end,
        max_sets=max_sets,
        eased=eased,
    )
    if eased:
        left = session_minutes * 60 - spent - sum(estimate_seconds(p) for p in main)
        cooldown = (*cooldown, *_calm_minutes(orders, left, used))
    return (*warmup, *main, *cooldown)


def _calm_minutes(
    orders: Mapping[str, list[ExerciseOption]], seconds: int, used: set[int]
) -> tuple[Prescription, ...]:
    """A recovery exercise in minutes (walking, gentle yoga) for the cool-down of an eased
    session, as near `seconds` as its dosage allows; nothing when less than a minute is left."""
    if seconds < 60 + SETUP_SECONDS:
        return ()
    calm = next((o for o in orders["recovery"] if o.mode == "minutes" and o.id not in used), None)
    if calm is None:
        return ()
    used.add(calm.id)
    dose = closest_dose(calm, "main", seconds)
    if estimate_seconds(dose) > seconds:
        return ()
    return (replace(dose, part="cooldown"),)


def _session_rng(profile: Profile, block_number: int, rotation: int, weekday: int) -> random.Random:
    return random.Random(f"hipflex-plan:{profile.seed}:{block_number}:{rotation}:{weekday}")


def build_week(
    profile: Profile,
    pools: Mapping[str, tuple[Candidate, ...]],
    library_ids: Sequence[int],
    kinds: Sequence[str],
    block_number: int,
    week_number: int,
    *,
    low_end: bool,
    max_sets: int | None = None,
    eased: bool = False,
) -> WeekPlan:
    rotation = (week_number - 1) // WEEKS_PER_ROTATION
    days: list[DayPlan] = []
    for weekday, kind in enumerate(kinds):
        if kind == "rest":
            days.append(DayPlan(weekday, kind, ()))
            continue
        rng = _session_rng(profile, block_number, rotation, weekday)
        orders = session_orders(pools, library_ids, rng)
        session = fill_session(
            kind, orders, profile.session_minutes, low_end=low_end, max_sets=max_sets, eased=eased
        )
        days.append(DayPlan(weekday, kind, session))
    return WeekPlan(week_number, tuple(days))


def build_block(
    profile: Profile,
    library: Sequence[ExerciseOption],
    number: int,
    step: int = 0,
    *,
    eased: bool = False,
    max_load: str = "ballistic",
) -> BlockPlan:
    if max_load not in LOADS:
        raise ValueError(f"max_load must be one of {LOADS}, not {max_load!r}")
    emphasis = emphasis_for_block(number)
    gentle = step <= 0 and profile.needs_gentle_start
    pools = candidate_pools(profile, library, step, gentle=gentle, max_load=max_load)
    if number == 1:
        pools = {
            **pools,
            "strength": tuple(
                candidate
                for candidate in pools["strength"]
                if candidate.option.level <= FIRST_BLOCK_STRENGTH_LEVEL
            ),
        }
    max_sets = GENTLE_START_MAX_SETS if gentle else None
    library_ids = sorted(option.id for option in library)
    available = [kind for kind in DAY_KINDS if pools.get(kind)]
    kinds = week_kinds(profile.weekdays, emphasis, available)
    # The first block's first weeks: a stability day (or the next kind there is) for strength.
    no_strength = week_kinds(profile.weekdays, emphasis, [k for k in available if k != _S])
    low_end = profile.experience == "new" and step <= 0
    weeks: list[WeekPlan] = []
    for week_number in range(1, WEEKS_PER_BLOCK + 1):
        if (week_number - 1) % WEEKS_PER_ROTATION:
            # Same rotation, same draw: the week repeats the one before it.
            weeks.append(replace(weeks[-1], number=week_number))
        else:
            weeks.append(
                build_week(
                    profile,
                    pools,
                    library_ids,
                    no_strength
                    if number == 1 and week_number < FIRST_BLOCK_STRENGTH_FROM_WEEK
                    else kinds,
                    number,
                    week_number,
                    low_end=low_end,
                    max_sets=max_sets,
                    eased=eased,
                )
            )
    return BlockPlan(number, emphasis, tuple(weeks))
