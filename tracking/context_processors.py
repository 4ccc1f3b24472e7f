"""Prompts that may appear on any page: the next-morning check, and on today's page the care
advice and a block waiting for its review. Read only: nothing here writes."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest

from routines.models import Profile
from routines.services import program_blocks
from tracking.forms import MorningForm
from tracking.models import SessionLog
from tracking.progress import block_to_review, care_advice, goal_trends

ADVICE_PAGES = {"today"}


def prompts(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Pages behind onboarded_required have read it already.
    profile = getattr(request, "profile", None) or Profile.objects.filter(user=user).first()
    if profile is None or profile.onboarded_at is None:
        return {}
    profile.user = user
    today = profile.local_today()
    context: dict[str, object] = {}
    waiting = (
        SessionLog.objects.for_user(user)
        .filter(date=today - timedelta(days=1), morning_pain__isnull=True)
        .order_by("-started_at")
        .first()
    )
    if waiting:
        context["morning_log"] = waiting
        context["morning_form"] = MorningForm()
    match = request.resolver_match
    if match and match.url_name in ADVICE_PAGES:
        context["advice"] = care_advice(user, today, goal_trends(profile))
        context["review_due"] = block_to_review(program_blocks(user), today)
    return context
