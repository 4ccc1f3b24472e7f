"""Writes that touch several models: building, extending and rebuilding a person's program."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from hipflex import rows
from routines import easing, plan_engine, safety
from routines.models import (
    DOSE_FIELDS,
    REVIEW_STEP_CHANGE,
    AdaptationState,
    DayKind,
    Equipment,
    Exercise,
    Experience,
    FunctionalGoal,
    FunctionalTask,
    LoadType,
    Part,
    PlannedDay,
    PlannedExercise,
    Profile,
    ProgramBlock,
    ReviewChoice,
)

WEEKS_PER_BLOCK = plan_engine.WEEKS_PER_BLOCK


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def exercise_option(exercise: Exercise) -> plan_engine.ExerciseOption:
    return plan_engine.ExerciseOption(
        id=exercise.pk,
        kind=exercise.kind,
        level=exercise.level,
        equipment=frozenset(item.slug for item in exercise.equipment.all()),
        mode=exercise.dose_mode,
        sets=exercise.dose_sets,
        amount=exercise.dose_amount,
        per_side=exercise.per_side,
        rest_seconds=exercise.rest_seconds,
        regression_id=exercise.regression_id,
        progression_id=exercise.progression_id,
        is_cooldown=exercise.is_cooldown,
        load=exercise.load,
    )


def library_options() -> list[plan_engine.ExerciseOption]:
    """The published library as the plan engine sees it."""
    exercises = Exercise.objects.published().prefetch_related("equipment")
    return [exercise_option(exercise) for exercise in exercises]


def easing_option(exercise: Exercise, *, alternatives: bool) -> easing.ExerciseOption:
    """`alternatives`: whether the exercise came with its alternatives prefetched."""
    return easing.ExerciseOption(
        id=exercise.pk,
        kind=exercise.kind,
        equipment=frozenset(item.slug for item in exercise.equipment.all()),
        regression_id=exercise.regression_id,
        alternative_ids=(
            tuple(other.pk for other in exercise.alternatives.all()) if alternatives else ()
        ),
        sets=exercise.dose_sets,
        amount=exercise.dose_amount,
        mode=exercise.dose_mode,
        name=exercise.name,
        level=exercise.level,
        load=exercise.load,
        per_side=exercise.per_side,
    )


def library_catalogue(
    *, alternatives: bool
) -> tuple[list[plan_engine.ExerciseOption], dict[int, easing.ExerciseOption]]:
    """The published library as the plan engine and the easing rules see it, in one read;
    each exercise's alternatives only when asked (only a hurt exercise needs them)."""
    exercises = Exercise.objects.published().prefetch_related(
        "equipment", *(["alternatives"] if alternatives else [])
    )
    return (
        [exercise_option(exercise) for exercise in exercises],
        {exercise.pk: easing_option(exercise, alternatives=alternatives) for exercise in exercises},
    )


def engine_profile(profile: Profile) -> plan_engine.Profile:
    return plan_engine.Profile(
        weekdays=tuple(sorted(profile.training_days)),
        session_minutes=profile.session_minutes,
        experience=profile.experience,
        equipment=frozenset(item.slug for item in profile.equipment.all()),
        seed=profile.user_id,
        usual_pain=profile.usual_pain or 0,
    )


def _store_block(
    *,
    user: AbstractBaseUser,
    block: ProgramBlock,
    plan: plan_engine.BlockPlan,
    first_day: date,
    skip: set[date] | None = None,
) -> None:
    """Save the days of `plan` from `first_day` on (earlier days of the block are kept)."""
    days: list[PlannedDay] = []
    sessions: list[tuple[PlannedDay, plan_engine.DayPlan]] = []
    for week in plan.weeks:
        week_start = block.starts_on + timedelta(weeks=week.number - 1)
        for day_plan in week.days:
            day_date = week_start + timedelta(days=day_plan.weekday)
            if day_date < first_day or (skip and day_date in skip):
                continue
            day = PlannedDay(
                user=user, block=block, date=day_date, week_number=week.number, kind=day_plan.kind
            )
            days.append(day)
            sessions.append((day, day_plan))
    PlannedDay.objects.bulk_create(days)
    PlannedExercise.objects.bulk_create(
        exercise
        for day, day_plan in sessions
        for exercise in _planned_exercises(day, day_plan.prescriptions)
    )


def _dose(position: int, item: plan_engine.Prescription) -> tuple[object, ...]:
    """A prescription at a position, in DOSE_FIELDS order: as a stored one reads back."""
    return tuple(position if name == "position" else getattr(item, name) for name in DOSE_FIELDS)


def _planned_exercises(
    day: PlannedDay, prescriptions: Iterable[plan_engine.Prescription]
) -> list[PlannedExercise]:
    return [
        PlannedExercise(
            day=day,
            exercise_id=item.exercise_id,
            part=item.part,
            position=position,
            mode=item.mode,
            sets=item.sets,
            amount=item.amount,
            per_side=item.per_side,
            rest_seconds=item.rest_seconds,
        )
        for position, item in enumerate(prescriptions)
    ]


def _create_block(
    *,
    user: AbstractBaseUser,
    profile: Profile,
    number: int,
    step: int,
    starts_on: date,
    first_day: date,
    max_load: str,
    eased: bool = False,
    reason: str = "",
) -> ProgramBlock:
    plan = plan_engine.build_block(
        engine_profile(profile), library_options(), number, step, eased=eased, max_load=max_load
    )
    block = ProgramBlock.objects.create(
        user=user,
        number=number,
        emphasis=plan.emphasis,
        step=step,
        eased=eased,
        max_load=max_load,
        reason=reason,
        starts_on=starts_on,
    )
    _store_block(user=user, block=block, plan=plan, first_day=first_day)
    return block


@transaction.atomic
def onboarding_complete(*, user: AbstractBaseUser) -> ProgramBlock:
    """Finish onboarding and build the first block, starting this week from today."""
    profile = Profile.objects.select_for_update().get(user=user)
    existing = ProgramBlock.objects.filter(user=user).first()
    if existing:
        return existing
    today = profile.local_today()
    block = _create_block(
        user=user,
        profile=profile,
        number=1,
        step=0,
        starts_on=monday_of(today),
        first_day=today,
        max_load=first_max_load(profile),
    )
    profile.onboarded_at = timezone.now()
    profile.save(update_fields=["onboarded_at"])
    return block


def first_max_load(profile: Profile) -> str:
    """Someone new to exercise starts without weights; anyone else may use the library's all."""
    return LoadType.HELD if profile.experience == Experience.NEW else LoadType.BALLISTIC


def program_blocks(user: AbstractBaseUser) -> list[ProgramBlock]:
    """The person's program blocks, in order.

    Most pages ask it, so in SQL (hipflex/rows.py): the ORM took 1.0 ms of Python for a few
    rows, raw() 0.4 ms, mostly matching its columns to fields on each call.
    """
    return [
        rows.instance(ProgramBlock, values)
        for values in rows.each_row(_PROGRAM_BLOCKS_SQL, [user.pk])
    ]


_PROGRAM_BLOCKS_SQL = f"""
    SELECT {rows.columns(ProgramBlock, "block")} FROM {ProgramBlock._meta.db_table} AS block
    WHERE block.user_id = %s ORDER BY block.number
"""


def main_exercise_names(*, user: AbstractBaseUser, first: date, last: date) -> dict[int, list[str]]:
    """The names of each planned day's main exercises, in order, from `first` to `last`.

    /plan/ shows these for a week. In SQL: the ORM's prefetch of the same rows costs 2 ms
    of Python a page, a cursor 0.2 ms. The person's own days only.
    """
    names: dict[int, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_MAIN_EXERCISE_NAMES_SQL, [user.pk, first, last, Part.MAIN])
        for day_id, name in cursor.fetchall():
            names.setdefault(day_id, []).append(name)
    return names


_MAIN_EXERCISE_NAMES_SQL = f"""
    SELECT planned.day_id, exercise.name
    FROM {PlannedExercise._meta.db_table} AS planned
    JOIN {PlannedDay._meta.db_table} AS planned_day ON planned_day.id = planned.day_id
    JOIN {Exercise._meta.db_table} AS exercise ON exercise.id = planned.exercise_id
    WHERE planned_day.user_id = %s AND planned_day.date BETWEEN %s AND %s AND planned.part = %s
    ORDER BY planned.day_id, planned.position
"""


# What /today/ shows of each library exercise: its name and address, how to do it, and its
# picture (named by the poses' key: the poses stay in the database). The other 20 fields are
# left unread, deferred: a page that came to show one would pay a query per exercise, which
# the query budgets of the test suite catch. Their 39 timestamps alone cost 0.2 ms to load.
TODAY_EXERCISE_FIELDS = (
    *("id", "name", "slug", "summary", "instructions", "cues"),
    *("image", "video", "video_url", "figure_key", "figure_text"),
)
_TODAY_EXERCISE_SKIPS = tuple(
    field.name
    for field in Exercise._meta.concrete_fields
    if field.name not in TODAY_EXERCISE_FIELDS
)
NEXT_SESSION_WITHIN_DAYS = 14  # /today/'s "Next session" looks this far ahead


def today_and_next(
    *, user: AbstractBaseUser, today: date
) -> tuple[PlannedDay | None, PlannedDay | None, list[PlannedExercise]]:
    """Today's planned day, the next training day after it, and today's exercises with theirs.

    /today/ asks it on every visit, so in SQL (hipflex/rows.py): the ORM took 3.3 ms of
    Python to build these two queries and make their rows, SQL 1.0 ms. The person's own days
    only.
    """
    ahead = [
        rows.instance(PlannedDay, values)
        for values in rows.each_row(
            _TODAY_AND_NEXT_SQL,
            [user.pk, today, today + timedelta(days=NEXT_SESSION_WITHIN_DAYS), today, DayKind.REST],
        )
    ]
    day = ahead[0] if ahead and ahead[0].date == today else None
    exercises = day_exercises(day) if day and day.is_training else []
    return day, next((d for d in ahead if d.date > today), None), exercises


def day_exercises(day: PlannedDay) -> list[PlannedExercise]:
    """The day's exercises in order, each with what /today/ shows of its library exercise
    (TODAY_EXERCISE_FIELDS) and, as `needs`, the names of the equipment the
    exercise cannot be done without."""
    exercises = []
    for values in rows.each_row(_DAY_EXERCISES_SQL, [day.pk]):
        item = rows.instance(PlannedExercise, values)
        item.exercise = rows.instance(Exercise, values, skip=_TODAY_EXERCISE_SKIPS)
        item.needs = next(values)
        item.day = day
        exercises.append(item)
    return exercises


_TODAY_AND_NEXT_SQL = f"""
    SELECT {rows.columns(PlannedDay, "day")} FROM {PlannedDay._meta.db_table} AS day
    WHERE day.user_id = %s AND day.date BETWEEN %s AND %s AND (day.date = %s OR day.kind <> %s)
    ORDER BY day.date LIMIT 2
"""
_DAY_EXERCISES_SQL = f"""
    SELECT {rows.columns(PlannedExercise, "planned")},
        {rows.columns(Exercise, "exercise", _TODAY_EXERCISE_SKIPS)},
        ARRAY(
            SELECT equipment.name FROM {Equipment._meta.db_table} AS equipment
            JOIN {Exercise.equipment.through._meta.db_table} AS link
                ON link.equipment_id = equipment.id
            WHERE link.exercise_id = exercise.id
        )
    FROM {PlannedExercise._meta.db_table} AS planned
    JOIN {Exercise._meta.db_table} AS exercise ON exercise.id = planned.exercise_id
    WHERE planned.day_id = %s ORDER BY planned.position
"""


def week_days(*, user: AbstractBaseUser, monday: date) -> list[PlannedDay | None]:
    """The week from `monday`, a planned day or None for each date, each with its block.

    /plan/ asks it on every visit, so in SQL (hipflex/rows.py): select_related took 1.1 ms
    of Python, this 0.3 ms. The person's own days only.
    """
    days = {}
    for values in rows.each_row(_WEEK_DAYS_SQL, [user.pk, monday, monday + timedelta(days=6)]):
        day = rows.instance(PlannedDay, values)
        day.block = rows.instance(ProgramBlock, values)
        days[day.date] = day
    return [days.get(monday + timedelta(days=offset)) for offset in range(7)]


_WEEK_DAYS_SQL = f"""
    SELECT {rows.columns(PlannedDay, "day")}, {rows.columns(ProgramBlock, "block")}
    FROM {PlannedDay._meta.db_table} AS day
    JOIN {ProgramBlock._meta.db_table} AS block ON block.id = day.block_id
    WHERE day.user_id = %s AND day.date BETWEEN %s AND %s
"""


@transaction.atomic
def session_move_to_today(*, user: AbstractBaseUser, on: date) -> PlannedDay | None:
    """Train anyway: the session planned `on` (missed, or to come within the week) takes
    today's place, and today's rest takes its date. The session keeps its exercises and
    note; each date keeps its week of the block. None, changing nothing, when it may not
    (PlannedDay.can_move_to) or a session was started for it."""
    profile = Profile.objects.select_for_update().get(user=user)
    today = profile.local_today()
    days = {day.date: day for day in PlannedDay.objects.for_user(user).filter(date__in=[on, today])}
    session, rest = days.get(on), days.get(today)
    if session is None or rest is None or not session.can_move_to(rest) or session.logs.exists():
        return None
    # Through a free date: no two days of a person ever share one.
    PlannedDay.objects.filter(pk=rest.pk).update(date=on - timedelta(days=3650))
    PlannedDay.objects.filter(pk=session.pk).update(date=today, week_number=rest.week_number)
    PlannedDay.objects.filter(pk=rest.pk).update(date=on, week_number=session.week_number)
    session.refresh_from_db()
    return session


def equipment_to_lay_out(exercises: list[PlannedExercise]) -> list[str]:
    """What the exercises of `day_exercises` need, by name, each once and in order. Read with
    them: a query of its own cost /today/ 0.3 ms of a training day's 6 ms."""
    return sorted({name for item in exercises for name in item.needs})


def program_extend(*, user: AbstractBaseUser, until: date) -> list[ProgramBlock]:
    """Make sure the program covers `until`. A new block keeps the step of the one before:
    progression is earned in the review (tracking.review), never given by the calendar.

    Returns the person's blocks in order.
    """
    blocks = program_blocks(user)
    # Pages call this on every view; nearly always the plan already reaches far enough, and
    # then there is nothing to lock.
    if not blocks or blocks[-1].ends_on >= until:
        return blocks
    _program_extend_locked(user=user, until=until)
    return program_blocks(user)


def block_started_by(blocks: list[ProgramBlock], day: date) -> ProgramBlock | None:
    """The latest of these blocks to have started on or before `day`."""
    started = [block for block in blocks if block.starts_on <= day]
    return max(started, key=lambda block: block.number, default=None)


@transaction.atomic
def _program_extend_locked(*, user: AbstractBaseUser, until: date) -> None:
    profile = Profile.objects.select_for_update().get(user=user)
    last = ProgramBlock.objects.filter(user=user).order_by("-number").first()
    if last is None:
        return
    today = profile.local_today()
    built_today = False  # a day built now for today cannot have been started
    while last.ends_on < until:
        next_start = last.ends_on + timedelta(days=1)
        built_today = built_today or next_start <= today
        # Until its review is answered, a block is followed at the rule's answer.
        choice = last.next_choice
        last = _create_block(
            user=user,
            profile=profile,
            number=last.number + 1,
            step=last.step + REVIEW_STEP_CHANGE[choice],
            eased=choice == ReviewChoice.EASE,
            max_load=last.next_load,
            reason=last.earned_reason,
            starts_on=next_start,
            first_day=next_start,
        )
    upcoming_days_replan(
        profile=profile, adaptation=AdaptationState.of(profile.user_id), include_today=built_today
    )


@transaction.atomic
def program_rebuild(*, user: AbstractBaseUser) -> int:
    """Rebuild the days after today from the current profile; past days stay as they were.

    Returns how many days were rebuilt.
    """
    profile = Profile.objects.select_for_update().get(user=user)
    today = profile.local_today()
    current = _block_holding(user, today)
    if current is None:
        return 0
    if profile.experience != Experience.NEW:
        current.max_load = LoadType.BALLISTIC  # settings say they are no longer new
    elif current.max_load == LoadType.BALLISTIC and current.number == 1:
        current.max_load = first_max_load(profile)
    current.save(update_fields=["max_load"])
    rebuilt = PlannedDay.objects.filter(user=user, date__gt=today).count()
    _block_replan_from(
        user=user, profile=profile, block=current, first_day=today + timedelta(days=1)
    )
    return rebuilt


def _block_holding(user: AbstractBaseUser, day: date) -> ProgramBlock | None:
    return ProgramBlock.objects.filter(user=user, starts_on__lte=day).order_by("-number").first()


def _block_replan_from(
    *, user: AbstractBaseUser, profile: Profile, block: ProgramBlock, first_day: date
) -> None:
    """Plan `block` again from `first_day` (days done stay), drop the blocks after it (the
    program extends again from it), and plan the days to come under the adaptation; today is
    planned again when `first_day` is today."""
    PlannedDay.objects.filter(user=user, date__gte=first_day, completed_at__isnull=True).delete()
    ProgramBlock.objects.filter(user=user, number__gt=block.number).delete()
    done = set(
        PlannedDay.objects.filter(user=user, date__gte=first_day).values_list("date", flat=True)
    )
    plan = plan_engine.build_block(
        engine_profile(profile),
        library_options(),
        block.number,
        block.step,
        eased=block.eased,
        max_load=block.max_load,
    )
    _store_block(user=user, block=block, plan=plan, first_day=first_day, skip=done)
    upcoming_days_replan(
        profile=profile,
        adaptation=AdaptationState.of(profile.user_id),
        include_today=first_day == profile.local_today(),
    )


RESTART_REASON = (
    "Restarting gently after your assessment: the first step, every exercise at a lighter "
    "dose. The reviews take it from here."
)


@transaction.atomic
def clearance_confirm(*, user: AbstractBaseUser, assessed_on: date, assessed_by: str) -> Profile:
    """The person confirms the assessment their red flags asked for (routines.safety), and the
    plan resumes. After an emergency sign it restarts from today at its lowest step, eased."""
    profile = Profile.objects.select_for_update().get(user=user)
    profile.assessed_on, profile.assessed_by = assessed_on, assessed_by
    profile.clinician_cleared_at = timezone.now()
    profile.save(update_fields=["assessed_on", "assessed_by", "clinician_cleared_at"])
    if profile.red_flag_urgency != safety.EMERGENCY or profile.onboarded_at is None:
        return profile
    today = profile.local_today()
    current = _block_holding(user, today)
    if current is None:
        return profile
    current.step, current.eased = min(current.step, 0), True
    current.reason = RESTART_REASON
    current.save(update_fields=["step", "eased", "reason"])
    _block_replan_from(user=user, profile=profile, block=current, first_day=today)
    return profile


def functional_goals_replace(
    *, user: AbstractBaseUser, ratings: list[tuple[FunctionalTask | None, str, int]]
) -> None:
    """Store the tasks chosen at onboarding with their baseline ratings."""
    with transaction.atomic():
        FunctionalGoal.objects.filter(user=user).delete()
        FunctionalGoal.objects.bulk_create(
            FunctionalGoal(user=user, task=task, custom_name=name, baseline=rating)
            for task, name, rating in ratings
        )


@transaction.atomic
def onboarding_goals_save(
    *,
    user: AbstractBaseUser,
    ratings: list[tuple[FunctionalTask | None, str, int]],
    reminders_enabled: bool,
    reminder_time: time,
) -> ProgramBlock:
    """The last onboarding step: the goals, the reminders and the first block, all or none."""
    functional_goals_replace(user=user, ratings=ratings)
    Profile.objects.filter(user=user).update(
        reminders_enabled=reminders_enabled, reminder_time=reminder_time
    )
    return onboarding_complete(user=user)


def swap_candidates(planned: PlannedExercise, profile: Profile) -> list[Exercise]:
    """Other published exercises of the same kind that the person can do, easiest first."""
    equipment = [item.slug for item in profile.equipment.all()]
    in_session = PlannedExercise.objects.filter(day=planned.day_id).values("exercise_id")
    return list(
        Exercise.objects.published()
        .for_equipment(equipment)
        .prefetch_related("equipment")
        .filter(kind=planned.exercise.kind, is_cooldown=planned.exercise.is_cooldown)
        .exclude(pk__in=in_session)
        .order_by("level", "name")
    )


def easier_version(
    exercise: Exercise, profile: Profile, exclude: Iterable[int] = ()
) -> Exercise | None:
    """What to do instead when `exercise` pinches or hurts: the plan's own rule for it
    (routines.easing.replacement_for_hurt), among its regression and its alternatives the
    person can do. `exclude`: exercises that hurt too."""
    alternatives = tuple(sorted(exercise.alternatives.values_list("pk", flat=True)))
    candidates = {
        option.pk: option
        for option in Exercise.objects.published()
        .filter(pk__in=[*alternatives, exercise.regression_id or 0])
        .prefetch_related("equipment")
    }
    library = {pk: easing_option(option, alternatives=False) for pk, option in candidates.items()}
    library[exercise.pk] = easing.ExerciseOption(
        id=exercise.pk,
        kind=exercise.kind,
        equipment=frozenset(),
        regression_id=exercise.regression_id,
        alternative_ids=alternatives,
        sets=exercise.dose_sets,
        amount=exercise.dose_amount,
        mode=exercise.dose_mode,
        level=exercise.level,
        load=exercise.load,
    )
    equipment = frozenset(item.slug for item in profile.equipment.all())
    chosen = easing.replacement_for_hurt(exercise.pk, library, equipment, frozenset(exclude))
    return candidates.get(chosen) if chosen is not None else None


@transaction.atomic
def planned_exercise_swap(*, planned: PlannedExercise, profile: Profile) -> bool:
    """Replace a planned exercise with the next one of its kind the person can do.

    False, and nothing changed, when no other exercise of its kind suits them.
    """
    candidates = swap_candidates(planned, profile)
    if not candidates:
        return False
    current = planned.exercise
    # Walk the list from the current exercise's place, so repeated swaps cycle through all.
    later = [e for e in candidates if (e.level, e.name) > (current.level, current.name)]
    choice = (later or candidates)[0]
    # Keep the session's length: dose the new exercise to take about as long as the old one.
    seconds = plan_engine.estimate_seconds(_as_prescription(planned))
    dose = plan_engine.closest_dose(exercise_option(choice), planned.part, seconds)
    planned.exercise = choice
    planned.mode, planned.sets, planned.amount = dose.mode, dose.sets, dose.amount
    planned.per_side, planned.rest_seconds = dose.per_side, dose.rest_seconds
    planned.swapped = True
    planned.save()
    return True


def _as_prescription(planned: PlannedExercise) -> plan_engine.Prescription:
    return plan_engine.Prescription(
        exercise_id=planned.exercise_id,
        part=planned.part,
        mode=planned.mode,
        sets=planned.sets,
        amount=planned.amount,
        per_side=planned.per_side,
        rest_seconds=planned.rest_seconds,
    )


@transaction.atomic
def safety_answers_save(*, user: AbstractBaseUser, red_flags: list[str]) -> Profile:
    """Store the safety screen. A new yes asks for clearance again; all no clears the need."""
    now = timezone.now()
    profile, _ = Profile.objects.select_for_update().get_or_create(
        user=user,
        defaults={
            "health_data_consent_at": now,
            "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        },
    )
    if set(red_flags) - set(profile.red_flags):
        profile.clinician_cleared_at = None
    profile.red_flags = red_flags
    profile.safety_answered_at = now
    profile.save()
    return profile


def adaptation_save(*, user: AbstractBaseUser, adaptation: easing.PlanAdaptation) -> None:
    """Store what the pain rules decided (tracking.adaptation), for every plan build to come."""
    # One statement (INSERT .. ON CONFLICT): it runs on every log and morning answer.
    AdaptationState.objects.bulk_create(
        [AdaptationState(user=user, decision=adaptation.as_json(), updated_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["decision", "updated_at"],
    )


# Part of the change that calls it (a session logged, a morning answered, a block built):
# nobody recovers from a failure half-way, so no savepoint of its own.
@transaction.atomic(savepoint=False)
def upcoming_days_replan(
    *, profile: Profile, adaptation: easing.PlanAdaptation, include_today: bool
) -> int:
    """Rebuild a person's upcoming sessions from the plan engine under `adaptation`, what the
    pain rules decided (routines.easing): every build starts from it.

    `include_today` false leaves today's session as it is (it has started, or the build that
    calls this did not make it).
    Days whose kind no longer matches the engine's (settings changed, not rebuilt) and a today
    with a manual swap are left alone.
    Returns how many days were replanned; days that come out as they were are not written.
    """
    today = profile.local_today()
    days = list(
        PlannedDay.objects.filter(
            user_id=profile.user_id, date__gte=today, completed_at__isnull=True
        )
        .exclude(kind="rest")
        .select_related("block")
        .order_by("date")
    )
    flare_on = adaptation.flare_on
    # A started today is the first session after the flare when it came after it.
    started_first = not include_today and any(
        day.date == today and (flare_on is None or today > flare_on) for day in days
    )
    if not include_today:
        days = [day for day in days if day.date != today]
    # What each day prescribes now, as rows: model instances cost more than the comparison.
    current: dict[int, list[tuple[object, ...]]] = {day.pk: [] for day in days}
    swapped: set[int] = set()
    rows = PlannedExercise.objects.filter(day__in=days).order_by("day_id", "position")
    for day_id, is_swapped, *dose in rows.values_list("day_id", "swapped", *DOSE_FIELDS):
        current[day_id].append(tuple(dose))
        if is_swapped:
            swapped.add(day_id)
    options, library = library_catalogue(alternatives=bool(adaptation.hurt))
    person = engine_profile(profile)
    blocks: dict[int, plan_engine.BlockPlan] = {}
    planned: list[tuple[PlannedDay, plan_engine.DayPlan]] = []
    for day in days:
        if day.date == today and day.pk in swapped:
            continue
        block = day.block
        if block.pk not in blocks:
            blocks[block.pk] = plan_engine.build_block(
                person,
                options,
                block.number,
                block.step,
                eased=block.eased,
                max_load=block.max_load,
            )
        day_plan = blocks[block.pk].weeks[day.week_number - 1].days[day.date.weekday()]
        if day_plan.kind == day.kind:
            planned.append((day, day_plan))
    # The first session after the flare takes its easing, whatever its kind: the first one
    # planned here, unless today's has started after the flare.
    first = None
    if not started_first:
        first = next((day for day, _ in planned if flare_on is None or day.date > flare_on), None)
    replanned: list[PlannedDay] = []
    fresh: list[PlannedExercise] = []
    for day, day_plan in planned:
        prescriptions, note = easing.adapt_prescriptions(
            day_plan.prescriptions,
            kind=day.kind,
            first=day is first,
            adaptation=adaptation,
            library=library,
            equipment=person.equipment,
        )
        doses = [_dose(position, item) for position, item in enumerate(prescriptions)]
        if note == day.note and doses == current[day.pk]:
            continue
        day.note = note
        replanned.append(day)
        fresh.extend(_planned_exercises(day, prescriptions))
    PlannedExercise.objects.filter(day__in=replanned).delete()
    PlannedExercise.objects.bulk_create(fresh)
    PlannedDay.objects.bulk_update(replanned, ["note"])
    return len(replanned)


@transaction.atomic
def block_review_apply(
    *, user: AbstractBaseUser, block: ProgramBlock, choice: str, reason: str, keep_today: bool
) -> ProgramBlock:
    """Record the review of `block` and rebuild the next block with the chosen step, saying
    why (`reason`).

    Days of the next block that are already done stay as they were, and today's when
    `keep_today` (its session has started).
    """
    profile = Profile.objects.select_for_update().get(user=user)
    block.review_choice = choice
    block.reviewed_at = timezone.now()
    block.earned_reason = reason[:300]
    block.save(update_fields=["review_choice", "reviewed_at", "earned_reason"])
    return _next_block_rebuild(profile=profile, block=block, keep_today=keep_today)


# Part of plan_adapt's transaction (it holds the profile's lock): it runs on every log in a
# block's last two weeks, so it writes only what changed.
@transaction.atomic(savepoint=False)
def block_earned_set(
    *,
    user: AbstractBaseUser,
    block: ProgramBlock,
    choice: str,
    load: str,
    reason: str,
    keep_today: bool,
) -> None:
    """Store what `block` earns the block after it: the rule's answer for its step
    (tracking.review.earned_choice), the heaviest load it may plan (earned_load) and why.
    Until the review is answered the next block follows the answer: when it is already
    planned otherwise, its days to come are planned again (a started today is kept when
    `keep_today`); the caller then plans the days to come under the adaptation."""
    if block.reviewed_at is not None:
        reason = block.earned_reason  # the review's answer stands
    reason = reason[: ProgramBlock._meta.get_field("reason").max_length]
    if (block.earned_choice, block.earned_load, block.earned_reason) == (choice, load, reason):
        return
    step_changed = (block.earned_choice, block.earned_load) != (choice, load)
    block.earned_choice, block.earned_load, block.earned_reason = choice, load, reason
    block.save(update_fields=["earned_choice", "earned_load", "earned_reason"])
    following = ProgramBlock.objects.filter(user=user, number=block.number + 1)
    if not step_changed:
        following.update(reason=reason)
        return
    upcoming = following.first()
    if upcoming is None:
        return
    if upcoming.reason != reason:
        upcoming.reason = reason
        upcoming.save(update_fields=["reason"])
    planned = (upcoming.step, upcoming.eased, upcoming.max_load)
    step = block.step + REVIEW_STEP_CHANGE[block.next_choice]
    if planned != (step, block.next_choice == ReviewChoice.EASE, block.next_load):
        profile = Profile.objects.select_for_update().get(user=user)
        _next_block_rebuild(profile=profile, block=block, keep_today=keep_today, replan=False)


def _next_block_rebuild(
    *, profile: Profile, block: ProgramBlock, keep_today: bool, replan: bool = True
) -> ProgramBlock:
    """Plan the block after `block` again at `block.next_choice`, from today (or tomorrow, when
    `keep_today`) or its start; days done stay as they were, later blocks are dropped (the
    program extends again from this one)."""
    user = profile.user
    choice = block.next_choice
    step = block.step + REVIEW_STEP_CHANGE[choice]
    starts_on = block.ends_on + timedelta(days=1)
    today = profile.local_today()
    first_day = max(starts_on, today + timedelta(days=1) if keep_today else today)
    PlannedDay.objects.filter(user=user, date__gte=first_day, completed_at__isnull=True).delete()
    ProgramBlock.objects.filter(user=user, number__gt=block.number + 1).delete()
    following, _ = ProgramBlock.objects.update_or_create(
        user=user,
        number=block.number + 1,
        defaults={
            "step": step,
            "eased": choice == ReviewChoice.EASE,
            "max_load": block.next_load,
            "reason": block.earned_reason,
            "starts_on": starts_on,
            "emphasis": plan_engine.emphasis_for_block(block.number + 1),
        },
    )
    plan = plan_engine.build_block(
        engine_profile(profile),
        library_options(),
        following.number,
        step,
        eased=following.eased,
        max_load=following.max_load,
    )
    done = set(
        PlannedDay.objects.filter(user=user, date__gte=first_day).values_list("date", flat=True)
    )
    _store_block(user=user, block=following, plan=plan, first_day=first_day, skip=done)
    if replan:
        upcoming_days_replan(
            profile=profile,
            adaptation=AdaptationState.of(profile.user_id),
            include_today=not keep_today,
        )
    return following
