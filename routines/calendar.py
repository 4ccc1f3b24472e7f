"""The private iCalendar feed of a person's next four weeks of training days (RFC 5545)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from routines.models import PlannedDay, Profile

FEED_WEEKS = 4


def feed_days(profile: Profile, today: date) -> Iterable[PlannedDay]:
    return (
        PlannedDay.objects.filter(
            user_id=profile.user_id,
            date__range=(today, today + timedelta(weeks=FEED_WEEKS)),
        )
        .exclude(kind="rest")
        .prefetch_related("exercises__exercise")
    )


PAUSED_SUMMARY = "Hipflex: plan paused, open the app"


def paused_calendar(profile: Profile, today: date, today_url: str, host: str) -> bytes:
    """While a red flag waits for an assessment: no sessions, one neutral all-day event today.
    Nothing health-related in it, since calendars are often shared."""
    calendar = _calendar(profile)
    event = Event()
    event.add("uid", f"plan-paused-{profile.user_id}@{host}")
    event.add("dtstamp", datetime.now(tz=ZoneInfo("UTC")))
    event.add("dtstart", today)
    event.add("dtend", today + timedelta(days=1))
    event.add("summary", PAUSED_SUMMARY)
    event.add("description", today_url)
    event.add("url", today_url)
    calendar.add_component(event)
    return calendar.to_ical()


def _calendar(profile: Profile) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Hipflex//Training plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Hipflex")
    calendar.add("x-wr-timezone", profile.time_zone)
    return calendar


def training_calendar(
    profile: Profile, days: Iterable[PlannedDay], today_url: str, host: str
) -> bytes:
    zone = ZoneInfo(profile.time_zone)
    calendar = _calendar(profile)
    for day in days:
        start = datetime.combine(day.date, profile.reminder_time, tzinfo=zone)
        event = Event()
        event.add("uid", f"planned-day-{day.pk}@{host}")
        event.add("dtstamp", datetime.now(tz=ZoneInfo("UTC")))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=profile.session_minutes or 25))
        event.add("summary", f"Hipflex: {day.get_kind_display().lower()} session")
        lines = [f"{item.exercise.name}: {item.dosage_text()}" for item in day.exercises.all()]
        event.add("description", "\n".join([*lines, "", f"Today's session: {today_url}"]))
        event.add("url", today_url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
