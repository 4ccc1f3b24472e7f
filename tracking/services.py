"""Writes that touch several models: logging sessions, adapting the plan, rating tasks."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from routines.models import (
    AdaptationState,
    Exercise,
    FunctionalGoal,
    LoadType,
    PlannedDay,
    PlannedExercise,
    Profile,
    ProgramBlock,
)
from routines.services import (
    adaptation_save,
    block_earned_set,
    block_review_apply,
    upcoming_days_replan,
)
from tracking import adaptation, hip_test, progress, review
from tracking.models import (
    ExerciseResult,
    HipExtensionTest,
    Milestone,
    ResultStatus,
    SessionLog,
    TaskRating,
)

# Logs older than this no longer steer the plan (the pain rules look at days and weeks).
ADAPTATION_WINDOW_DAYS = 90
MILESTONE_GAIN = 2
MILESTONE_RATING = 8


def session_start(
    *, user: AbstractBaseUser, planned_day: PlannedDay, pain_before: int
) -> SessionLog:
    """Start (or resume) the log of a planned day: idempotent under double clicks."""
    existing = SessionLog.objects.filter(user=user, planned_day=planned_day).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            log = SessionLog.objects.create(
                user=user,
                planned_day=planned_day,
                date=planned_day.date,
                kind=planned_day.kind,
                pain_before=pain_before,
            )
            ExerciseResult.objects.bulk_create(
                ExerciseResult(
                    log=log,
                    exercise_id=item.exercise_id,
                    position=item.position,
                    part=item.part,
                    mode=item.mode,
                    sets=item.sets,
                    amount=item.amount,
                    per_side=item.per_side,
                    rest_seconds=item.rest_seconds,
                )
                for item in planned_day.exercises.all()
            )
            return log
    except IntegrityError:
        # A second request won the race: use its log.
        return SessionLog.objects.get(user=user, planned_day=planned_day)


def result_record(*, result: ExerciseResult, status: str, sets_done: int | None) -> ExerciseResult:
    """An exercise's answer. One that takes back how much it hurt (a mis-tap) takes the rating
    and the easier version with it, and the pain rules run again without them."""
    taken_back = result.hurt_pain is not None and status != ResultStatus.HURT
    result.status = status
    if status == ResultStatus.DONE and sets_done is None:
        sets_done = result.sets
    result.sets_done = sets_done if status != ResultStatus.SKIPPED else 0
    if status != ResultStatus.HURT:
        result.hurt_pain, result.easier = None, None
    with transaction.atomic() if taken_back else nullcontext():
        result.save(update_fields=["status", "sets_done", "hurt_pain", "easier"])
        if taken_back:
            _pain_during_update(result.log)
    return result


@transaction.atomic
def result_hurt_rate(*, result: ExerciseResult, pain: int) -> ExerciseResult:
    """How much an exercise that pinched or hurt hurt (0-10). It counts in the pain rules like
    any other rating, at once: the plan to come already knows when the session goes on."""
    result.status, result.hurt_pain = ResultStatus.HURT, pain
    result.save(update_fields=["status", "hurt_pain"])
    _pain_during_update(result.log)
    return result


def result_easier_record(*, result: ExerciseResult, easier: Exercise) -> ExerciseResult:
    """The easier version done for the rest of the set, after the exercise hurt a little."""
    result.easier = easier
    result.save(update_fields=["easier"])
    return result


def _pain_during_update(log: SessionLog) -> None:
    """The session's pain during: the highest rating of its exercises that hurt."""
    log.pain_during = log.results.aggregate(highest=Max("hurt_pain"))["highest"]
    log.save(update_fields=["pain_during"])
    plan_adapt(user=log.user)


@transaction.atomic
def session_finish(
    *,
    log: SessionLog,
    answers: dict[int, tuple[str, int | None]],
    pain_after: int,
    effort: int,
    note: str,
) -> SessionLog:
    """Store the last answers and the closing ratings, mark the day done, adapt the plan."""
    for result in log.results.all():
        if result.pk in answers:
            status, sets_done = answers[result.pk]
            result_record(result=result, status=status, sets_done=sets_done)
    log.pain_after, log.effort, log.note = pain_after, effort, note
    log.finished_at = log.finished_at or timezone.now()
    log.save(update_fields=["pain_after", "effort", "note", "finished_at"])
    if log.planned_day_id:
        PlannedDay.objects.filter(pk=log.planned_day_id).update(completed_at=log.finished_at)
    plan_adapt(user=log.user)
    return log


@transaction.atomic
def session_log_manual(
    *,
    user: AbstractBaseUser,
    day: date,
    kind: str,
    pain_before: int,
    pain_after: int,
    effort: int,
    note: str,
) -> SessionLog:
    """Log a session after the fact; it completes that date's planned day when it is free."""
    planned = (
        PlannedDay.objects.filter(user=user, date=day, logs__isnull=True)
        .exclude(kind="rest")
        .first()
    )
    log = SessionLog.objects.create(
        user=user,
        planned_day=planned,
        date=day,
        kind=kind,
        pain_before=pain_before,
        pain_after=pain_after,
        effort=effort,
        note=note,
        finished_at=timezone.now(),
    )
    if planned:
        PlannedDay.objects.filter(pk=planned.pk).update(completed_at=log.finished_at)
    plan_adapt(user=user)
    return log


@transaction.atomic
def session_update(*, log: SessionLog, fields: dict[str, object]) -> SessionLog:
    for name, value in fields.items():
        setattr(log, name, value)
    log.save()
    plan_adapt(user=log.user)
    return log


@transaction.atomic
def session_delete(*, log: SessionLog) -> None:
    if log.planned_day_id:
        PlannedDay.objects.filter(pk=log.planned_day_id).update(completed_at=None)
    user = log.user
    log.delete()
    plan_adapt(user=user)


@transaction.atomic
def morning_check_record(*, log: SessionLog, pain: int) -> SessionLog:
    log.morning_pain = pain
    log.morning_answered_at = timezone.now()
    log.save(update_fields=["morning_pain", "morning_answered_at"])
    plan_adapt(user=log.user)
    return log


# Part of the change that calls it (a session logged, a morning answered), or a transaction of
# its own: one request adapts a person's plan at a time (the profile's lock).
@transaction.atomic(savepoint=False)
def plan_adapt(*, user: AbstractBaseUser) -> None:
    """Apply the pain rules (tracking.adaptation) to the plan: store their decision, set the
    rule's answer for the next block, and plan the sessions to come under it."""
    profile = Profile.objects.select_for_update().prefetch_related("equipment").get(user=user)
    today = profile.local_today()
    outcomes = progress.outcomes_for(user, today - timedelta(days=ADAPTATION_WINDOW_DAYS))
    usual_pain = profile.usual_pain or 0
    decided = adaptation.plan_adaptation(outcomes, usual_pain)
    adaptation_save(user=user, adaptation=decided)
    today_started = any(outcome.date == today for outcome in outcomes)
    blocks = _blocks_earning_a_step(user, today)
    done = progress.blocks_days_done(user, blocks)
    for block in blocks:
        first = progress.block_last_weeks(block)
        recent = [outcome for outcome in outcomes if outcome.date >= first]
        end = review.block_end(done[block.pk], recent, usual_pain)
        during = [o for o in outcomes if block.starts_on <= o.date <= block.ends_on]
        load = review.earned_load(
            block.max_load,
            profile.experience,
            during,
            progress.loaded_dates(user, block) if block.max_load == LoadType.LOADED else set(),
            usual_pain,
        )
        choice = review.earned_choice(end)
        block_earned_set(
            user=user,
            block=block,
            choice=choice,
            load=load,
            reason=review.planned_because(block.number, end, choice, usual_pain),
            keep_today=today_started,
        )
    upcoming_days_replan(profile=profile, adaptation=decided, include_today=not today_started)


def flare_easing_catch_up(
    *,
    profile: Profile,
    outcomes: list[adaptation.SessionOutcome],
    day: PlannedDay | None,
    exercises: list[PlannedExercise],
) -> bool:
    """When the session a flare eased went undone, today's (not started, not swapped) is the
    first after the flare now: plan it with that easing. `outcomes`: the last two weeks' logs;
    `day` and `exercises`: today's. True when it planned again."""
    today = profile.local_today()
    if (
        day is None
        or not exercises
        or any(item.swapped for item in exercises)  # a swapped today is left as it is
        or not adaptation.missed_first_session(outcomes, profile.usual_pain or 0, today, day.note)
        # Once a day at most: when today cannot take the easing (its kind no longer matches
        # the plan engine's), planning again would change nothing.
        or AdaptationState.objects.filter(
            user=profile.user, updated_at__gte=profile.start_of(today)
        ).exists()
    ):
        return False
    plan_adapt(user=profile.user)
    return True


def _blocks_earning_a_step(user: AbstractBaseUser, today: date) -> list[ProgramBlock]:
    """The blocks whose logs still set the rule's answer for the next block: the current one
    from its last two weeks on, and the one before while its review is not answered."""
    started = list(
        ProgramBlock.objects.filter(user=user, starts_on__lte=today).order_by("-number")[:2]
    )
    return [
        block
        for block in started
        if block.reviewed_at is None and progress.block_last_weeks(block) <= today
    ]


def latest_ratings(goals: list[FunctionalGoal]) -> dict[int, TaskRating]:
    latest: dict[int, TaskRating] = {}
    for rating in TaskRating.objects.filter(goal__in=goals).order_by("rated_on", "created_at"):
        latest[rating.goal_id] = rating
    return latest


@transaction.atomic
def task_rate(
    *, user: AbstractBaseUser, goal: FunctionalGoal, rating: int, on: date
) -> Milestone | None:
    """Store a re-rating; returns the milestone when this rating reaches one for the first time."""
    TaskRating.objects.create(user=user, goal=goal, rating=rating, rated_on=on)
    reached = rating - goal.baseline >= MILESTONE_GAIN or (
        rating >= MILESTONE_RATING and goal.baseline < MILESTONE_RATING
    )
    if not reached or Milestone.objects.filter(goal=goal).exists():
        return None
    # Celebrated on the page the person sees next (tracking.views._celebrate).
    return Milestone.objects.create(
        user=user, goal=goal, rating=rating, reached_on=on, celebrated_at=timezone.now()
    )


@transaction.atomic
def hip_test_record(
    *, user: AbstractBaseUser, on: date, answers: dict[str, str]
) -> HipExtensionTest:
    """Store a hip extension self-test (`answers`: left_thigh, left_knee, right_thigh,
    right_knee). The first retest to gain a category on the first test is a milestone."""
    earlier = list(HipExtensionTest.objects.filter(user=user).order_by("tested_on", "pk"))
    test = HipExtensionTest(user=user, tested_on=on, **answers)
    test.milestone = bool(
        earlier
        and not any(old.milestone for old in earlier)
        and hip_test.improved_sides(earlier[0].result(), test.result())
    )
    test.save()
    return test


@transaction.atomic
def review_skip(*, user: AbstractBaseUser, block: ProgramBlock, today: date) -> str:
    """A review not answered in time takes the rule's answer (tracking.review), never a step
    up that was not earned. Returns what the person is told ("" if another request did it)."""
    Profile.objects.select_for_update().get(user=user)  # one request applies it, once
    block.refresh_from_db()
    if block.reviewed_at is not None:
        return ""
    end = progress.block_end(user, block)
    choice = review.earned_choice(end)
    reason = review.chosen_because(block.number, choice, skipped=True)
    started = SessionLog.objects.filter(user=user, date=today).exists()
    block_review_apply(user=user, block=block, choice=choice, reason=reason, keep_today=started)
    plan_adapt(user=user)
    usual_pain = Profile.of(user).usual_pain or 0
    step = {"progress": "a step up", "repeat": "the same level", "ease": "a step easier"}[choice]
    return (
        f"Block {block.number} was not reviewed within a week, so block {block.number + 1} "
        f"takes {step}. {review.earned_reason(end, choice, usual_pain)}"
    )


@transaction.atomic
def review_submit(
    *,
    user: AbstractBaseUser,
    block: ProgramBlock,
    choice: str,
    ratings: list[tuple[FunctionalGoal, int]],
    hip_answers: dict[str, str] | None,
    on: date,
) -> list[Milestone]:
    """The end-of-block review: store the re-ratings (and the hip self-test, when taken), then
    set up the next block.

    Returns the milestones the re-ratings reached.
    """
    Profile.objects.select_for_update().get(user=user)  # not beside a skip of the same review
    reached = [task_rate(user=user, goal=goal, rating=rating, on=on) for goal, rating in ratings]
    if hip_answers:
        hip_test_record(user=user, on=on, answers=hip_answers)
    reason = review.chosen_because(block.number, choice, skipped=False)
    started = SessionLog.objects.filter(user=user, date=on).exists()
    block_review_apply(user=user, block=block, choice=choice, reason=reason, keep_today=started)
    plan_adapt(user=user)
    return [milestone for milestone in reached if milestone]
