from __future__ import annotations

from datetime import UTC, date, datetime

from tracking.models import SessionLog
from tracking.prompts import waiting_for_morning

YESTERDAY = date(2026, 11, 30)


def log(day: date, hour: int, morning_pain: int | None = None) -> SessionLog:
    return SessionLog(
        date=day,
        kind="mobility",
        morning_pain=morning_pain,
        started_at=datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
    )


def test_the_morning_question_is_about_the_last_unanswered_session_of_yesterday() -> None:
    early, late = log(YESTERDAY, 7), log(YESTERDAY, 18)
    assert waiting_for_morning([late, early], YESTERDAY) is late


def test_an_answered_session_is_not_asked_about_again() -> None:
    early, answered = log(YESTERDAY, 7), log(YESTERDAY, 18, morning_pain=2)
    assert waiting_for_morning([early, answered], YESTERDAY) is early
    assert waiting_for_morning([answered], YESTERDAY) is None


def test_only_yesterdays_sessions_are_asked_about() -> None:
    today, before = log(date(2026, 12, 1), 8), log(date(2026, 11, 29), 8)
    assert waiting_for_morning([today, before], YESTERDAY) is None
