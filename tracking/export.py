"""A person's own data: everything out as JSON and CSV, and everything gone on request."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from routines.models import FunctionalGoal, PlannedDay, Profile, ProgramBlock
from tracking.models import SessionLog, TaskRating

SESSION_COLUMNS = [
    "date",
    "kind",
    "pain_before",
    "pain_after",
    "morning_pain",
    "effort",
    "note",
    "exercises_done",
    "exercises_skipped",
    "exercises_hurt",
]


def export_data(user: AbstractBaseUser) -> dict[str, object]:
    profile = Profile.objects.prefetch_related("equipment").filter(user=user).first()
    logs = SessionLog.objects.for_user(user).prefetch_related("results__exercise")
    return {
        "account": {"email": user.email, "joined": user.date_joined},
        "profile": None
        if profile is None
        else {
            "health_data_consent_at": profile.health_data_consent_at,
            "privacy_notice_version": profile.privacy_notice_version,
            "safety_answered_at": profile.safety_answered_at,
            "red_flags": profile.red_flags,
            "clinician_cleared_at": profile.clinician_cleared_at,
            "training_days": profile.training_days,
            "session_minutes": profile.session_minutes,
            "equipment": [item.name for item in profile.equipment.all()],
            "experience": profile.experience,
            "usual_pain": profile.usual_pain,
            "time_zone": profile.time_zone,
        },
        "program": [
            {
                "block": block.number,
                "emphasis": block.emphasis,
                "starts_on": block.starts_on,
                "days": [
                    {
                        "date": day.date,
                        "kind": day.kind,
                        "completed_at": day.completed_at,
                        "note": day.note,
                        "exercises": [
                            {
                                "exercise": item.exercise.name,
                                "part": item.part,
                                "dosage": item.dosage_text(),
                            }
                            for item in day.exercises.all()
                        ],
                    }
                    for day in block.days.all()
                ],
            }
            for block in ProgramBlock.objects.filter(user=user).prefetch_related(
                "days__exercises__exercise"
            )
        ],
        "sessions": [
            {
                "date": log.date,
                "kind": log.kind,
                "pain_before": log.pain_before,
                "pain_after": log.pain_after,
                "morning_pain": log.morning_pain,
                "effort": log.effort,
                "note": log.note,
                "exercises": [
                    {
                        "exercise": result.exercise.name,
                        "status": result.status,
                        "sets_done": result.sets_done,
                    }
                    for result in log.results.all()
                ],
            }
            for log in logs
        ],
        "functional_goals": [
            {
                "task": goal.name,
                "baseline": goal.baseline,
                "ratings": [
                    {"rating": rating.rating, "rated_on": rating.rated_on}
                    for rating in goal.ratings.all()
                ],
                "milestone_reached_on": getattr(
                    getattr(goal, "milestone", None), "reached_on", None
                ),
            }
            for goal in FunctionalGoal.objects.filter(user=user)
            .select_related("task", "milestone")
            .prefetch_related("ratings")
        ],
    }


def sessions_csv_rows(user: AbstractBaseUser) -> Iterator[list[object]]:
    yield SESSION_COLUMNS
    for log in SessionLog.objects.for_user(user).order_by("date").prefetch_related("results"):
        statuses = [result.status for result in log.results.all()]
        yield [
            log.date.isoformat(),
            log.kind,
            log.pain_before,
            "" if log.pain_after is None else log.pain_after,
            "" if log.morning_pain is None else log.morning_pain,
            "" if log.effort is None else log.effort,
            log.note,
            statuses.count("done"),
            statuses.count("skipped"),
            statuses.count("hurt"),
        ]


@transaction.atomic
def account_delete(*, user: AbstractBaseUser) -> None:
    """Delete the account; every row of health data goes with it (cascades from the user)."""
    TaskRating.objects.filter(user=user).delete()
    SessionLog.objects.filter(user=user).delete()
    PlannedDay.objects.filter(user=user).delete()
    user.delete()
