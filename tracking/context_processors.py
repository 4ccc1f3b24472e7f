"""Prompts that may appear on any page: the next-morning check and a milestone to celebrate."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone

from hipflex.pagecache import drawing_shared_page, person_cached, person_changed, person_profile
from routines.readers import program_blocks
from tracking.forms import MorningForm
from tracking.models import Milestone, SessionLog
from tracking.progress import block_to_review, care_advice_for

ADVICE_PAGES = {"today"}


def prompts(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or drawing_shared_page(request):
        return {}  # a page drawn for everyone gets the prompts filled in per person
    profile = getattr(request, "profile", None) or person_profile(request)
    if profile is None or profile.onboarded_at is None:
        return {}
    today = profile.local_today()
    context: dict[str, object] = {}
    # Read once between the pages drawn after a change (see hipflex.pagecache).
    waiting, milestone = person_cached(request, f"prompts:{today}", lambda: _waiting(user, today))
    if waiting:
        context["morning_log"] = waiting
        context["morning_form"] = MorningForm()
    # Celebrated once: the banner shows on the page that marks it, and never again.
    if milestone and Milestone.objects.filter(pk=milestone.pk, celebrated_at=None).update(
        celebrated_at=timezone.now()
    ):
        person_changed(user.pk)
        context["celebrate"] = milestone
    match = request.resolver_match
    if match and match.url_name in ADVICE_PAGES:
        context["advice"] = care_advice_for(request, today)
        context["review_due"] = block_to_review(program_blocks(request), today)
    return context


def _waiting(user: AbstractBaseUser, today: date) -> tuple[SessionLog | None, Milestone | None]:
    """Yesterday's session still waiting for its morning answer, and a milestone to celebrate."""
    waiting = (
        SessionLog.objects.for_user(user)
        .filter(date=today - timedelta(days=1), morning_pain__isnull=True)
        .order_by("-started_at")
        .first()
    )
    milestone = (
        Milestone.objects.filter(user=user, celebrated_at__isnull=True)
        .select_related("goal__task")
        .first()
    )
    return waiting, milestone
