"""Writes that touch several models: logging sessions, adapting the plan, rating tasks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from routines.models import Exercise, FunctionalGoal, PlannedDay, Profile, ProgramBlock
from routines.plan_engine import Prescription
from routines.services import block_review_apply, upcoming_days_replan
from tracking import adaptation, progress, review
from tracking.models import (
    ExerciseResult,
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
    result.status = status
    if status == ResultStatus.DONE and sets_done is None:
        sets_done = result.sets
    result.sets_done = sets_done if status != ResultStatus.SKIPPED else 0
    result.save(update_fields=["status", "sets_done"])
    return result


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


def outcomes_for(user: AbstractBaseUser, since: date) -> list[adaptation.SessionOutcome]:
    # Plain rows: the rules need five numbers a session, not model instances.
    fields = ("pk", "date", "kind", "pain_before", "pain_after", "morning_pain")
    logs = list(
        SessionLog.objects.for_user(user)
        .filter(date__gte=since)
        .order_by("date", "started_at")
        .values_list(*fields)
    )
    # By the logs' own ids: the (log, position) index, whatever the table's statistics say.
    hurt: dict[int, set[int]] = {}
    rows = ExerciseResult.objects.filter(
        log_id__in=[log[0] for log in logs], status=ResultStatus.HURT
    ).values_list("log_id", "exercise_id")
    for log_id, exercise_id in rows:
        hurt.setdefault(log_id, set()).add(exercise_id)
    return [
        adaptation.SessionOutcome(
            date=day,
            kind=kind,
            pain_before=before,
            pain_after=after,
            morning_pain=morning,
            hurt_exercise_ids=frozenset(hurt.get(pk, ())),
        )
        for pk, day, kind, before, after, morning in logs
    ]


def _adaptation_library() -> dict[int, tuple[adaptation.ExerciseOption, bool]]:
    exercises = Exercise.objects.published().prefetch_related("equipment", "alternatives")
    return {
        exercise.pk: (
            adaptation.ExerciseOption(
                id=exercise.pk,
                kind=exercise.kind,
                equipment=frozenset(item.slug for item in exercise.equipment.all()),
                regression_id=exercise.regression_id,
                alternative_ids=tuple(other.pk for other in exercise.alternatives.all()),
                sets=exercise.dose_sets,
                amount=exercise.dose_amount,
                mode=exercise.dose_mode,
                name=exercise.name,
                level=exercise.level,
                load=exercise.load,
            ),
            exercise.per_side,
        )
        for exercise in exercises
    }


def plan_adapt(*, user: AbstractBaseUser) -> None:
    """Apply the pain rules to the sessions to come (see tracking.adaptation)."""
    profile = Profile.objects.prefetch_related("equipment").get(user=user)
    today = profile.local_today()
    outcomes = outcomes_for(user, today - timedelta(days=ADAPTATION_WINDOW_DAYS))
    usual_pain = profile.usual_pain or 0
    states = adaptation.kind_states(outcomes, usual_pain)
    after_flare = adaptation.pending_flare(outcomes, usual_pain)
    catalogue = _adaptation_library()
    library = {pk: option for pk, (option, _) in catalogue.items()}
    equipment = frozenset(item.slug for item in profile.equipment.all())
    hurt = adaptation.hurt_marks(outcomes, usual_pain)

    def adjust(
        kind: str, prescriptions: list[Prescription], first: bool
    ) -> tuple[list[Prescription], str]:
        eased, reason = adaptation.session_easing(states[kind], after_flare, first=first)
        session = adaptation.adapt_session(
            [
                adaptation.SessionItem(
                    item.part,
                    adaptation.Prescribed(
                        item.exercise_id, item.mode, item.sets, item.amount, item.rest_seconds
                    ),
                )
                for item in prescriptions
            ],
            eased=eased,
            reason=reason,
            hurt=hurt,
            library=library,
            equipment=equipment,
        )
        adjusted = [
            replace(
                item,
                exercise_id=planned.exercise_id,
                mode=planned.mode,
                sets=planned.sets,
                amount=planned.amount,
                per_side=catalogue.get(planned.exercise_id, (None, item.per_side))[1],
            )
            for item, planned in zip(prescriptions, session.items, strict=True)
            if planned is not None
        ]
        return adjusted, session.note[:300]

    today_started = any(outcome.date == today for outcome in outcomes)
    upcoming_days_replan(profile=profile, adjust=adjust, include_today=not today_started)


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
def review_skip(*, user: AbstractBaseUser, block: ProgramBlock, today: date) -> str:
    """A review not answered in time takes the rule's answer (tracking.review), never a step
    up that was not earned. Returns what the person is told ("" if another request did it)."""
    Profile.objects.select_for_update().get(user=user)  # one request applies it, once
    block.refresh_from_db()
    if block.reviewed_at is not None:
        return ""
    end = progress.block_end(user, block, today)
    choice = review.earned_choice(end)
    block_review_apply(user=user, block=block, choice=choice)
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
    on: date,
) -> list[Milestone]:
    """The end-of-block review: store the re-ratings, then set up the next block.

    Returns the milestones the re-ratings reached.
    """
    Profile.objects.select_for_update().get(user=user)  # not beside a skip of the same review
    reached = [task_rate(user=user, goal=goal, rating=rating, on=on) for goal, rating in ratings]
    block_review_apply(user=user, block=block, choice=choice)
    plan_adapt(user=user)
    return [milestone for milestone in reached if milestone]
