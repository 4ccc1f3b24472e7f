"""Reminder emails on training days, at each person's own local time.

`reminders_schedule` is what `manage.py send_reminders` runs every few minutes. It records a
Reminder row per person and day before anything is sent; the database's unique constraint
makes a second run, or a run racing it on another machine, skip what is already claimed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from routines.models import PlannedDay, Profile, Reminder

UNSUBSCRIBE_SALT = "hipflex.reminders.unsubscribe"
# A reminder more than this late (the scheduler was down) is skipped rather than sent at night.
LATEST_SEND = timedelta(hours=3)


def unsubscribe_token(user: AbstractBaseUser) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def is_due(profile: Profile, now: datetime) -> bool:
    local = now.astimezone(ZoneInfo(profile.time_zone))
    send_at = datetime.combine(local.date(), profile.reminder_time, tzinfo=local.tzinfo)
    return send_at <= local < send_at + LATEST_SEND


def reminders_schedule(*, now: datetime | None = None) -> int:
    """Claim and enqueue today's reminders that are due. Returns how many were claimed."""
    now = now or timezone.now()
    claimed = 0
    profiles = Profile.objects.filter(reminders_enabled=True, onboarded_at__isnull=False)
    for profile in profiles.iterator():
        # A red flag waiting for an assessment pauses reminders with the plan.
        if profile.needs_clearance or not is_due(profile, now):
            continue
        local_date = now.astimezone(ZoneInfo(profile.time_zone)).date()
        day = (
            PlannedDay.objects.filter(user_id=profile.user_id, date=local_date)
            .exclude(kind="rest")
            .first()
        )
        if day is None or day.completed_at:
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(user_id=profile.user_id, date=local_date)
                transaction.on_commit(lambda pk=reminder.pk: send_reminder.enqueue(pk))
        except IntegrityError:
            continue  # already claimed by an earlier or concurrent run
        claimed += 1
    return claimed


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@task
def send_reminder(reminder_id: int) -> None:
    reminder = Reminder.objects.select_related("user").filter(pk=reminder_id).first()
    if reminder is None or reminder.sent_at is not None:
        return
    user = reminder.user
    day = (
        PlannedDay.objects.filter(user=user, date=reminder.date)
        .prefetch_related("exercises__exercise")
        .first()
    )
    profile = Profile.objects.get(user=user)
    # Also when a red flag came in after the reminder was claimed: it pauses them at once.
    if day is None or not profile.reminders_enabled or profile.needs_clearance:
        return
    unsubscribe = site_url(reverse("routines:unsubscribe", args=[unsubscribe_token(user)]))
    context = {
        "day": day,
        "main": [item for item in day.exercises.all() if item.part == "main"],
        "today_url": site_url(reverse("tracking:today")),
        "unsubscribe_url": unsubscribe,
        "minutes": profile.session_minutes,
    }
    message = EmailMultiAlternatives(
        subject=f"Hipflex: today's {day.get_kind_display().lower()} session",
        body=render_to_string("routines/email/reminder.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
