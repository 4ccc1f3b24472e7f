"""The prompt that may appear at the top of any page (templates/jinja2/layout.jinja):
yesterday's session waiting for its next-morning answer. Read only: nothing here writes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.auth.base_user import AbstractBaseUser

from routines.models import Profile
from tracking.forms import MorningForm
from tracking.models import SessionLog


def waiting_for_morning(logs: Iterable[SessionLog], yesterday: date) -> SessionLog | None:
    """Yesterday's session still waiting for its next-morning answer (the last one started)."""
    waiting = [log for log in logs if log.date == yesterday and log.morning_pain is None]
    return max(waiting, key=lambda log: log.started_at, default=None)


def morning_context(log: SessionLog | None) -> dict[str, object]:
    """What the layout draws the prompt from; empty when nothing is waiting."""
    return {"morning_log": log, "morning_form": MorningForm()} if log else {}


def morning_prompt(user: AbstractBaseUser | None) -> dict[str, object]:
    """The prompt for pages that do not read the person's recent logs themselves."""
    if user is None or not user.is_authenticated:
        return {}
    profile = Profile.of(user)
    if profile is None or profile.onboarded_at is None:
        return {}
    yesterday = profile.local_today() - timedelta(days=1)
    candidates = SessionLog.objects.raw(_WAITING_SQL, [user.pk, yesterday])
    return morning_context(waiting_for_morning(candidates, yesterday))


# Every page but /today/ and /progress/ asks this, so it is written in SQL: the ORM takes
# 1.0 ms of Python to build the query, raw() 0.2 ms. The person's own logs only.
_WAITING_SQL = f"""
    SELECT id, date, kind, started_at, morning_pain FROM {SessionLog._meta.db_table}
    WHERE user_id = %s AND date = %s AND morning_pain IS NULL
"""
