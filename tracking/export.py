"""A person's own data: everything out as JSON and CSV, and everything gone on request."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from urllib.parse import urlparse

from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress
from allauth.core.internal.ratelimit import parse_rates
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from routines.easing import PlanAdaptation
from routines.models import (
    AdaptationState,
    Exercise,
    FunctionalGoal,
    PlannedDay,
    Profile,
    ProgramBlock,
    Reminder,
)
from tracking.models import (
    CareAccess,
    CareAdvice,
    CareInvitation,
    HipExtensionTest,
    SessionLog,
    TaskRating,
)
from tracking.sharing import accesses_end_for_professional

# Where each model that holds a person's rows appears in the export: the keys to follow from the
# top, through lists. tests/tracking/test_export.py checks that every model referring to a user,
# directly or through its parent, is here or in NOT_EXPORTED, and that every row comes out.
EXPORT_PATHS: dict[str, tuple[str, ...]] = {
    "auth.user": ("account",),
    "account.emailaddress": ("email_addresses",),
    "usersessions.usersession": ("sign_in_sessions",),
    "mfa.authenticator": ("two_factor_devices",),
    "routines.profile": ("profile",),
    "routines.reminder": ("reminders",),
    "routines.programblock": ("program",),
    "routines.plannedday": ("program", "days"),
    "routines.plannedexercise": ("program", "days", "exercises"),
    "tracking.sessionlog": ("sessions",),
    "tracking.exerciseresult": ("sessions", "exercises"),
    "routines.functionalgoal": ("functional_goals",),
    "tracking.taskrating": ("functional_goals", "ratings"),
    "tracking.milestone": ("functional_goals", "milestone"),
    "tracking.careadvice": ("care_advice",),
    "routines.adaptationstate": ("plan_adaptation",),
    "tracking.hipextensiontest": ("hip_extension_tests",),
    "tracking.careinvitation": ("sharing", "invitations"),
    "tracking.careaccess": ("sharing", "access_given"),
    "tracking.careaccessview": ("sharing", "access_given", "views"),
}
NOT_EXPORTED = {
    "admin.logentry": "what staff did in the admin; people who use Hipflex have no admin access",
    "account.emailconfirmation": "a pending confirmation key: a credential, gone with its address",
    "routines.exercise": "the shared library; `updated_by` names the trainer who last edited it",
}

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
    "pain_during",
]


def export_data(user: AbstractBaseUser) -> dict[str, object]:
    profile = Profile.objects.prefetch_related("equipment").filter(user=user).first()
    logs = SessionLog.objects.for_user(user).prefetch_related(
        "results__exercise", "results__easier"
    )
    advice = CareAdvice.objects.filter(user=user).first()
    state = AdaptationState.objects.filter(user=user).first()
    return {
        "account": {"email": user.email, "joined": user.date_joined, "last_login": user.last_login},
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "sign_in_sessions": [
            {
                "started_at": session.created_at,
                "last_seen_at": session.last_seen_at,
                "ip": session.ip,
                "user_agent": session.user_agent,
            }
            for session in UserSession.objects.filter(user=user)
        ],
        # What kind and when: never the secrets themselves.
        "two_factor_devices": [
            {
                "type": device.type,
                "added_at": device.created_at,
                "last_used_at": device.last_used_at,
            }
            for device in Authenticator.objects.filter(user=user)
        ],
        "profile": None
        if profile is None
        else {
            "health_data_consent_at": profile.health_data_consent_at,
            "privacy_notice_version": profile.privacy_notice_version,
            "safety_answered_at": profile.safety_answered_at,
            "red_flags": profile.red_flags,
            "clinician_cleared_at": profile.clinician_cleared_at,
            "assessed_on": profile.assessed_on,
            "assessed_by": profile.assessed_by,
            "training_days": profile.training_days,
            "session_minutes": profile.session_minutes,
            "equipment": [item.name for item in profile.equipment.all()],
            "experience": profile.experience,
            "usual_pain": profile.usual_pain,
            "time_zone": profile.time_zone,
            "profile_completed_at": profile.profile_completed_at,
            "onboarded_at": profile.onboarded_at,
            "reminders_enabled": profile.reminders_enabled,
            "reminder_time": profile.reminder_time,
            "calendar_feed": bool(profile.calendar_token),
        },
        "reminders": [
            {"date": reminder.date, "created_at": reminder.created_at, "sent_at": reminder.sent_at}
            for reminder in Reminder.objects.filter(user=user).order_by("date")
        ],
        "program": [
            {
                "block": block.number,
                "emphasis": block.emphasis,
                "step": block.step,
                "eased": block.eased,
                "starts_on": block.starts_on,
                "why": block.reason,
                "heaviest_load": block.max_load,
                "earned_choice": block.earned_choice,
                "earned_load": block.earned_load,
                "earned_reason": block.earned_reason,
                "review_choice": block.review_choice,
                "reviewed_at": block.reviewed_at,
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
                                "swapped": item.swapped,
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
                "started_at": log.started_at,
                "finished_at": log.finished_at,
                "pain_before": log.pain_before,
                "pain_after": log.pain_after,
                "morning_pain": log.morning_pain,
                "pain_during": log.pain_during,
                "effort": log.effort,
                "note": log.note,
                "note_shared": log.note_shared,
                "exercises": [
                    {
                        "exercise": result.exercise.name,
                        "status": result.status,
                        "sets_done": result.sets_done,
                        "how_much_it_hurt": result.hurt_pain,
                        "easier_version_done": result.easier.name if result.easier else None,
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
                "chosen_at": goal.created_at,
                "ratings": [
                    {"rating": rating.rating, "rated_on": rating.rated_on}
                    for rating in goal.ratings.all()
                ],
                "milestone": (
                    {"rating": goal.milestone.rating, "reached_on": goal.milestone.reached_on}
                    if hasattr(goal, "milestone")
                    else None
                ),
            }
            for goal in FunctionalGoal.objects.filter(user=user)
            .select_related("task", "milestone")
            .prefetch_related("ratings")
        ],
        "care_advice": (None if advice is None else {"hidden_until": advice.dismissed_until}),
        "plan_adaptation": None if state is None else _adaptation_export(state),
        "hip_extension_tests": [
            {
                "tested_on": test.tested_on,
                "left_thigh": test.left_thigh,
                "left_knee": test.left_knee,
                "right_thigh": test.right_thigh,
                "right_knee": test.right_knee,
                "milestone": test.milestone,
            }
            for test in HipExtensionTest.objects.filter(user=user)
        ],
        "sharing": _sharing_export(user),
    }


def _sharing_export(user: AbstractBaseUser) -> dict[str, object]:
    """Both sides: what the person shared and who looked; and, for a professional, whose
    progress they were shown and when (never the progress itself: that is the other person's)."""
    given = CareAccess.objects.filter(user=user).select_related("invitation")
    received = CareAccess.objects.filter(professional=user).select_related("invitation", "user")
    return {
        "invitations": [
            {
                "email": invitation.email,
                "name": invitation.name,
                "your_name_for_them": invitation.from_name,
                "consent": invitation.consent_wording,
                "consented_at": invitation.consented_at,
                "expires_at": invitation.expires_at,
                "accepted_at": invitation.accepted_at,
                "withdrawn_at": invitation.withdrawn_at,
            }
            for invitation in CareInvitation.objects.filter(user=user)
        ],
        "access_given": [
            {
                "to": access.invitation.email,
                "granted_at": access.granted_at,
                "expires_at": access.expires_at,
                "ended_at": access.ended_at,
                "end_reason": access.end_reason,
                "their_note": access.note,
                "note_written_at": access.note_written_at,
                "views": [
                    {"viewed_at": view.viewed_at, "page": view.page} for view in access.views.all()
                ],
            }
            for access in given.prefetch_related("views")
        ],
        "clients_seen": [
            {
                "client": access.person_name,
                "granted_at": access.granted_at,
                "expires_at": access.expires_at,
                "ended_at": access.ended_at,
                "your_note": access.note,
                "your_views": [view.viewed_at for view in access.views.all()],
            }
            for access in received.prefetch_related("views")
        ],
    }


def _adaptation_export(state: AdaptationState) -> dict[str, object]:
    decision = PlanAdaptation.from_json(state.decision)
    names = dict(Exercise.objects.filter(pk__in=decision.hurt).values_list("pk", "name"))
    return {
        "updated_at": state.updated_at,
        "eased_kinds": {kind: s.reason for kind, s in decision.kinds.items() if s.eased},
        "next_session_eased": decision.after_flare,
        "hurt_exercises": [
            {
                "exercise": names.get(exercise_id, ""),
                "marked_on": mark.on,
                "comfortable_sessions_since": mark.comfortable_since,
            }
            for exercise_id, mark in decision.hurt.items()
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
            "" if log.pain_during is None else log.pain_during,
        ]


@transaction.atomic
def account_delete(*, user: AbstractBaseUser) -> None:
    """Delete the account and everything of the person's, in the database and in Redis.

    Rows go with the user (cascades); the health data first, explicitly. Every session the
    person is signed in with ends, on every device, and the rate-limit counters kept under
    their account or their addresses go too (counters per IP address belong to a network, not
    an account, and expire within minutes).
    """
    session_keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    addresses = {
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    }
    counters = _rate_limit_keys(user.pk, {address.lower() for address in addresses if address})
    cached = [SessionStore(session_key).cache_key for session_key in session_keys]
    # As a professional, they see no one's progress any more; the people who shared with them
    # keep their record of when they looked.
    accesses_end_for_professional(professional=user, now=timezone.now())
    TaskRating.objects.filter(user=user).delete()
    SessionLog.objects.filter(user=user).delete()
    PlannedDay.objects.filter(user=user).delete()
    Session.objects.filter(session_key__in=session_keys).delete()
    user.delete()
    # Once the rows are gone for good: a request in between cannot bring a session back into
    # the cache from a row still visible to it, and a rollback leaves Redis as it was.
    transaction.on_commit(lambda: cache.delete_many([*cached, *counters]))


def _rate_limit_keys(user_pk: int, addresses: set[str]) -> list[str]:
    """allauth's rate-limit counters that name this person: by account, or by a hash of what
    they typed (an address, or the site and an address for failed logins) or of their two-factor
    account key, as allauth.core.internal.ratelimit.get_cache_key builds them."""
    # allauth names the site by the request's host, with its port when it has one: the
    # address people reach the site at (SITE_URL) and every host it answers to.
    hosts = {
        urlparse(settings.SITE_URL).netloc,
        *(host.lstrip(".") for host in settings.ALLOWED_HOSTS if "*" not in host),
    }
    typed = {
        *addresses,
        *(f"{host}:{address}" for host in hosts for address in addresses),
        f"mfa-auth-user-{user_pk}",
    }
    keys = []
    for action, rates in account_settings.RATE_LIMITS.items():
        for rate in parse_rates(rates):
            prefix = f"allauth:rl:allauth.account:{action}:{rate}"
            if rate.per == "user":
                keys.append(f"{prefix}:user:{user_pk}")
            elif rate.per == "key":
                keys.extend(f"{prefix}:{hashlib.sha256(key.encode()).hexdigest()}" for key in typed)
    return keys
