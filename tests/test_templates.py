"""Templates: nothing meant for their readers ever reaches a page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.dateformat import format as date_format

from hipflex.jinja2 import date_filter

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_every_template_comment_closes_on_its_own_line() -> None:
    # Django's {# ... #} ends at the end of its line: one left open shows its text on the page.
    open_comments = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert open_comments == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["tracking:today", "routines:plan", "tracking:progress", "tracking:sessions"]
)
def test_a_signed_in_page_shows_no_template_comment(
    client_logged_in: Client, onboarded_user: User, name: str
) -> None:
    response = client_logged_in.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    assert "{#" not in response.text
    assert "{% comment" not in response.text


def test_dates_on_jinja2_pages_read_as_django_writes_them() -> None:
    """The Jinja2 pages' date filter writes the formats they use itself (hipflex/jinja2.py):
    every day of a leap year, and a time of day, must read as Django's filter has it."""
    # The pages' own formats, and some the filter leaves to Django.
    formats = ["l j F Y", "l j F", "D j M", "j F", "j M", "l", "jS F", "N j, Y", r"\d\a\y j"]
    first = date(2028, 1, 1)
    for offset in range(366):
        day = first + timedelta(days=offset)
        moment = datetime(day.year, day.month, day.day, 23, 5, tzinfo=UTC)
        for format_string in formats:
            for value in (day, moment):
                assert date_filter(value, format_string) == date_format(value, format_string)
    assert date_filter(moment, "H:i") == "23:05"
    assert date_filter(date(2026, 11, 30), "l j F") == "Monday 30 November"
