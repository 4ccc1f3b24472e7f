"""Prompts that may appear on any page: the next-morning check and a milestone to celebrate."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from hipflex.pagecache import drawing_shared_page, person_changed
from routines.models import Profile
from tracking.forms import MorningForm
from tracking.models import Milestone, SessionLog
from tracking.progress import block_to_review, care_advice

ADVICE_PAGES = {"today"}


def prompts(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or drawing_shared_page(request):
        return {}  # a page drawn for everyone gets the prompts filled in per person
    profile = getattr(request, "profile", None) or (
        Profile.objects.filter(user=user).only("time_zone", "onboarded_at").first()
    )
    if profile is None or profile.onboarded_at is None:
        return {}
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
    milestone = (
        Milestone.objects.filter(user=user, celebrated_at__isnull=True)
        .select_related("goal__task")
        .first()
    )
    if milestone:
        # Celebrated once: the banner shows on this page and never again.
        Milestone.objects.filter(pk=milestone.pk).update(celebrated_at=timezone.now())
        person_changed(user.pk)
        context["celebrate"] = milestone
    match = request.resolver_match
    if match and match.url_name in ADVICE_PAGES:
        context["advice"] = care_advice(user, today)
        context["review_due"] = block_to_review(user, today)
    return context
