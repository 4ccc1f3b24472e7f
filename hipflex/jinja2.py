"""The Jinja2 environment of Hipflex's busiest pages (templates/jinja2/).

Django's template engine costs about a quarter of a millisecond per row of a list here; Jinja2
compiles templates to Python and draws the same rows several times faster. Pages rendered
with Django's engine share the same layout through {% layout %} (routines/templatetags).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django_htmx.jinja import htmx_script
from jinja2 import Environment

from hipflex.addresses import address
from routines.models import Profile
from tracking.prompts import morning_prompt


def user_follows_plan(user: object) -> bool:
    """Whether the person has started a plan of their own (a profile, read with the user):
    someone who joined through an invitation to see a client's progress has none."""
    return Profile.of(user) is not None


DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Django's date format characters that the pages use, for a date or a datetime.
DATE_PARTS: dict[str, Callable[[date], str]] = {
    "l": lambda day: DAY_NAMES[day.weekday()],
    "D": lambda day: DAY_NAMES[day.weekday()][:3],
    "j": lambda day: str(day.day),
    "F": lambda day: MONTH_NAMES[day.month - 1],
    "M": lambda day: MONTH_NAMES[day.month - 1][:3],
    "Y": lambda day: str(day.year),
}


def date_filter(value: date, format_string: str) -> str:
    """Django's date filter ("l j F" is "Monday 30 November"). The formats the pages use are
    written here: Django's formatter costs about 25 µs a date, and a list shows twenty."""
    if "\\" in format_string or any(
        part.isalpha() and part not in DATE_PARTS for part in format_string
    ):
        return date_format(value, format_string)
    return "".join(
        DATE_PARTS[part](value) if part in DATE_PARTS else part for part in format_string
    )


def environment(**options: Any) -> Environment:
    env = Environment(**options)
    env.globals.update(
        static=static,
        url=address,
        htmx_script=htmx_script,
        morning_prompt=morning_prompt,
        user_follows_plan=user_follows_plan,
    )
    env.filters["date"] = date_filter
    return env


def page(request: HttpRequest) -> dict[str, object]:
    """What every Jinja2 page's layout reads, as Django's context processors give it.

    Every page has a form (signing out, at least), so the CSRF token is drawn once here: the
    backend's own lazy one draws a freshly masked token at each of a page's forms.
    """
    token = get_token(request)
    return {
        "user": request.user,
        "messages": get_messages(request),
        "csp_nonce": get_nonce(request),
        "csrf_token": token,
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token
        ),
    }
