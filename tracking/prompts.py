"""The prompt that may appear at the top of any page (templates/jinja2/layout.jinja):
yesterday's session waiting for its next-morning answer. Read only: nothing here writes."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest

from routines.models import Profile
from tracking.forms import MorningForm
from tracking.models import SessionLog


def morning_prompt(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    profile = Profile.of(user)
    if profile is None or profile.onboarded_at is None:
        return {}
    waiting = (
        SessionLog.objects.for_user(user)
        .filter(date=profile.local_today() - timedelta(days=1), morning_pain__isnull=True)
        .order_by("-started_at")
        .first()
    )
    return {"morning_log": waiting, "morning_form": MorningForm()} if waiting else {}
